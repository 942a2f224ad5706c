package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.probe;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.Job;
import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ModuletRuntime#events()}: a slow subscriber holds up neither jobs nor the control thread. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // against a hang when delivery does block; tests bound their own waits
class EventsTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseSubscriber() {
        release.countDown(); // before the fixture closes the runtime
    }

    /** Subscribes with an onNext that, at the first event of {@code type}, blocks until {@link #release}. */
    private CountDownLatch blockOnFirst(Class<? extends RuntimeEvent> type) {
        CountDownLatch blocked = new CountDownLatch(1);
        fx.runtime.events().subscribe().with(event -> {
            if (type.isInstance(event) && blocked.getCount() == 1) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        return blocked;
    }

    private static void awaitLatch(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS), what);
    }

    @Test
    void events_slowSubscriber_jobResultNotDelayed() throws Exception {
        fx.drop("probe.jar", probe("1"));
        fx.start();
        String namespace = fx.awaitVersion("probe", "1").id();
        CountDownLatch blocked = blockOnFirst(RuntimeEvent.JobEnded.class);

        JobHandle<String> first = fx.runtime.submit(JobSpec.of("probe", "probe.ProbeJob"));
        assertEquals(namespace + "|1", result(first));
        awaitLatch(blocked, "the subscriber never got the first JobEnded");
        JobHandle<String> second = fx.runtime.submit(JobSpec.of("probe", "probe.ProbeJob"));
        assertEquals(namespace + "|1", result(second));

        assertEquals(1, release.getCount(), "the subscriber was still blocked all along");
        release.countDown();
        fx.awaitEvent(RuntimeEvent.JobEnded.class, e -> e.jobId().equals(second.id()));
    }

    @Test
    void events_slowSubscriber_deploysNotDelayed() throws Exception {
        fx.drop("probe.jar", probe("1"));
        fx.start();
        CountDownLatch blocked = blockOnFirst(RuntimeEvent.Deployed.class);

        fx.drop("probe.jar", probe("2"));
        awaitLatch(blocked, "the subscriber never got the Deployed event of version 2");
        fx.drop("probe.jar", probe("3"));

        fx.awaitVersion("probe", "3");
        assertEquals(1, release.getCount(), "the subscriber was still blocked all along");
    }

    @Test
    void events_jobEndedPublishedFromAJobThread_deliveredWithTheHostLoaderNotTheModules() throws Exception {
        fx.drop("probe.jar", probe("1"));
        fx.start();
        CompletableFuture<List<Object>> delivery = new CompletableFuture<>();
        fx.runtime.events().subscribe().with(event -> {
            if (event instanceof RuntimeEvent.JobEnded) {
                Thread thread = Thread.currentThread();
                delivery.complete(List.of(thread.getName(), String.valueOf(thread.getContextClassLoader())));
            }
        });

        result(fx.runtime.submit(JobSpec.of("probe", "probe.ProbeJob")));

        assertEquals(List.of("modulets-events", String.valueOf(Job.class.getClassLoader())),
                delivery.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
}
