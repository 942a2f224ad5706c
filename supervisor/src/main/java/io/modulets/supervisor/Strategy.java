package io.modulets.supervisor;

/**
 * How a supervisor reacts when a child that must be restarted has exited (OTP's {@code strategy} flag).
 *
 * <p>Whether a child must be restarted at all is decided by its {@link RestartType}; the strategy only
 * decides which other children are restarted with it.
 */
public enum Strategy {
    /** Only the exited child is restarted. */
    ONE_FOR_ONE,
    /**
     * All other running children are stopped (in reverse start order), then every child of the spec is
     * started again in start order. Temporary children that were stopped this way are not restarted.
     */
    ONE_FOR_ALL,
    /**
     * The children started after the exited one are stopped (in reverse start order), then the exited
     * child and those after it are started again in start order. Temporary children that were stopped
     * this way are not restarted.
     */
    REST_FOR_ONE,
    /**
     * A {@link #ONE_FOR_ONE} supervisor whose children are all instances of its single child spec,
     * started on demand with {@link Supervisor#startChild(Object...)}. On shutdown all of them are
     * stopped at the same time, in no defined order.
     */
    SIMPLE_ONE_FOR_ONE
}
