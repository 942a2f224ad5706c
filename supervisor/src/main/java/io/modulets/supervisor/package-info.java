/**
 * OTP-style supervision trees on virtual threads.
 *
 * <p>Describe a supervisor with {@link io.modulets.supervisor.SupervisorSpec} and its children with
 * {@link io.modulets.supervisor.ChildSpec}, start it with
 * {@link io.modulets.supervisor.Supervisor#start(SupervisorSpec)}, watch it through
 * {@link io.modulets.supervisor.Supervisor#events()} and end it with
 * {@link io.modulets.supervisor.Supervisor#shutdown()}. How children end, and how supervisors end, are
 * {@link io.modulets.supervisor.ExitReason} values.
 *
 * <pre>{@code
 * SupervisorSpec spec = SupervisorSpec.builder()
 *         .name("orders")
 *         .strategy(Strategy.REST_FOR_ONE)
 *         .intensity(3).period(Duration.ofSeconds(10))
 *         .child(ChildSpec.worker("db", ctx -> pool.run()).build())
 *         .child(ChildSpec.worker("poller", ctx -> poll()).restart(RestartType.TRANSIENT).build())
 *         .build();
 * try (Supervisor sup = Supervisor.start(spec)) {
 *     ExitReason why = sup.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Everything not public in this package is implementation.
 */
package io.modulets.supervisor;
