package io.modulets.supervisor;

import static io.modulets.supervisor.Fixtures.await;
import static io.modulets.supervisor.Fixtures.awaitTermination;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Children, first runs and restarts alike, run with the supervisor's context class loader. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ContextClassLoaderTest {

    private final URLClassLoader jobLoader =
            new URLClassLoader("job-loader", new URL[0], ContextClassLoaderTest.class.getClassLoader());
    private final List<ClassLoader> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void closeLoader() throws Exception {
        jobLoader.close();
    }

    /** Records its context loader, fails on its first run, then stays up. */
    private ChildBody failsOnceAndRecordsLoader() {
        return ctx -> {
            seen.add(Thread.currentThread().getContextClassLoader());
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
            new CountDownLatch(1).await();
        };
    }

    @Test
    void children_configuredLoader_isTheContextLoaderOfFirstRunAndRestart() {
        try (Supervisor ignored = Supervisor.start(SupervisorSpec.builder().contextClassLoader(jobLoader)
                .child(Fixtures.worker("w", failsOnceAndRecordsLoader())).build())) {
            await().until(() -> seen.size() == 2);

            assertEquals(List.of(jobLoader, jobLoader), seen);
        }
    }

    @Test
    void children_noLoaderConfigured_getTheStartingThreadsLoaderEvenAfterItChanges() throws Exception {
        SupervisorSpec spec = SupervisorSpec.builder()
                .child(Fixtures.worker("w", failsOnceAndRecordsLoader())).build();
        CompletableFuture<Supervisor> started = new CompletableFuture<>();
        Thread starter = Thread.ofVirtual().unstarted(() -> {
            started.complete(Supervisor.start(spec));
            Thread.currentThread().setContextClassLoader(null); // later changes do not matter
        });
        starter.setContextClassLoader(jobLoader);
        starter.start();

        try (Supervisor ignored = started.get(5, TimeUnit.SECONDS)) {
            await().until(() -> seen.size() == 2);

            assertEquals(List.of(jobLoader, jobLoader), seen);
        }
    }

    @Test
    void nestedSupervisor_withoutOwnLoader_inheritsItsParentsLoader() {
        SupervisorSpec inner = SupervisorSpec.builder().name("inner")
                .child(Fixtures.worker("w", failsOnceAndRecordsLoader())).build();

        try (Supervisor ignored = Supervisor.start(SupervisorSpec.builder().contextClassLoader(jobLoader)
                .child(ChildSpec.supervisor("inner", inner).build()).build())) {
            await().until(() -> seen.size() == 2);

            assertEquals(List.of(jobLoader, jobLoader), seen);
        }
    }

    @Test
    void threadFactory_custom_makesEveryChildThreadAndSupervisorSetsItsLoader() {
        AtomicInteger made = new AtomicInteger();
        ThreadFactory virtual = Thread.ofVirtual().name("custom-", 0).factory();
        List<String> names = new CopyOnWriteArrayList<>();
        try (Supervisor ignored = Supervisor.start(SupervisorSpec.builder().contextClassLoader(jobLoader)
                .threadFactory(task -> {
                    made.incrementAndGet();
                    Thread thread = virtual.newThread(task);
                    thread.setContextClassLoader(ClassLoader.getPlatformClassLoader()); // the supervisor overrides
                    return thread;
                })
                .child(Fixtures.worker("w", ctx -> {
                    names.add(Thread.currentThread().getName() + " " + Thread.currentThread().isVirtual());
                    failsOnceAndRecordsLoader().run(ctx);
                })).build())) {
            await().until(() -> seen.size() == 2);

            assertEquals(2, made.get());
            assertEquals(List.of("custom-0 true", "custom-1 true"), names);
            assertEquals(List.of(jobLoader, jobLoader), seen);
        }
    }

    @Test
    void threadFactory_nestedSupervisorWithoutOwn_makesGrandchildThreadsWithTheParentsFactory() {
        List<String> made = new CopyOnWriteArrayList<>();
        CompletableFuture<Thread> grandchild = new CompletableFuture<>();
        ThreadFactory virtual = Thread.ofVirtual().name("tree-", 0).factory();
        SupervisorSpec inner = SupervisorSpec.builder().name("inner")
                .child(Fixtures.worker("leaf", ctx -> {
                    grandchild.complete(Thread.currentThread());
                    new CountDownLatch(1).await();
                })).build();
        try (Supervisor ignored = Supervisor.start(SupervisorSpec.builder().name("outer").contextClassLoader(jobLoader)
                .threadFactory(task -> {
                    Thread thread = virtual.newThread(task);
                    made.add(thread.getName());
                    return thread;
                })
                .child(ChildSpec.supervisor("inner", inner).build()).build())) {
            Thread leaf = grandchild.join();

            assertEquals(List.of("tree-0", "tree-1"), made);
            assertEquals("tree-1", leaf.getName());
            assertSame(jobLoader, leaf.getContextClassLoader());
        }
    }

    @Test
    void defaultThreads_areVirtualAndNamedAfterSupervisorAndChild() {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        try (Supervisor ignored = Supervisor.start(SupervisorSpec.builder().name("jobs")
                .child(Fixtures.worker("db", ctx -> {
                    thread.complete(Thread.currentThread());
                    new CountDownLatch(1).await();
                })).build())) {
            Thread child = thread.join();

            assertTrue(child.isVirtual());
            assertEquals("jobs/db", child.getName());
        }
    }

    @Test
    void events_supervisorRunsWithAJobsLoader_deliveredOnThreadsWithTheSupervisorLibrarysLoader() throws Exception {
        List<String> deliveredOn = new CopyOnWriteArrayList<>();
        CountDownLatch completed = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().contextClassLoader(jobLoader)
                .child(Fixtures.worker("w", Fixtures.blockUntilStopped())).build());
        supervisor.events().subscribe().with(event -> deliveredOn.add(Thread.currentThread().getName() + " "
                + Thread.currentThread().getContextClassLoader()), completed::countDown);

        supervisor.shutdown();
        Fixtures.awaitLatch(completed);

        String expected = "supervisor-events " + Supervisor.class.getClassLoader();
        assertEquals(List.of(expected, expected), deliveredOn, "one line per event: ChildExited, SupervisorTerminated");
    }

    @Test
    void events_starterHasInheritableThreadLocal_deliveryThreadsDoNotInheritIt() throws Exception {
        InheritableThreadLocal<Object> jobState = new InheritableThreadLocal<>();
        List<Object> seen = new CopyOnWriteArrayList<>();
        CountDownLatch completed = new CountDownLatch(1);
        Supervisor supervisor;
        jobState.set("the job's state");
        try {
            supervisor = Supervisor.start(SupervisorSpec.builder().build());
        } finally {
            jobState.remove();
        }
        supervisor.events().subscribe().with(event -> seen.add(String.valueOf(jobState.get())), completed::countDown);

        supervisor.shutdown();
        Fixtures.awaitLatch(completed);

        assertEquals(List.of("null"), seen, "the SupervisorTerminated event, delivered without the starter's value");
    }

    @Test
    void threadFactory_throws_childCountsAsFailedAndSupervisorEscalates() throws Exception {
        IllegalStateException noThreads = new IllegalStateException("no threads today");

        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .threadFactory(task -> {
                    throw noThreads;
                })
                .child(Fixtures.worker("w", ctx -> { })).build());

        ExitReason.Escalated reason = assertInstanceOf(ExitReason.Escalated.class, awaitTermination(supervisor));
        assertEquals("w", reason.childId());
        assertSame(noThreads, reason.failure().orElseThrow());
    }

    @Test
    void threadFactory_returnsNull_childCountsAsFailedWithClearMessage() throws Exception {
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .threadFactory(task -> null)
                .child(Fixtures.worker("w", ctx -> { })).build());

        ExitReason reason = awaitTermination(supervisor);

        assertEquals("the thread factory of supervisor 'sup' returned null for child 'w'",
                reason.failure().orElseThrow().getMessage());
    }
}
