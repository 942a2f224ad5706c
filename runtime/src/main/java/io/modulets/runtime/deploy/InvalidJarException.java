package io.modulets.runtime.deploy;

/**
 * A jar failed validation. {@link #incomplete()} tells a file that may still be arriving (no end record, a
 * truncated entry) from one that is complete but wrong.
 */
final class InvalidJarException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean incomplete;

    InvalidJarException(String reason, boolean incomplete) {
        super(reason, null, false, false);
        this.incomplete = incomplete;
    }

    /** Whether the file looks like a jar still being written. */
    public boolean incomplete() {
        return incomplete;
    }
}
