package io.modulets.cli;

import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import picocli.CommandLine;

/**
 * The {@code modulets} CLI's entry point: {@code java -cp ... io.modulets.cli.Main [--state-dir DIR] [--json]
 * <command> ...}. Exit codes: 0 done, 1 failed (one line on stderr saying why and what to do), 2 usage error.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI on {@code args} with this process's stdout and stderr; returns the exit code. */
    static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The CLI's command line: usage errors exit 2, failures 1, each with one line on stderr. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ModuletsCommand());
        cli.setParameterExceptionHandler((e, ignored) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println("modulets: " + e.getMessage() + " (see `" + command + " --help`)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, ignored) -> {
            commandLine.getErr().println("modulets: " + message(e));
            return 1;
        });
        return cli;
    }

    /**
     * The one line for a failure: the CLI's own message, or the runtime's (an operation's
     * {@code IllegalArgumentException} arrives through JMX as it was thrown), or a lost connection.
     */
    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CliException || t instanceof IllegalArgumentException || t instanceof IllegalStateException
                    || t instanceof UnsupportedOperationException) {
                return t.getMessage();
            }
            if (t instanceof IOException io) {
                return "lost the connection to the server: " + io.getMessage();
            }
            if (t instanceof UndeclaredThrowableException u && u.getUndeclaredThrowable() != null) {
                return message(u.getUndeclaredThrowable());
            }
        }
        return e.toString();
    }
}
