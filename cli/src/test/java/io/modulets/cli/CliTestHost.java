package io.modulets.cli;

import io.modulets.runtime.ModuletRuntime;
import io.modulets.runtime.RuntimeEvent;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A host JVM for the CLI's tests: {@code CliTestHost <watch dir> <state dir>} runs a {@link ModuletRuntime} on those
 * folders with JMX on (so it writes its process file), prints {@code ready} once started and one {@code event: ...}
 * line per event the tests wait for, and closes the runtime when its stdin closes, then exits 0.
 */
public final class CliTestHost {

    private CliTestHost() {
    }

    public static void main(String[] args) throws Exception {
        try (ModuletRuntime runtime = ModuletRuntime.builder()
                .watchDir(Path.of(args[0]))
                .stateDir(Path.of(args[1]))
                .jmx(true)
                .leakDeadline(Duration.ofSeconds(1))
                .drainTimeout(Duration.ofSeconds(5))
                .sharedPackage("io.modulets.cli.testshared")
                .build()) {
            runtime.events().subscribe().with(event -> {
                String line = describe(event);
                if (line != null) {
                    System.out.println("event: " + line);
                }
            });
            runtime.start();
            System.out.println("ready");
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        System.out.println("closed");
    }

    private static String describe(RuntimeEvent event) {
        return switch (event) {
            case RuntimeEvent.Deployed d -> "deployed " + d.module() + " " + d.version();
            case RuntimeEvent.Pinned p -> "pinned " + p.module() + " " + p.version();
            case RuntimeEvent.Unpinned u -> "unpinned " + u.module();
            case RuntimeEvent.Retired r -> "retired " + r.namespace().id();
            case RuntimeEvent.LeakSuspected l -> "leak suspected " + l.module() + " " + l.version();
            case RuntimeEvent.JobEnded j -> "job ended " + j.jobId() + " " + j.outcome();
            default -> null;
        };
    }
}
