package io.modulets.supervisor;

/**
 * The code of a supervised worker. It runs on its own thread (a virtual thread unless the spec's
 * {@linkplain SupervisorSpec.Builder#threadFactory(java.util.concurrent.ThreadFactory) thread factory} says
 * otherwise), once per start or restart.
 *
 * <p>How the run ends is the child's {@link ExitReason}:
 * <ul>
 *   <li>returning normally is {@link ExitReason.Normal} (or {@link ExitReason.Shutdown} when the supervisor
 *       had asked the child to stop);</li>
 *   <li>throwing {@link InterruptedException} is {@link ExitReason.Shutdown}: the thread was interrupted and
 *       gave up, which is how a supervisor stops a child;</li>
 *   <li>throwing anything else is {@link ExitReason.Failure} with that throwable, except that after a stop
 *       request an exception caused by the interrupt (for example a
 *       {@link java.nio.channels.ClosedByInterruptException}) still counts as Shutdown.</li>
 * </ul>
 *
 * <p>A body must stop soon after its thread is interrupted. One that ignores interruption past its
 * {@linkplain ChildSpec#shutdownTimeout() shutdown timeout} is abandoned: the supervisor reports it and goes
 * on, but the thread keeps running, since a JVM thread cannot be killed.
 */
@FunctionalInterface
public interface ChildBody {

    /**
     * Runs the child once.
     *
     * @param context this run's identity, arguments and stop flag; never null
     * @throws Exception any failure, which becomes the child's exit reason as described above
     */
    void run(ChildContext context) throws Exception;
}
