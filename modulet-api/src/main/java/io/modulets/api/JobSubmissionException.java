package io.modulets.api;

/**
 * A job could not be started: its module or job class was not found, the class is not a {@link Job}, it has
 * no public no-argument constructor, or its static initializer or constructor threw. The message names the
 * module, its version when one was bound, the class and the cause.
 */
public class JobSubmissionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A submission failure with a message that names what was not found, and its cause if any. */
    public JobSubmissionException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A submission failure with a message that names what was not found. */
    public JobSubmissionException(String message) {
        super(message);
    }
}
