package io.modulets.runtime;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * One line per log record in a plain-Java host that left logging as the JDK sets it up: the JDK's
 * {@code SimpleFormatter} writes two lines per record, the first naming the source method rather than the
 * {@code io.modulets.*} category. {@link #installIfUnconfigured()} then gives the {@code io.modulets} logger one console
 * handler (standard error) with a {@link OneLineFormatter}, and stops its records from also going to the root
 * logger's handlers.
 *
 * <p>It changes nothing where the host configured logging, that is unless all of these hold: JBoss Logging logs to
 * {@code java.util.logging} (not to JBoss LogManager, as under Quarkus, nor to Log4j 2 or Logback); the JDK's own
 * {@code LogManager} is in use; no {@code java.util.logging.config.file} or {@code config.class} was given, nor a
 * {@code java.util.logging.SimpleFormatter.format}; the root logger has the JDK's default handler (a
 * {@code ConsoleHandler} with a {@code SimpleFormatter}) and nothing else; the {@code io.modulets} logger has no
 * handler of its own. So a host's {@code logging.properties} ({@code io.modulets.level=FINE},
 * {@code io.modulets.handlers=...}) takes over entirely. Thread-safe; once per JVM in effect, since the handler it
 * installs is one of the {@code io.modulets} logger's own.
 */
final class PlainJavaLogging {

    /** The category every logger of the runtime is under. */
    static final String CATEGORY = "io.modulets";

    /** Held: {@code java.util.logging} keeps loggers only weakly, and with it would go the handler. */
    private static volatile Logger configured;

    private PlainJavaLogging() {
    }

    /**
     * Installs the one-line console handler on the {@code io.modulets} logger if the host configured no logging.
     *
     * @return whether it installed it
     */
    static synchronized boolean installIfUnconfigured() {
        Logger category = Logger.getLogger(CATEGORY);
        if (!jbossLoggingUsesJul() || !julUnconfigured() || category.getHandlers().length > 0) {
            return false;
        }
        OneLineFormatter formatter;
        String problem = null;
        try {
            formatter = new OneLineFormatter();
        } catch (IllegalArgumentException e) {
            formatter = new OneLineFormatter(OneLineFormatter.DEFAULT_FORMAT);
            problem = e.getMessage();
        }
        Handler console = new ConsoleHandler();
        console.setLevel(Level.ALL); // the loggers' levels decide
        console.setFormatter(formatter);
        category.addHandler(console);
        category.setUseParentHandlers(false);
        configured = category;
        if (problem != null) {
            org.jboss.logging.Logger.getLogger(CATEGORY + ".runtime").warnf("%s; using the default format %s", problem,
                    OneLineFormatter.DEFAULT_FORMAT.strip());
        }
        return true;
    }

    private static boolean jbossLoggingUsesJul() {
        return org.jboss.logging.Logger.getLogger(CATEGORY).getClass().getName().equals("org.jboss.logging.JDKLogger");
    }

    private static boolean julUnconfigured() {
        if (LogManager.getLogManager().getClass() != LogManager.class
                || System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null
                || System.getProperty("java.util.logging.SimpleFormatter.format") != null) {
            return false;
        }
        Handler[] root = Logger.getLogger("").getHandlers();
        return root.length == 1 && root[0].getClass() == ConsoleHandler.class
                && root[0].getFormatter().getClass() == SimpleFormatter.class;
    }
}
