package io.modulets.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rule 10 in a JVM started without the {@code --add-opens} the remedies use ({@link NoOpensMain}, a child JVM):
 * the start line names the missing options, and what cannot then be undone, a {@code java.util.Timer}'s thread and
 * a virtual thread, is named in the leak suspect with its thread and frame.
 */
class LeftoverThreadsNoOpensTest {

    @Test
    void withoutOpens_startLineNamesTheOptions_leakSuspectNamesTheTimerAndTheVirtualThread() throws Exception {
        List<String> lines = runChild();
        String all = String.join("\n", lines);

        assertTrue(lines.stream().anyMatch(l -> l.startsWith("log: leak remedies: shutdown hooks, other threads' ThreadLocals and the tasks threads run,"
                + " java.util.Timer threads, the thread pools behind worker threads, virtual threads of retired versions are only"
                + " named, not undone;") && l.contains(
                "--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED"
                        + " --add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/jdk.internal.vm=ALL-UNNAMED")),
                all);
        String leak = lines.stream().filter(l -> l.startsWith("event: LeakSuspected")).findFirst().orElseThrow(() -> new AssertionError(all));
        assertTrue(leak.contains("thread 'cleaner' (platform, TIMED_WAITING) in java.util.TimerThread.mainLoop(Timer.java:"), leak);
        assertTrue(leak.contains("a java.util.Timer thread (it ignores interrupts)"), leak);
        assertTrue(leak.contains("start the JVM with --add-opens java.base/java.util=ALL-UNNAMED to stop it"),
                "names what would cancel it: " + leak);
        assertTrue(leak.contains("thread 'v-poller' (virtual, TIMED_WAITING) at left.Leave.poll(Leave.java:"), leak);
        assertTrue(leak.contains("seen in the JDK's thread dump only"), leak);
    }

    private static List<String> runChild() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", NoOpensMain.class.getName())
                .redirectErrorStream(true);
        Process child = builder.start();
        byte[] out = child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), text);
        return text.lines().toList();
    }
}
