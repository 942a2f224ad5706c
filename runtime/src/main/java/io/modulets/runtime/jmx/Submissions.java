package io.modulets.runtime.jmx;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.modulets.api.JobHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The jobs submitted through JMX, so that a client can wait for one and read its result. Each is kept as the future
 * text of its result ({@code String.valueOf}, at most {@value #MAX_RESULT_CHARS} characters), never as the result or
 * the handle: an object of a module's class would keep that module's loader, and so its retired version, from being
 * collected. Bounded: the last {@value #MAX_ENTRIES} submissions, each for {@link #KEPT_FOR} after it was submitted.
 * Thread-safe.
 */
final class Submissions {

    static final int MAX_ENTRIES = 1_000;
    static final Duration KEPT_FOR = Duration.ofMinutes(10);
    static final int MAX_RESULT_CHARS = 10_000;

    /** A job's result as text once it has ended: {@code null} text if it ended without one (failed or cancelled). */
    private final Cache<String, CompletableFuture<String>> results = Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfterWrite(KEPT_FOR)
            .build();

    /** Keeps the future text of {@code handle}'s result; the handle itself is not kept. */
    void track(JobHandle<?> handle) {
        CompletableFuture<String> text = new CompletableFuture<>();
        results.put(handle.id(), text);
        handle.result().subscribe().with(result -> text.complete(textOf(result)), failure -> text.complete(null));
    }

    /** Whether {@code jobId} was submitted through JMX and is still kept. */
    boolean tracks(String jobId) {
        return results.getIfPresent(jobId) != null;
    }

    /**
     * Waits up to {@code timeout} for the tracked job {@code jobId} to end.
     *
     * @return its result's text if it is tracked and ended with one; empty if it failed, was cancelled, runs on, or
     *     is not tracked
     */
    Optional<String> await(String jobId, Duration timeout) throws InterruptedException {
        CompletableFuture<String> text = results.getIfPresent(jobId);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(text.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: the text of a result never fails", e);
        }
    }

    /** The result's text of the tracked job {@code jobId} if it has ended with one, without waiting. */
    Optional<String> resultOf(String jobId) {
        CompletableFuture<String> text = results.getIfPresent(jobId);
        return text == null ? Optional.empty() : Optional.ofNullable(text.getNow(null));
    }

    /** {@code String.valueOf(result)}, cut to {@value #MAX_RESULT_CHARS} characters; a failing toString is named. */
    static String textOf(Object result) {
        String text;
        try {
            text = String.valueOf(result);
        } catch (RuntimeException e) {
            text = "(toString() of " + result.getClass().getName() + " failed: " + e + ")";
        }
        return text.length() <= MAX_RESULT_CHARS ? text : text.substring(0, MAX_RESULT_CHARS);
    }
}
