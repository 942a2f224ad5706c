package io.modulets.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SpecBuilderTest {

    private static final ChildBody NOTHING = ctx -> { };

    private static String message(Class<? extends Throwable> type, Executable executable) {
        return assertThrows(type, executable).getMessage();
    }

    @Test
    void build_nothingSet_usesOtpDefaults() {
        SupervisorSpec spec = SupervisorSpec.builder().build();
        ChildSpec worker = ChildSpec.worker("w", NOTHING).build();
        ChildSpec supervisor = ChildSpec.supervisor("s", spec).build();

        assertEquals(Strategy.ONE_FOR_ONE, spec.strategy());
        assertEquals(1, spec.intensity());
        assertEquals(Duration.ofSeconds(5), spec.period());
        assertEquals(AutoShutdown.NEVER, spec.autoShutdown());
        assertEquals(Optional.empty(), spec.contextClassLoader());
        assertEquals(RestartType.PERMANENT, worker.restart());
        assertEquals(Optional.of(Duration.ofSeconds(5)), worker.shutdownTimeout());
        assertFalse(worker.significant());
        assertFalse(worker.isSupervisor());
        assertEquals(Optional.empty(), supervisor.shutdownTimeout(), "supervisors default to infinity");
        assertTrue(supervisor.isSupervisor());
    }

    @Test
    void intensity_setTwice_failsNamingTheValueAlreadySet() {
        SupervisorSpec.Builder builder = SupervisorSpec.builder().intensity(3);

        assertEquals("restart intensity was already set to 3",
                message(IllegalStateException.class, () -> builder.intensity(4)));
    }

    @Test
    void supervisorProperties_setTwice_failNamingTheValueAlreadySet() {
        SupervisorSpec.Builder builder = SupervisorSpec.builder().name("jobs").strategy(Strategy.REST_FOR_ONE)
                .period(Duration.ofSeconds(2)).autoShutdown(AutoShutdown.ANY_SIGNIFICANT);

        assertEquals("name was already set to 'jobs'", message(IllegalStateException.class, () -> builder.name("x")));
        assertEquals("strategy was already set to REST_FOR_ONE",
                message(IllegalStateException.class, () -> builder.strategy(Strategy.ONE_FOR_ONE)));
        assertEquals("restart period was already set to PT2S",
                message(IllegalStateException.class, () -> builder.period(Duration.ofSeconds(1))));
        assertEquals("auto-shutdown was already set to ANY_SIGNIFICANT",
                message(IllegalStateException.class, () -> builder.autoShutdown(AutoShutdown.NEVER)));
    }

    @Test
    void childProperties_setTwice_failNamingChildAndValue() {
        ChildSpec.Builder builder = ChildSpec.worker("db", NOTHING).restart(RestartType.TRANSIENT)
                .shutdownTimeout(Duration.ofSeconds(1)).significant(true);
        ChildSpec.Builder infinite = ChildSpec.worker("db", NOTHING).shutdownInfinity();

        assertEquals("restart type of child 'db' was already set to TRANSIENT",
                message(IllegalStateException.class, () -> builder.restart(RestartType.PERMANENT)));
        assertEquals("shutdown timeout of child 'db' was already set to PT1S",
                message(IllegalStateException.class, builder::shutdownInfinity));
        assertEquals("shutdown timeout of child 'db' was already set to infinity",
                message(IllegalStateException.class, () -> infinite.shutdownTimeout(Duration.ZERO)));
        assertEquals("significant flag of child 'db' was already set to true",
                message(IllegalStateException.class, () -> builder.significant(false)));
    }

    @Test
    void build_significantPermanentChild_failsSayingWhyAndHowToFix() {
        String explicit = message(IllegalArgumentException.class, () -> ChildSpec.worker("db", NOTHING)
                .restart(RestartType.PERMANENT).significant(true).build());
        String byDefault = message(IllegalArgumentException.class,
                () -> ChildSpec.worker("db", NOTHING).significant(true).build());

        assertTrue(explicit.startsWith("child 'db' is significant but its restart type is PERMANENT;"), explicit);
        assertTrue(explicit.contains("TRANSIENT or TEMPORARY"), explicit);
        assertTrue(byDefault.contains("PERMANENT (the default)"), byDefault);
    }

    @Test
    void build_significantChildUnderAutoShutdownNever_fails() {
        ChildSpec child = ChildSpec.worker("db", NOTHING).restart(RestartType.TRANSIENT).significant(true).build();

        String message = message(IllegalArgumentException.class,
                () -> SupervisorSpec.builder().name("jobs").child(child).build());

        assertTrue(message.startsWith("child 'db' is significant but supervisor 'jobs' has auto-shutdown NEVER"),
                message);
    }

    @Test
    void build_simpleOneForOneWithoutExactlyOneChildSpec_fails() {
        SupervisorSpec.Builder none = SupervisorSpec.builder().strategy(Strategy.SIMPLE_ONE_FOR_ONE);
        SupervisorSpec.Builder two = SupervisorSpec.builder().strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                .child(ChildSpec.worker("a", NOTHING).build()).child(ChildSpec.worker("b", NOTHING).build());

        assertTrue(message(IllegalArgumentException.class, none::build).endsWith("it has 0"));
        assertTrue(message(IllegalArgumentException.class, two::build).endsWith("it has 2"));
    }

    @Test
    void child_duplicateId_fails() {
        SupervisorSpec.Builder builder = SupervisorSpec.builder().child(ChildSpec.worker("a", NOTHING).build());

        String message = message(IllegalArgumentException.class,
                () -> builder.child(ChildSpec.worker("a", NOTHING).build()));

        assertTrue(message.startsWith("child id 'a' is already used"), message);
    }

    @Test
    void builders_badValues_failNamingTheValue() {
        assertEquals("restart intensity must not be negative, was -1",
                message(IllegalArgumentException.class, () -> SupervisorSpec.builder().intensity(-1)));
        assertEquals("restart period must be positive, was PT0S",
                message(IllegalArgumentException.class, () -> SupervisorSpec.builder().period(Duration.ZERO)));
        assertEquals("shutdown timeout of child 'w' must not be negative, was PT-1S",
                message(IllegalArgumentException.class,
                        () -> ChildSpec.worker("w", NOTHING).shutdownTimeout(Duration.ofSeconds(-1))));
        assertEquals("child id must not be blank",
                message(IllegalArgumentException.class, () -> ChildSpec.worker(" ", NOTHING)));
        assertEquals("supervisor name must not be blank",
                message(IllegalArgumentException.class, () -> SupervisorSpec.builder().name("")));
    }

    @Test
    void builders_nullArguments_areRejected() {
        assertThrows(NullPointerException.class, () -> ChildSpec.worker(null, NOTHING));
        assertThrows(NullPointerException.class, () -> ChildSpec.worker("w", null));
        assertThrows(NullPointerException.class, () -> ChildSpec.supervisor("s", null));
        assertThrows(NullPointerException.class, () -> SupervisorSpec.builder().child(null));
        assertThrows(NullPointerException.class, () -> SupervisorSpec.builder().strategy(null));
        assertThrows(NullPointerException.class, () -> SupervisorSpec.builder().contextClassLoader(null));
        assertThrows(NullPointerException.class, () -> SupervisorSpec.builder().threadFactory(null));
        assertThrows(NullPointerException.class, () -> Supervisor.start(null));
    }

    @Test
    void withThreadFactoryAndLoader_onBuiltSpec_replaceOnlyThoseAndKeepTheOriginal() {
        ClassLoader loader = new ClassLoader(null) { };
        java.util.concurrent.ThreadFactory factory = Thread.ofVirtual().factory();
        SupervisorSpec original = SupervisorSpec.builder().name("jobs").strategy(Strategy.REST_FOR_ONE).intensity(3)
                .child(ChildSpec.worker("w", NOTHING).build()).build();

        SupervisorSpec copy = original.withThreadFactory(factory).withContextClassLoader(loader);

        assertEquals(Optional.of(factory), copy.threadFactory());
        assertEquals(Optional.of(loader), copy.contextClassLoader());
        assertEquals(original.toString(), copy.toString());
        assertEquals(original.children(), copy.children());
        assertEquals(Optional.empty(), original.threadFactory());
        assertEquals(Optional.empty(), original.contextClassLoader());
    }
}
