package io.modulets.server;

/**
 * The server does not start: a bad option or setting, a folder others can write to, a state folder in use. Its
 * message is the one line the server prints on stderr before it exits with {@link #EXIT_CODE}; nothing was
 * started.
 */
public final class StartupRefused extends Exception {

    /** The exit status of a server that refused to start. */
    public static final int EXIT_CODE = 2;

    /** A refusal whose message says what is wrong and how to fix it, on one line. */
    public StartupRefused(String message) {
        super(message, null, false, false);
    }
}
