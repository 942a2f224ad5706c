package io.modulets.runtime.jmx;

import io.modulets.api.JobSubmissionException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What an MBean operation throws to a JMX client. A client has only the JDK's classes, and an exception travels to
 * it serialized with its causes: a cause of a module's class, or of the runtime's, would reach it as an
 * {@code UnmarshalException} instead of the message. So every failure is rethrown as a JDK exception with the
 * runtime's one-line message and no cause: bad input (an unknown module, version or job, a job class that cannot
 * start) as {@link IllegalArgumentException}, a runtime that is not running as {@link IllegalStateException}.
 * Anything else is unexpected: it is logged once with its stack trace here, and the client gets its one line.
 */
final class Boundary {

    private static final Logger LOG = Logger.getLogger("io.modulets.jmx");

    private Boundary() {
    }

    static <T> T call(Supplier<T> body) {
        try {
            return body.get();
        } catch (IllegalArgumentException | JobSubmissionException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "a JMX operation failed unexpectedly");
            throw new IllegalStateException(e.toString());
        }
    }

    static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }
}
