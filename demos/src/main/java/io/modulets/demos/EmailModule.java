package io.modulets.demos;

import io.modulets.testkit.ModuleJar;

/**
 * The module of the confirmation-email story. {@code email.Mailer} writes the confirmation message (version 2
 * tags it for bounce tracking); {@code email.ReceiveConfirmation} is the job: it supervises a
 * {@code send_email} worker, which sends the message (posts it to the shared {@link
 * io.modulets.demos.shared.Outbox}) and, with {@code crash-once=true}, first waits for the replies and crashes
 * once, and a {@code wait_reply} worker, which waits for the reply. Both are transient and significant, so
 * the tree shuts itself down once both are done, and the job returns what it sent.
 */
final class EmailModule {

    static final String NAME = "email";
    static final String JOB_CLASS = "email.ReceiveConfirmation";
    static final String BOUNCE_TAG = "[bounce-tracking] ";

    private EmailModule() {
    }

    /** The message version {@code version} of {@code email.Mailer} writes for {@code to}. */
    static String confirmation(int version, String to) {
        return (version >= 2 ? BOUNCE_TAG : "") + "To: " + to + " | Please confirm your subscription";
    }

    static byte[] jar(int version) {
        String tag = version >= 2 ? BOUNCE_TAG : "";
        return ModuleJar.named(NAME).version(Integer.toString(version))
                .source("email.Mailer", """
                        package email;
                        public class Mailer {
                            public static String confirmation(String to) {
                                return "%sTo: " + to + " | Please confirm your subscription";
                            }
                        }
                        """.formatted(tag))
                .source(JOB_CLASS, """
                        package email;
                        import io.modulets.api.Job;
                        import io.modulets.api.JobContext;
                        import io.modulets.demos.shared.Gate;
                        import io.modulets.demos.shared.Outbox;
                        import io.modulets.supervisor.AutoShutdown;
                        import io.modulets.supervisor.ChildSpec;
                        import io.modulets.supervisor.ExitReason;
                        import io.modulets.supervisor.RestartType;
                        import io.modulets.supervisor.Strategy;
                        import io.modulets.supervisor.SupervisorSpec;
                        import java.util.concurrent.atomic.AtomicInteger;
                        import java.util.concurrent.atomic.AtomicReference;
                        public class ReceiveConfirmation implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                String to = ctx.arg("to");
                                String mailbox = ctx.arg("run") + "/" + ctx.jobId();
                                String replies = ctx.arg("replies");
                                boolean crashOnce = Boolean.parseBoolean(ctx.args().getOrDefault("crash-once", "false"));
                                AtomicInteger attempts = new AtomicInteger();
                                AtomicReference<String> sent = new AtomicReference<>();
                                SupervisorSpec spec = SupervisorSpec.builder()
                                        .name("receive_confirmation")
                                        .strategy(Strategy.ONE_FOR_ONE)
                                        .autoShutdown(AutoShutdown.ALL_SIGNIFICANT)
                                        .child(ChildSpec.worker("send_email", child -> {
                                            if (crashOnce && attempts.incrementAndGet() == 1) {
                                                Gate.await(replies);
                                                Outbox.post(mailbox, "send_email crashed: SMTP connection reset");
                                                throw new IllegalStateException("SMTP connection reset (crash-once)");
                                            }
                                            sent.set(Mailer.confirmation(to));
                                            Outbox.post(mailbox, "sent: " + sent.get());
                                        }).restart(RestartType.TRANSIENT).significant(true).build())
                                        .child(ChildSpec.worker("wait_reply", child -> {
                                            Gate.await(replies);
                                            Outbox.post(mailbox, "reply: confirmed");
                                        }).restart(RestartType.TRANSIENT).significant(true).build())
                                        .build();
                                ExitReason how = ctx.supervise(spec);
                                if (how.isAbnormal()) {
                                    throw new IllegalStateException("confirmation for " + to + " failed: " + how,
                                            how.failure().orElse(null));
                                }
                                return sent.get();
                            }
                        }
                        """)
                .toBytes();
    }
}
