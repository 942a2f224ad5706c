package io.modulets.runtime.leak;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.modulets.runtime.namespace.ModuleClassLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Names the virtual threads running a retired loader's code when they cannot be reached as objects (without
 * {@code jdk.internal.vm} open): the JDK's own thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads}, JSON)
 * lists every thread it tracks, virtual ones included, with its name, state and stack as strings. A frame of the
 * loader's code reads {@code <loader name>//<class>.<method>(<file>:<line>)}; its class must also be one the
 * loader defined. The dump goes to a temporary file, deleted once read.
 */
final class VirtualThreadDump {

    /** One phrase per virtual thread of the dump that runs {@code loader}'s code. */
    List<String> running(ModuleClassLoader loader) {
        List<String> found = new ArrayList<>();
        for (Map<?, ?> thread : threads(dump())) {
            if (!Boolean.TRUE.equals(thread.get("virtual"))) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            Object stack = thread.get("stack");
            for (Object frame : stack instanceof List<?> list ? list : List.of()) {
                String own = ownFrame(String.valueOf(frame), loader);
                if (own != null) {
                    frames.add(own);
                }
            }
            if (!frames.isEmpty()) {
                found.add("thread '" + thread.get("name") + "' (virtual, " + thread.get("state") + ") at "
                        + String.join(" <- ", frames.subList(0, Math.min(ThreadTie.FRAMES, frames.size())))
                        + ", seen in the JDK's thread dump only: start the JVM with --add-opens"
                        + " java.base/jdk.internal.vm=ALL-UNNAMED to stop it");
            }
        }
        return found;
    }

    /** {@code frame} without its loader prefix if it is a frame of {@code loader}'s code; else null. */
    static String ownFrame(String frame, ModuleClassLoader loader) {
        String prefix = loader.getName() + "/";
        if (!frame.startsWith(prefix)) {
            return null;
        }
        String rest = frame.substring(frame.indexOf('/', prefix.length()) + 1); // past the (empty) module part
        int paren = rest.indexOf('(');
        int method = paren < 0 ? -1 : rest.lastIndexOf('.', paren);
        return method > 0 && loader.defines(rest.substring(0, method)) ? rest : null;
    }

    private static String dump() {
        try {
            Path dir = Files.createTempDirectory("modulets-threads-");
            Path file = dir.resolve("threads.json");
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                return Files.readString(file, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the JDK's thread dump: " + e.getMessage(), e);
        }
    }

    /** The thread objects of every container of a JSON thread dump. */
    static List<Map<?, ?>> threads(String json) {
        Map<?, ?> root = (Map<?, ?>) ((Map<?, ?>) Json.parse(json)).get("threadDump");
        List<Map<?, ?>> threads = new ArrayList<>();
        for (Object container : (List<?>) root.get("threadContainers")) {
            for (Object thread : (List<?>) ((Map<?, ?>) container).get("threads")) {
                threads.add((Map<?, ?>) thread);
            }
        }
        return threads;
    }
}
