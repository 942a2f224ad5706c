package io.modulets.cli;

/**
 * A failure the CLI reports as one line on stderr, with exit code 1: no server, a server it may not or cannot reach,
 * or the runtime's own message for an unknown module, version or job. The message says what happened and how to fix it.
 */
final class CliException extends RuntimeException {

    CliException(String message) {
        super(message, null, false, false);
    }
}
