package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 11 at start: the folder is deployed before jobs are taken; a failed start can be retried; no phantom retirement. */
class RuntimeStartTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @Test
    void submit_whileStarting_failsAsNotStartedNeverAsMissingModule() throws Exception {
        for (int i = 0; i < 20; i++) {
            fx.drop("hello" + i + ".jar", DeployKit.hello("hello" + i, "1"));
        }
        ModuletRuntime runtime = fx.builder().build();
        fx.runtime = runtime;
        AtomicBoolean started = new AtomicBoolean();
        List<Throwable> wrong = new CopyOnWriteArrayList<>();
        Thread submitter = Thread.ofPlatform().start(() -> {
            while (!started.get()) {
                try {
                    runtime.submit(JobSpec.of("hello0", "hello0.Hello"));
                    return; // only after start() returned, or while it returns
                } catch (IllegalStateException notYet) {
                    if (!notYet.getMessage().contains("not started") && !notYet.getMessage().contains("starting")) {
                        wrong.add(notYet);
                    }
                } catch (RuntimeException e) {
                    wrong.add(e);
                    return;
                }
            }
        });

        runtime.start();
        started.set(true);
        submitter.join();

        assertEquals(List.of(), wrong, "a submit during start() must fail as not started");
    }

    @Test
    void start_failedOnce_canBeRetried() throws Exception {
        Files.delete(fx.watchDir);
        Files.writeString(fx.watchDir, "a file where the folder should be");
        ModuletRuntime runtime = fx.builder().build();
        fx.runtime = runtime;
        assertThrows(UncheckedIOException.class, runtime::start);

        Files.delete(fx.watchDir);
        fx.drop("hello.jar", DeployKit.hello("hello", "1")); // creates the folder again
        runtime.start();

        assertEquals("1", runtime.current().modules().get("hello"));
    }

    @Test
    void start_firstDeploy_reportsNoRetirementOfTheEmptyNamespace() {
        fx.drop("hello.jar", DeployKit.hello("hello", "1"));
        fx.start();
        NamespaceInfo first = fx.awaitVersion("hello", "1");
        fx.drop("hello.jar", DeployKit.hello("hello", "2"));
        fx.awaitVersion("hello", "2");
        awaitRetired(fx, first.id());
        // ns-1's retirement was handled on the control thread after ns-0's would have been: had there been one, it is in the list
        fx.awaitEvent(RuntimeEvent.Retired.class, e -> e.namespace().id().equals(first.id()));

        assertTrue(JobTestSupport.eventsOf(fx, RuntimeEvent.Retired.class, e -> e.namespace().modules().isEmpty()).isEmpty(),
                "a Retired event for the empty namespace: " + fx.events);
    }
}
