package io.modulets.supervisor;

/**
 * Whether the exit of {@linkplain ChildSpec#significant() significant} children shuts the supervisor down
 * by itself (OTP 24's {@code auto_shutdown} flag). An auto-shutdown ends the supervisor with
 * {@link ExitReason.Shutdown}, as in OTP.
 *
 * <p>A significant child "exits" for this purpose when it ends and is not restarted: a transient child that
 * exits normally or with shutdown, or a temporary child that exits for any reason.
 */
public enum AutoShutdown {
    /** The default. Significant children are not allowed. */
    NEVER,
    /** The supervisor shuts down as soon as any significant child exits without being restarted. */
    ANY_SIGNIFICANT,
    /**
     * The supervisor shuts down when the last running significant child exits without being restarted. For
     * a {@link Strategy#SIMPLE_ONE_FOR_ONE} supervisor: when its last dynamic child has exited.
     */
    ALL_SIGNIFICANT
}
