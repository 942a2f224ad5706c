package io.modulets.runtime;

import static org.awaitility.Awaitility.await;

import io.modulets.api.JobHandle;
import io.modulets.testkit.ModuleJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Helpers for the job, namespace and reaper tests, beside {@link RuntimeFixture}: a "probe" module whose
 * versions differ only in a resource (so it compiles once however many versions a test deploys), outcome
 * and event helpers, and a look at the files this process has open.
 */
final class JobTestSupport {

    static final Duration POLL = Duration.ofMillis(10);

    private JobTestSupport() {
    }

    /**
     * Module {@code probe} at {@code version}. {@code probe.ProbeJob} returns {@code "<namespace id>|<version>"},
     * the version read by a class that loads lazily ({@code probe.Version}) from the jar's own resource, after
     * waiting for the gate named by the optional {@code gate} argument.
     */
    static ModuleJar probe(String version) {
        return ModuleJar.named("probe").version(version)
                .source("probe.ProbeJob", """
                        package probe;
                        import io.modulets.api.*;
                        public class ProbeJob implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                String gate = ctx.args().get("gate");
                                if (gate != null) io.modulets.testshared.Gates.await(gate);
                                return ctx.namespace().id() + "|" + Version.read();
                            }
                        }
                        """)
                .source("probe.Version", """
                        package probe;
                        final class Version {
                            static String read() throws java.io.IOException {
                                try (var in = Version.class.getResourceAsStream("version.txt")) {
                                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                                }
                            }
                        }
                        """)
                .resource("probe/version.txt", version.getBytes(StandardCharsets.UTF_8));
    }

    /** The failure {@code handle}'s result ended with, or null if it succeeded. */
    static Throwable failureOf(JobHandle<?> handle) {
        return handle.result().onItem().transform(item -> (Throwable) null)
                .onFailure().recoverWithItem(failure -> failure)
                .await().atMost(RuntimeFixture.WAIT);
    }

    /** The recorded events of {@code type} that match. */
    static <T extends RuntimeEvent> List<T> eventsOf(RuntimeFixture fx, Class<T> type, Predicate<T> matching) {
        return fx.events.stream().filter(type::isInstance).map(type::cast).filter(matching).toList();
    }

    /** Waits until {@code namespaceId} is no longer live. */
    static void awaitRetired(RuntimeFixture fx, String namespaceId) {
        await().atMost(RuntimeFixture.WAIT).pollInterval(POLL)
                .until(() -> fx.runtime.liveNamespaces().stream().noneMatch(ns -> ns.id().equals(namespaceId)));
    }

    /** Whether {@code namespaceId} is live now. */
    static boolean isLive(RuntimeFixture fx, String namespaceId) {
        return fx.runtime.liveNamespaces().stream().anyMatch(ns -> ns.id().equals(namespaceId));
    }

    /** The number of file descriptors of this process open on files under {@code dir} (Linux /proc). */
    static long openFilesUnder(Path dir) {
        Path prefix = realPath(dir);
        return openFiles(target -> target.startsWith(prefix));
    }

    /**
     * The number of file descriptors of this process open on {@code file}, deleted or not (Linux /proc): a file
     * deleted while open stays listed, as {@code "<path> (deleted)"}, until it is closed.
     */
    static long openFilesOf(Path file) {
        String path = realPath(file.toAbsolutePath().getParent()).resolve(file.getFileName()).toString();
        return openFiles(target -> target.toString().equals(path) || target.toString().equals(path + " (deleted)"));
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /** The number of this process's file descriptors whose target {@code matches}. */
    private static long openFiles(java.util.function.Predicate<Path> matches) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return matches.test(Files.readSymbolicLink(fd));
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // closed meanwhile, or not a link
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc/self/fd", e);
        }
    }

    /**
     * Waits until the control thread has done everything that was queued on it before this call, so that a
     * "no such event" check afterwards means something: every event it would have published is in
     * {@code fx.events} by then. It drops a new module (a jar with one resource: nothing to compile) and waits
     * for its {@code Deployed}, which the control thread reports after the work queued before it, and which
     * every subscriber receives after the events published before it.
     */
    static void awaitControlThreadCaughtUp(RuntimeFixture fx) {
        String name = "barrier" + BARRIERS.incrementAndGet();
        fx.drop(name + ".jar", ModuleJar.named(name).version("1").resource("barrier.txt", name.getBytes(StandardCharsets.UTF_8)));
        fx.awaitEvent(RuntimeEvent.Deployed.class, e -> e.module().equals(name));
    }

    private static final java.util.concurrent.atomic.AtomicInteger BARRIERS = new java.util.concurrent.atomic.AtomicInteger();

    /** The jar files in the store now. */
    static long storeFiles(RuntimeFixture fx) {
        try (Stream<Path> files = Files.list(fx.stateDir.resolve("store"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
