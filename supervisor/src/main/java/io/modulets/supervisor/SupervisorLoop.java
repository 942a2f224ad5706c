package io.modulets.supervisor;

import io.modulets.supervisor.Decision.Continue;
import io.modulets.supervisor.Decision.Restart;
import io.modulets.supervisor.Decision.Start;
import io.modulets.supervisor.Decision.Terminate;
import io.modulets.supervisor.SupervisorEvent.ChildAbandoned;
import io.modulets.supervisor.SupervisorEvent.ChildExited;
import io.modulets.supervisor.SupervisorEvent.ChildRestarted;
import io.modulets.supervisor.SupervisorEvent.ChildStarted;
import io.modulets.supervisor.SupervisorEvent.SupervisorTerminated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/*
 * Concurrency design
 * ------------------
 * A supervisor is one loop on one virtual thread (the "loop thread"). The loop owns everything mutable:
 * the SupervisorState value, the map from child id to RunningChild, and the token counter. No other thread
 * reads or writes them, so there are no locks, and no lock is ever held while user code runs.
 *
 * Everything else talks to the loop through the mailbox, an unbounded LinkedBlockingQueue:
 *   - a child thread, when its run ends, completes its RunningChild.exit future and posts Exited(id, token,
 *     reason). Child threads never touch the state and never block on the loop;
 *   - startChild posts StartRequest and waits for either the reply or the supervisor's termination;
 *   - shutdown posts ShutdownRequest (once).
 * The loop takes one message at a time, asks RestartPolicy (pure) for a Decision, stores the new state and
 * carries out the action: start threads, stop threads, or end.
 *
 * Stopping a child happens on the loop thread, synchronously, as in OTP: set the child's stop flag,
 * interrupt its thread, wait on its exit future up to its shutdown timeout (infinity waits forever). Every
 * run of a child has a fresh token; the loop removes a child from `running` when it stops it (or abandons
 * it), so the Exited message that run posts later no longer matches and is dropped. That is how a child that
 * died on its own just before a sibling's restart stopped it is reported once, not twice. A child that
 * ignores the interrupt is abandoned: forgotten by the loop, reported, and left running, since a thread
 * cannot be killed.
 *
 * Events are published by the loop thread only, on a BroadcastProcessor (hot, single producer). Each
 * subscriber gets its own buffer of EVENT_BUFFER events and its own delivery thread (emitOn), so publishing
 * never waits for a subscriber; one that falls further behind fails with BackPressureFailure (one WARN) and
 * is dropped, the others go on. Delivery threads are virtual threads with this library's loader as context loader and
 * no inheritable thread-locals: never the job's loader, which the loop thread carries.
 *
 * Termination: the loop stops every running child, publishes SupervisorTerminated, completes the event
 * stream, then completes `termination`. `ending` (volatile) lets startChild refuse early; a StartRequest that
 * slips into the mailbox after the loop drained it still returns, because startChild also waits on
 * `termination`.
 * If the loop breaks (a bug in here, or a clock, thread or child spec that throws), it stops every child it
 * can find, each on its own so that one failing stop does not leave the others running, and ends anyway,
 * with a Failure whose suppressed exceptions are the stops that failed.
 */
final class SupervisorLoop implements Supervisor {

    private static final Logger LOG = Logger.getLogger("io.modulets.supervisor");
    /**
     * Events a subscriber may fall behind by before its stream fails with BackPressureFailure. A supervisor
     * publishes two events per start, exit or restart, at the pace of its loop; a subscriber 4,096 behind has
     * stopped reading, and an unbounded buffer would keep every event (and each failed child's exception, and
     * through it the job's classes) for as long as the supervisor runs. Mutiny allocates this buffer up front:
     * 16 KiB a subscriber.
     */
    static final int EVENT_BUFFER = 4_096;
    private static final ThreadFactory EVENT_THREADS =
            Thread.ofVirtual().name("supervisor-events").inheritInheritableThreadLocals(false).factory();
    /**
     * Starts each event delivery on a new virtual thread. Deliveries are started from the loop thread, whose
     * context loader is the job's; a thread that inherited it could keep the job's loader reachable after the
     * job ended (a slow subscriber keeps its delivery thread), so each gets this library's own loader, and no
     * inheritable thread-locals.
     */
    private static final Executor EVENT_DELIVERY = task -> {
        Thread thread = EVENT_THREADS.newThread(task);
        thread.setContextClassLoader(SupervisorLoop.class.getClassLoader());
        thread.start();
    };

