package io.modulets.demos;

import io.modulets.api.Job;
import io.modulets.api.JobContext;
import io.modulets.api.NamespaceInfo;
import io.modulets.api.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A job run the naive way: its class from the one shared loader, its body on a virtual thread. */
final class NaiveJob implements JobContext {

    private final String id;
    private final Map<String, String> args;
    private final CompletableFuture<String> result = new CompletableFuture<>();

    private NaiveJob(String id, Map<String, String> args) {
        this.id = id;
        this.args = args;
    }

    @SuppressWarnings("unchecked")
    static NaiveJob start(String id, ClassLoader loader, String jobClass, int expected, String gate) throws Exception {
        NaiveJob job = new NaiveJob(id, Map.of("expected", Integer.toString(expected), "gate", gate));
        Job<String> body = (Job<String>) loader.loadClass(jobClass).getConstructor().newInstance();
        Thread.ofVirtual().name(id).start(() -> {
            try {
                job.result.complete(body.run(job));
            } catch (Throwable t) {
                job.result.completeExceptionally(t);
            }
        });
        return job;
    }

    String await(Duration timeout) throws Exception {
        return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String id() {
        return id;
    }

    @Override
    public String jobId() {
        return id;
    }

    @Override
    public Map<String, String> args() {
        return args;
    }

    @Override
    public NamespaceInfo namespace() {
        return new NamespaceInfo("shared", 0, Map.of());
    }

    @Override
    public <T> Worker<T> spawn(String name, Callable<T> body) {
        throw new IllegalStateException("the naive demo runs no workers");
    }

    @Override
    public io.modulets.supervisor.ExitReason supervise(io.modulets.supervisor.SupervisorSpec spec) {
        throw new IllegalStateException("the naive demo runs no supervision trees");
    }
}
