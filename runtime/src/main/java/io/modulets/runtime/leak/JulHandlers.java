package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * {@code java.util.logging} handlers and filters whose class a retiring loader defined, on any logger of the JVM's
 * {@link LogManager} (the JDK's own or another, such as JBoss LogManager, through the JUL API only): the logger
 * holds them, and a logger such as the root one lives for good. Handlers are removed and closed; filters of
 * loggers, and of handlers that stay, are cleared.
 */
final class JulHandlers implements Remedy {

    @Override
    public String kind() {
        return "JUL handlers";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        List<String> undone = new ArrayList<>();
        for (Logger logger : loggers()) {
            String where = describe(logger);
            for (Handler handler : logger.getHandlers()) {
                if (Origin.definedBy(handler, loader)) {
                    logger.removeHandler(handler);
                    close(handler);
                    undone.add("removed JUL handler " + handler.getClass().getName() + " from " + where);
                } else if (Origin.definedBy(handler.getFilter(), loader)) {
                    String filter = handler.getFilter().getClass().getName();
                    handler.setFilter(null);
                    undone.add("cleared JUL filter " + filter + " of handler " + handler.getClass().getName() + " on " + where);
                }
            }
            Filter filter = logger.getFilter();
            if (Origin.definedBy(filter, loader)) {
                logger.setFilter(null);
                undone.add("cleared JUL filter " + filter.getClass().getName() + " of " + where);
            }
        }
        return undone;
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        List<String> holders = new ArrayList<>();
        for (Logger logger : loggers()) {
            for (Handler handler : logger.getHandlers()) {
                if (Origin.definedBy(handler, loader) || Origin.definedBy(handler.getFilter(), loader)) {
                    holders.add("JUL handler " + handler.getClass().getName() + " on " + describe(logger));
                }
            }
            if (Origin.definedBy(logger.getFilter(), loader)) {
                holders.add("JUL filter " + logger.getFilter().getClass().getName() + " of " + describe(logger));
            }
        }
        return holders;
    }

    /** Every logger the manager knows and still holds (it holds loggers weakly). */
    private static List<Logger> loggers() {
        LogManager manager = LogManager.getLogManager();
        List<Logger> loggers = new ArrayList<>();
        for (String name : Collections.list(manager.getLoggerNames())) {
            Logger logger = manager.getLogger(name);
            if (logger != null) {
                loggers.add(logger);
            }
        }
        return loggers;
    }

    private static String describe(Logger logger) {
        return logger.getName().isEmpty() ? "the root logger" : "logger '" + logger.getName() + "'";
    }

    /** Closes a handler the module left; one that fails to close is removed all the same. */
    private static void close(Handler handler) {
        try {
            handler.close();
        } catch (RuntimeException | LinkageError e) {
            org.jboss.logging.Logger.getLogger("io.modulets.reaper").debugf("closing JUL handler %s failed: %s",
                    handler.getClass().getName(), e);
        }
    }
}