    private sealed interface Message {
    }

    private record Exited(String childId, long token, ExitReason reason) implements Message {
    }

    private record StartRequest(List<Object> args, CompletableFuture<String> reply) implements Message {
    }

    private record ShutdownRequest() implements Message {
    }

    /** One run of one child. Created and read by the loop; {@code exit} is completed by the child's thread. */
    private static final class RunningChild {
        final String id;
        final long token;
        final ChildSpec spec;
        final CompletableFuture<ExitReason> exit = new CompletableFuture<>();
        volatile boolean stopRequested;
        Thread thread;

        RunningChild(String id, long token, ChildSpec spec) {
            this.id = id;
            this.token = token;
            this.spec = spec;
        }

        void requestStop() {
            stopRequested = true;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    private record Context(String id, String supervisor, List<Object> args, RunningChild run)
            implements ChildContext {
        @Override
        public boolean stopRequested() {
            return run.stopRequested;
        }
    }

    private final SupervisorSpec spec;
    private final String name;
    private final ClassLoader loader;
    private final BlockingQueue<Message> mailbox = new LinkedBlockingQueue<>();
    private final BroadcastProcessor<SupervisorEvent> broadcast = BroadcastProcessor.create();
    private final Multi<SupervisorEvent> events = broadcast.onOverflow().buffer(EVENT_BUFFER).emitOn(EVENT_DELIVERY)
            .onFailure(BackPressureFailure.class).invoke(this::warnFellBehind);
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<ExitReason> termination = new CompletableFuture<>();
    private final AtomicBoolean shutdownRequested = new AtomicBoolean();
    private volatile boolean ending;

    // Owned by the loop thread.
    private SupervisorState state;
    private final Map<String, RunningChild> running = new HashMap<>();
    private long lastToken;

    private SupervisorLoop(SupervisorSpec spec, ClassLoader loader) {
        this.spec = spec;
        this.name = spec.name();
        this.loader = loader;
        this.state = SupervisorState.initial(spec);
    }

    static Supervisor start(SupervisorSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ClassLoader loader = spec.contextClassLoader()
                .orElseGet(() -> Thread.currentThread().getContextClassLoader());
        SupervisorLoop loop = new SupervisorLoop(spec, loader);
        Thread thread = Thread.ofVirtual().name("supervisor:" + spec.name()).unstarted(loop::run);
        thread.setContextClassLoader(loader);
        thread.start();
        loop.started.join();
        return loop;
    }

    // ---- the loop -----------------------------------------------------------------------------------

    private void run() {
        ExitReason reason = null;
        try {
            execute(RestartPolicy.start(state));
            started.complete(null);
            reason = loop();
        } catch (Throwable bug) {
            reason = new ExitReason.Failure(bug);
            LOG.errorf(bug, "Supervisor '%s' broke down; stopping its children", name);
            stopEverything(bug);
        } finally {
            end(reason); // whatever broke, callers of awaitTermination and startChild must not wait forever
        }
    }

    private ExitReason loop() {
        while (true) {
            Optional<ExitReason> end = switch (take()) {
                case Exited exited -> onExited(exited);
                case StartRequest request -> onStartRequest(request);
                case ShutdownRequest ignored -> execute(RestartPolicy.shutdown(state));
            };
            if (end.isPresent()) {
                return end.get();
            }
        }
    }

    private Message take() {
        while (true) {
            try {
                return mailbox.take();
            } catch (InterruptedException e) {
                // Nobody but this class may interrupt the loop; its work must go on regardless.
            }
        }
    }

    private Optional<ExitReason> onExited(Exited exited) {
        RunningChild run = running.get(exited.childId());
        if (run == null || run.token != exited.token()) {
            return Optional.empty(); // that run was stopped or abandoned, and reported, already
        }
        running.remove(exited.childId());
        reportExit(exited.childId(), exited.reason());
        long now = spec.nanoClock().getAsLong();
        return execute(RestartPolicy.decide(state, exited.childId(), exited.reason(), now));
    }

    private Optional<ExitReason> onStartRequest(StartRequest request) {
        Decision decision = RestartPolicy.startDynamic(state, request.args());
        String id = decision.state().children().getLast().id();
        Optional<ExitReason> end = execute(decision);
        request.reply().complete(id);
        return end;
    }

    private Optional<ExitReason> execute(Decision decision) {
        state = decision.state();
        switch (decision.action()) {
            case Continue ignored -> {
                return Optional.empty();
            }
            case Start start -> {
                start.start().forEach(id -> launch(id, false));
                return Optional.empty();
            }
            case Restart restart -> {
                stop(restart.stop(), false);
                restart.start().forEach(id -> launch(id, true));
                return Optional.empty();
            }
            case Terminate terminate -> {
                ending = true;
                if (terminate.reason() instanceof ExitReason.Escalated escalated) {
                    LOG.warnf("Supervisor '%s' reached its restart intensity (%d in %s): child '%s' exited with "
                            + "%s; stopping all children", name, escalated.intensity(), escalated.period(),
                            escalated.childId(), escalated.lastExit());
                } else if (!shutdownRequested.get()) {
                    LOG.infof("Supervisor '%s' shuts down by itself: its significant children have ended "
                            + "(auto-shutdown %s)", name, spec.autoShutdown());
                }
                stop(terminate.stop(), spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE);
                return Optional.of(terminate.reason());
            }
        }
    }

    // ---- starting and stopping threads --------------------------------------------------------------

    private void launch(String id, boolean restart) {
        SupervisorState.Child child = state.child(id).orElseThrow();
        RunningChild run = new RunningChild(id, ++lastToken, child.spec());
        Context context = new Context(id, name, child.args(), run);
        ChildTask task = inheritThreadFactory(child.spec().task());
        running.put(id, run);
        Runnable body = () -> {
            ExitReason reason = task.run(context);
            run.exit.complete(reason);
            mailbox.add(new Exited(id, run.token, reason));
        };
        try {
            Thread thread = newThread(id, body);
            thread.setContextClassLoader(loader);
            run.thread = thread;
            thread.start();
        } catch (Throwable e) {
            // Counts as a run that failed at once: the loop gets its exit like any other.
            ExitReason reason = new ExitReason.Failure(e);
            run.exit.complete(reason);
            mailbox.add(new Exited(id, run.token, reason));
            return;
        }
        if (restart) {
            LOG.infof("Supervisor '%s' restarted child '%s'", name, id);
            publish(new ChildRestarted(name, id));
        } else {
            LOG.debugf("Supervisor '%s' started child '%s'", name, id);
            publish(new ChildStarted(name, id));
        }
    }

    /** A nested supervisor without its own thread factory makes its children's threads with this one's. */
    private ChildTask inheritThreadFactory(ChildTask task) {
        if (task instanceof ChildTask.NestedSupervisor(SupervisorSpec nested)
                && nested.threadFactory().isEmpty() && spec.threadFactory().isPresent()) {
            return new ChildTask.NestedSupervisor(nested.withThreadFactory(spec.threadFactory().get()));
        }
        return task;
    }

    private Thread newThread(String id, Runnable body) {
        if (spec.threadFactory().isEmpty()) {
            return Thread.ofVirtual().name(name + "/" + id).unstarted(body);
        }
        Thread thread = spec.threadFactory().get().newThread(body);
        if (thread == null) {
            throw new IllegalStateException("the thread factory of supervisor '" + name
                    + "' returned null for child '" + id + "'");
        }
        return thread;
    }

    /** Stops the given children: one after the other, or all at once (SIMPLE_ONE_FOR_ONE shutdown). */
    private void stop(List<String> ids, boolean together) {
        List<RunningChild> runs = ids.stream().map(running::remove).filter(Objects::nonNull).toList();
        if (together) {
            long since = System.nanoTime();
            runs.forEach(RunningChild::requestStop);
            runs.forEach(run -> reportStop(run, awaitExit(run, since)));
        } else {
            for (RunningChild run : runs) {
                run.requestStop();
                reportStop(run, awaitExit(run, System.nanoTime()));
            }
        }
    }

    /**
     * After {@code bug} broke the loop: stops every child it can find, one by one, so that one child that
     * cannot be stopped does not leave the others running. Each failure to stop a child is added to {@code bug}
     * as suppressed, which is how it reaches the supervisor's exit reason.
     */
    private void stopEverything(Throwable bug) {
        Set<String> ids = new LinkedHashSet<>();
        try {
            ids.addAll(state.stopOrder());
        } catch (RuntimeException ignored) {
            // the state is what broke; stop what the map knows
        }
        ids.addAll(running.keySet());
        for (String id : ids) {
            try {
                stop(List.of(id), false);
            } catch (Throwable stopFailure) {
                bug.addSuppressed(stopFailure);
            }
        }
    }

    /** {@return the run's exit reason, or null if it did not end within its shutdown timeout} */
    private static ExitReason awaitExit(RunningChild run, long sinceNanos) {
        Optional<Duration> timeout = run.spec.shutdownTimeout();
        if (timeout.isEmpty()) {
            return run.exit.join();
        }
        long deadline = sinceNanos + timeout.get().toNanos();
        while (true) {
            try {
                return run.exit.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return run.exit.getNow(null);
            } catch (InterruptedException e) {
                // the loop does not take interrupts; keep waiting
            } catch (ExecutionException e) {
                throw new IllegalStateException("a child's exit future failed", e); // never completed so
            }
        }
    }

    private void reportStop(RunningChild run, ExitReason reason) {
        if (reason != null) {
            reportExit(run.id, reason);
            return;
        }
        Duration timeout = run.spec.shutdownTimeout().orElseThrow();
        LOG.warnf("Supervisor '%s' abandoned child '%s': it was interrupted and did not end within its shutdown "
                + "timeout of %s. Its thread may still run, unsupervised (a JVM thread cannot be killed); make "
                + "the child end when interrupted", name, run.id, timeout);
        publish(new ChildAbandoned(name, run.id, timeout));
    }

    private void reportExit(String id, ExitReason reason) {
        if (reason instanceof ExitReason.Failure failure) {
            LOG.warnf(failure.cause(), "Supervisor '%s': child '%s' failed", name, id);
        } else if (reason.isAbnormal()) {
            LOG.warnf("Supervisor '%s': child '%s' exited with %s", name, id, reason);
        } else {
            LOG.debugf("Supervisor '%s': child '%s' exited with %s", name, id, reason);
        }
        publish(new ChildExited(name, id, reason));
    }

    private void publish(SupervisorEvent event) {
        broadcast.onNext(event);
    }

    private void warnFellBehind() {
        LOG.warnf("Supervisor '%s': an events() subscriber fell more than %d events behind and was dropped (its stream failed "
                + "with BackPressureFailure); handle events faster or hand them to a queue of your own, then "
                + "subscribe again", name, EVENT_BUFFER);
    }

    private void end(ExitReason reason) {
        ending = true;
        LOG.infof("Supervisor '%s' terminated: %s", name, reason);
        publish(new SupervisorTerminated(name, reason));
        broadcast.onComplete();
        termination.complete(reason);
        started.complete(null);
        for (Message message; (message = mailbox.poll()) != null; ) {
            if (message instanceof StartRequest request) {
                request.reply().completeExceptionally(refused());
            }
        }
    }

    // ---- the public face ----------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public String startChild(Object... args) throws InterruptedException {
        Objects.requireNonNull(args, "args");
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                throw new NullPointerException("startChild argument " + i + " is null");
            }
        }
        if (spec.strategy() != Strategy.SIMPLE_ONE_FOR_ONE) {
            throw new IllegalStateException("supervisor '" + name + "' is " + spec.strategy() + " and starts the "
                    + "children of its spec by itself; startChild needs a SIMPLE_ONE_FOR_ONE supervisor");
        }
        if (ending || shutdownRequested.get()) {
            throw refused();
        }
        StartRequest request = new StartRequest(List.of(args), new CompletableFuture<>());
        mailbox.add(request);
        try {
            CompletableFuture.anyOf(request.reply(), termination).get();
        } catch (ExecutionException e) {
            // the reply failed; handled below
        }
        if (request.reply().isDone() && !request.reply().isCompletedExceptionally()) {
            return request.reply().join();
        }
        throw refused();
    }

    private IllegalStateException refused() {
        ExitReason reason = termination.getNow(null);
        return new IllegalStateException("supervisor '" + name + "' "
                + (reason == null ? "is shutting down" : "has terminated with " + reason)
                + "; it starts no more children");
    }

    @Override
    public void shutdown() {
        if (shutdownRequested.compareAndSet(false, true)) {
            mailbox.add(new ShutdownRequest());
        }
    }

    @Override
    public ExitReason awaitTermination() throws InterruptedException {
        try {
            return termination.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // termination never completes exceptionally
        }
    }

    @Override
    public Optional<ExitReason> awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return Optional.of(termination.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // termination never completes exceptionally
        }
    }

    @Override
    public CompletionStage<ExitReason> termination() {
        return termination.minimalCompletionStage();
    }

    @Override
    public Multi<SupervisorEvent> events() {
        return events;
    }

    @Override
    public void close() {
        shutdown();
        termination.join();
    }

    @Override
    public String toString() {
        return "Supervisor[" + name + (termination.isDone() ? ", terminated " + termination.join() : "") + "]";
    }
}
