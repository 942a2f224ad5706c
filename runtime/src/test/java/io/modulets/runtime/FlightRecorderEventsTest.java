package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11, item 6: a runtime's life as flight-recorder events, read back with a {@link RecordingStream} while a real
 * runtime deploys a jar, rejects a broken one, runs a job that succeeds and one that fails, and retires a version whose
 * loader a caller holds (a leak suspect) and then lets go (a collection).
 */
class FlightRecorderEventsTest {

    static final List<String> EVENT_NAMES = List.of("io.modulets.Deploy", "io.modulets.Rejection",
            "io.modulets.Retirement", "io.modulets.Collection", "io.modulets.LeakSuspect", "io.modulets.Job");

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    private final Map<String, List<RecordedEvent>> recorded = new ConcurrentHashMap<>();

    /** {@code keep.Keep} returns an object of its module's own class; {@code keep.Fail} throws. */
    static ModuleJar keep(String version) {
        return ModuleJar.named("keep").version(version)
                .source("keep.Token", "package keep; public final class Token { }")
                .source("keep.Keep", "package keep; public class Keep implements io.modulets.api.Job<Object> {"
                        + " public Object run(io.modulets.api.JobContext ctx) { return new Token(); } }")
                .source("keep.Fail", "package keep; public class Fail implements io.modulets.api.Job<Object> {"
                        + " public Object run(io.modulets.api.JobContext ctx) { throw new IllegalStateException(\"no such order\"); } }");
    }

