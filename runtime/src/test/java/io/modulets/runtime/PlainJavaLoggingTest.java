package io.modulets.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 7: a plain-Java host (no Quarkus, no JBoss LogManager, nothing configured) gets one log line per
 * record naming level and category; {@code modulets.log.format} changes the format; a host's
 * {@code logging.properties} takes over. Each case is a child JVM running {@link PlainLogsMain}, its standard error
 * read as a person would see it.
 */
class PlainJavaLoggingTest {

    private static final String DEPLOY_LINE = "deployed app 1 from app-1.jar as ns-\\d+\\{app=1@[0-9a-f]{12}\\}";

    @TempDir
    Path tmp;

    @Test
    void start_plainJavaHostWithoutConfiguration_deployIsOneLineWithTimeLevelAndCategory() throws Exception {
        List<String> lines = stderrOf(List.of());
        String all = String.join("\n", lines);

        List<String> deploy = lines.stream().filter(line -> line.contains("deployed app 1")).toList();
        assertEquals(1, deploy.size(), all);
        assertTrue(Pattern.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[io\\.modulets\\.deploy\\] "
                + DEPLOY_LINE, deploy.getFirst()), deploy.getFirst());
        Pattern oneLine = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO |WARN ) \\[io\\.modulets\\.[a-z.]+\\] .+");
        // Not the runtime's: JBoss LogManager's System.LoggerFinder, on the class path through Quarkus, says in the JDK's
        // two-line format that it is not the LogManager; that is the JDK's own start-up, before any runtime line.
        List<String> twoLineFormat = lines.stream().filter(line -> line.contains("io.modulets") && !oneLine.matcher(line).matches()
                || line.matches("(INFO|WARN|WARNING|DEBUG|FINE): .*")).toList();
        assertEquals(List.of(), twoLineFormat, "every line of the runtime's is one record; the JDK's two-line format is not used: " + all);
        assertTrue(lines.stream().anyMatch(line -> line.contains(" INFO  [io.modulets.runtime] watching ")), all);
    }

    @Test
    void start_modulets_log_formatGiven_linesInThatFormat() throws Exception {
        List<String> lines = stderrOf(List.of("-Dmodulets.log.format=%4$s|%3$s|%5$s%n"));
        String all = String.join("\n", lines);

        List<String> deploy = lines.stream().filter(line -> line.contains("deployed app 1")).toList();
        assertEquals(1, deploy.size(), all);
        assertTrue(Pattern.matches("INFO\\|io\\.modulets\\.deploy\\|" + DEPLOY_LINE, deploy.getFirst()), deploy.getFirst());
    }

    @Test
    void start_modulets_log_formatInvalid_oneWarningThenTheDefaultFormat() throws Exception {
        List<String> lines = stderrOf(List.of("-Dmodulets.log.format=%7$q"));
        String all = String.join("\n", lines);

        assertTrue(lines.stream().anyMatch(line -> line.contains(" WARN  [io.modulets.runtime] modulets.log.format '%7$q' is not a"
                + " String.format pattern over (1 time, 2 source, 3 category, 4 level, 5 message, 6 thrown): ")
                && line.endsWith("; using the default format %1$tF %1$tT.%1$tL %4$-5s [%3$s] %5$s%6$s%n")), all);
        assertTrue(lines.stream().anyMatch(line -> Pattern.matches(".* INFO  \\[io\\.modulets\\.deploy\\] " + DEPLOY_LINE, line)), all);
    }

    @Test
    void start_hostLoggingProperties_hostFormatAndLevelTakeOver() throws Exception {
        Path properties = tmp.resolve("logging.properties");
        Files.writeString(properties, """
                io.modulets.level=FINE
                io.modulets.handlers=java.util.logging.ConsoleHandler
                io.modulets.useParentHandlers=false
                java.util.logging.ConsoleHandler.level=FINE
                java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter
                java.util.logging.SimpleFormatter.format=HOST %4$s %3$s: %5$s%n
                """);
        List<String> lines = stderrOf(List.of("-Djava.util.logging.config.file=" + properties));
        String all = String.join("\n", lines);

        List<String> deploy = lines.stream().filter(line -> line.contains("deployed app 1")).toList();
        assertEquals(1, deploy.size(), all);
        assertTrue(Pattern.matches("HOST INFO io\\.modulets\\.deploy: " + DEPLOY_LINE, deploy.getFirst()), deploy.getFirst());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("HOST DEBUG io.modulets.namespace: namespace of 1 modules")),
                "io.modulets.level=FINE shows the runtime's DEBUG lines: " + all);
        assertTrue(lines.stream().noneMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\d .*")), "the runtime's format was not installed: " + all);
    }

    @Test
    void start_hostLoggingPropertiesNamingOneLineFormatter_debugLinesInTheOneLineFormat() throws Exception {
        Path properties = tmp.resolve("logging.properties");
        Files.writeString(properties, """
                handlers=java.util.logging.ConsoleHandler
                java.util.logging.ConsoleHandler.level=FINE
                java.util.logging.ConsoleHandler.formatter=io.modulets.runtime.OneLineFormatter
                io.modulets.level=FINE
                """);
        List<String> lines = stderrOf(List.of("-Djava.util.logging.config.file=" + properties));
        String all = String.join("\n", lines);

        assertTrue(lines.stream().anyMatch(line -> Pattern.matches(".* INFO  \\[io\\.modulets\\.deploy\\] " + DEPLOY_LINE, line)), all);
        assertTrue(lines.stream().anyMatch(line -> Pattern.matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG \\[io\\.modulets\\.namespace\\] namespace of 1 modules: .*", line)), all);
        assertEquals(1, lines.stream().filter(line -> line.contains("deployed app 1")).count(), "one handler, not two: " + all);
    }

    /** Runs {@link PlainLogsMain} in a child JVM with the test class path and {@code options}; its standard error's lines. */
    private static List<String> stderrOf(List<String> options) throws IOException, InterruptedException, Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(options);
        command.add(PlainLogsMain.class.getName());
        Process child = new ProcessBuilder(command).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(child.getInputStream()));
        String err = read(child.getErrorStream());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        assertEquals(0, child.exitValue(), "stdout: " + out.get() + "\nstderr: " + err);
        assertEquals("done", out.get().strip(), err);
        return err.lines().toList();
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