    @Test
    void recording_runtimeLife_eachEventReadBackWithItsFields() {
        try (RecordingStream stream = new RecordingStream()) {
            stream.setReuse(false); // the events are kept past the callback
            for (String name : EVENT_NAMES) {
                stream.enable(name);
                stream.onEvent(name, event -> recorded.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(event));
            }
            stream.startAsync();

            fx.drop("keep.jar", keep("1"));
            fx.start(fx.builder().leakDeadline(Duration.ofSeconds(1)));
            NamespaceInfo first = fx.awaitVersion("keep", "1");
            RuntimeEvent.Deployed deployed = fx.awaitEvent(RuntimeEvent.Deployed.class, e -> e.version().equals("1"));

            RecordedEvent deploy = awaitRecorded("io.modulets.Deploy", e -> "1".equals(e.getString("version")));
            assertEquals("keep", deploy.getString("module"));
            assertEquals(deployed.digest(), deploy.getString("digest"));
            assertEquals(first.id(), deploy.getString("namespace"));
            assertPositive(deploy.getDuration("deployTime"), "deploy time");

            Path broken = ModuleJar.writeAtomically(fx.watchDir.resolve("broken.jar"),
                    "not a jar at all".getBytes(StandardCharsets.UTF_8));
            RuntimeEvent.Rejected rejected = fx.awaitEvent(RuntimeEvent.Rejected.class, e -> broken.equals(e.file()));
            RecordedEvent rejection = awaitRecorded("io.modulets.Rejection", e -> broken.toString().equals(e.getString("file")));
            assertEquals(rejected.reason(), rejection.getString("reason"));

            JobHandle<Object> kept = fx.runtime.submit(JobSpec.of("keep", "keep.Keep"));
            String keptId = kept.id();
            Object token = result(kept);
            WeakReference<ClassLoader> oldLoader = new WeakReference<>(token.getClass().getClassLoader());
            JobHandle<Object> failing = fx.runtime.submit(JobSpec.of("keep", "keep.Fail"));
            String failingId = failing.id();
            assertEquals("no such order", JobTestSupport.failureOf(failing).getMessage());
            kept = null; // only the token holds the old loader from here on: its handle holds the result,
            failing = null; // and this one's failure holds a stack of the old classes

            RecordedEvent succeeded = awaitRecorded("io.modulets.Job", e -> keptId.equals(e.getString("jobId")));
            assertEquals("keep", succeeded.getString("module"));
            assertEquals("1", succeeded.getString("version"));
            assertEquals("keep.Keep", succeeded.getString("jobClass"));
            assertEquals("SUCCEEDED", succeeded.getString("outcome"));
            assertNull(succeeded.getString("failure"));
            assertPositive(succeeded.getDuration("jobTime"), "job time");
            RecordedEvent failed = awaitRecorded("io.modulets.Job", e -> failingId.equals(e.getString("jobId")));
            assertEquals("keep.Fail", failed.getString("jobClass"));
            assertEquals("FAILED", failed.getString("outcome"));
            assertEquals("java.lang.IllegalStateException: no such order", failed.getString("failure"));
            assertPositive(failed.getDuration("jobTime"), "job time");

            fx.drop("keep.jar", keep("2"));
            fx.awaitVersion("keep", "2");
            awaitRetired(fx, first.id());
            RuntimeEvent.LoaderRetired retired = fx.awaitEvent(RuntimeEvent.LoaderRetired.class, e -> e.version().equals("1"));
            RecordedEvent retirement = awaitRecorded("io.modulets.Retirement", e -> "1".equals(e.getString("version")));
            assertEquals("keep", retirement.getString("module"));
            assertEquals(String.join("; ", retired.undone()), retirement.getString("undone"));

            RuntimeEvent.LeakSuspected suspected = fx.awaitEvent(RuntimeEvent.LeakSuspected.class, e -> e.version().equals("1"));
            RecordedEvent leak = awaitRecorded("io.modulets.LeakSuspect", e -> "1".equals(e.getString("version")));
            assertEquals("keep", leak.getString("module"));
            assertEquals(suspected.cause(), leak.getString("cause"));
            assertFalse(leak.getString("cause").isBlank());
            assertTrue(leak.getDuration("afterRetire").compareTo(Duration.ofSeconds(1)) >= 0,
                    "suspected before the leak deadline: " + leak);

            token = null; // the caller lets go: the old loader can be collected
            RuntimeFixture.awaitCollected(oldLoader);
            RecordedEvent collection = awaitRecorded("io.modulets.Collection", e -> "1".equals(e.getString("version")));
            assertEquals("keep", collection.getString("module"));
            assertTrue(collection.getBoolean("suspectedBefore"), "a leak was suspected before: " + collection);
            assertTrue(collection.getDuration("afterRetire").compareTo(leak.getDuration("afterRetire")) >= 0,
                    "collected after it was suspected: " + collection);

            RecordedEvent secondDeploy = awaitRecorded("io.modulets.Deploy", e -> "2".equals(e.getString("version")));
            assertEquals(fx.runtime.current().id(), secondDeploy.getString("namespace"));
        }
    }

    @Test
    void eventTypes_registered_inCategoryModuletsWithLabelsAndDescriptions() {
        fx.drop("keep.jar", keep("1"));
        fx.start(); // loads the event classes
        result(fx.runtime.submit(JobSpec.of("keep", "keep.Keep")));
        Map<String, EventType> types = new ConcurrentHashMap<>();
        for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
            types.put(type.getName(), type);
        }
        for (String name : List.of("io.modulets.Deploy", "io.modulets.Job")) {
            EventType type = types.get(name);
            assertTrue(type != null, name + " is not registered: " + types.keySet());
            assertEquals(List.of("Modulets"), type.getCategoryNames(), name);
            assertFalse(type.getLabel().isBlank(), name);
            assertFalse(type.getDescription().isBlank(), name);
            type.getFields().stream().filter(field -> !List.of("startTime", "duration", "eventThread", "stackTrace").contains(field.getName()))
                    .forEach(field -> assertTrue(field.getLabel() != null, name + "." + field.getName() + " has no label"));
        }
    }

    private RecordedEvent awaitRecorded(String name, Predicate<RecordedEvent> matching) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(
                () -> recorded.getOrDefault(name, List.of()).stream().filter(matching).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    private static void assertPositive(Duration duration, String what) {
        assertTrue(duration.compareTo(Duration.ZERO) > 0, what + " must be positive, was " + duration);
    }
}
