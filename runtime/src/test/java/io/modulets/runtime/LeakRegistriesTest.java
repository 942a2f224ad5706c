package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.POLL;
import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.Job;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Board;
import io.modulets.testshared.Gates;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 10, the registries: what module code registers in the JVM's own registries (DriverManager, the platform
 * MBean server, JUL's loggers, the JCA provider list, the default uncaught-exception handler, the system
 * properties, Mutiny's Infrastructure, the JDK's soft caches) is undone when its version retires, named in
 * {@code LoaderRetired.undone} and in one INFO line each, and the old loader is collected; what is registered again
 * after the retirement is named in the leak suspect's cause. Each test: version 1's job registers, version 2 is
 * dropped, version 1 retires.
 */
class LeakRegistriesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(3);

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    @RegisterExtension
    final LogLines logs = new LogLines("io.modulets");

    /** What version 1's job returned, and its loader's retirement. */
    private record Retired(Object result, RuntimeEvent.LoaderRetired event) {
    }

    /**
     * Deploys {@code jar.apply("1")}, runs its {@code jobClass} once, then deploys version 2 (whose job never runs)
     * and waits for version 1's loader to retire.
     */
    private Retired runThenRetire(String module, Function<String, ModuleJar> jar, String jobClass) {
        fx.drop(module + ".jar", jar.apply("1"));
        fx.start(fx.builder().leakDeadline(DEADLINE));
        NamespaceInfo first = fx.awaitVersion(module, "1");
        Object result = result(fx.runtime.submit(JobSpec.of(module, jobClass)));
        fx.drop(module + ".jar", jar.apply("2"));
        fx.awaitVersion(module, "2");
        awaitRetired(fx, first.id());
        return new Retired(result, fx.awaitEvent(RuntimeEvent.LoaderRetired.class,
                e -> e.module().equals(module) && e.version().equals("1")));
    }

    /** Asserts that {@code phrase} is undone for version 1 of {@code module}: in the event and in an INFO line. */
    private void assertUndone(Retired retired, String module, String phrase) {
        assertTrue(retired.event().undone().stream().anyMatch(what -> what.startsWith(phrase)),
                "not undone: " + phrase + " in " + retired.event().undone());
        logs.awaitLine(Level.INFO, "undone for retired " + module + " 1: " + phrase);
    }

    /** Waits for version 1's verdict and asserts it is Collected. */
    private void assertCollected(String module) {
        RuntimeEvent verdict = fx.awaitEvent(RuntimeEvent.class,
                e -> e instanceof RuntimeEvent.Collected c && c.module().equals(module) && c.version().equals("1")
                        || e instanceof RuntimeEvent.LeakSuspected l && l.module().equals(module) && l.version().equals("1"));
        assertInstanceOf(RuntimeEvent.Collected.class, verdict, "version 1's loader stayed reachable: " + verdict);
    }

    private static byte[] real(String artifactId) {
        try {
            return Files.readAllBytes(RealLibraries.jar(artifactId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String job(String pkg, String name, String type, String body) {
        return "package " + pkg + ";\nimport io.modulets.api.*;\npublic class " + name + " implements Job<" + type + "> {\n"
                + "    public " + type + " run(JobContext ctx) throws Exception {\n" + body + "\n    }\n}\n";
    }

    // ---- JDBC drivers ----

    private static ModuleJar h2(String version) {
        return ModuleJar.named("db").version(version)
                .compileAgainst(RealLibraries.jar("h2"))
                .source("db.Query", job("db", "Query", "Integer", """
                        Class.forName("org.h2.Driver");
                        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:registries");
                                java.sql.Statement s = c.createStatement();
                                java.sql.ResultSet r = s.executeQuery("SELECT 20 + 22")) {
                            r.next();
                            return r.getInt(1);
                        }
                        """))
                .resource("lib/h2.jar", real("h2"));
    }

    @Test
    void jdbc_bundledH2RegisteredItsDriver_deregisteredAndCollected() {
        Retired retired = runThenRetire("db", LeakRegistriesTest::h2, "db.Query");

        assertEquals(42, retired.result());
        assertUndone(retired, "db", "deregistered JDBC driver org.h2.Driver (H2 Database Engine 2.3.232)");
        assertCollected("db");
    }

    private static final String NO_DRIVER = """
            package own;
            public class NoDriver implements java.sql.Driver {
                public java.sql.Connection connect(String url, java.util.Properties info) { return null; }
                public boolean acceptsURL(String url) { return url.startsWith("jdbc:own:"); }
                public java.sql.DriverPropertyInfo[] getPropertyInfo(String url, java.util.Properties info) { return new java.sql.DriverPropertyInfo[0]; }
                public int getMajorVersion() { return 1; }
                public int getMinorVersion() { return 0; }
                public boolean jdbcCompliant() { return false; }
                public java.util.logging.Logger getParentLogger() { return java.util.logging.Logger.getLogger("own"); }
            }
            """;

    @Test
    void jdbc_moduleRegisteredADriverOfItsOwnCode_deregisteredAndCollected() {
        Retired retired = runThenRetire("own", version -> ModuleJar.named("own").version(version)
                .source("own.NoDriver", NO_DRIVER)
                .source("own.Register", job("own", "Register", "String", """
                        java.sql.DriverManager.registerDriver(new NoDriver());
                        return java.sql.DriverManager.getDriver("jdbc:own:x").getClass().getName();
                        """)), "own.Register");

        assertEquals("own.NoDriver", retired.result());
        assertUndone(retired, "own", "deregistered JDBC driver own.NoDriver (module own 1)");
        assertCollected("own");
    }

    // ---- MBeans ----

    @Test
    void mbeans_standardAndMxBeanRegisteredByModule_unregisteredAndCollected() {
        Retired retired = runThenRetire("beans", version -> ModuleJar.named("beans").version(version)
                .source("beans.CounterMBean", "package beans; public interface CounterMBean { int getCount(); }")
                .source("beans.Counter", "package beans; public class Counter implements CounterMBean { public int getCount() { return 7; } }")
                .source("beans.GaugeMXBean", "package beans; public interface GaugeMXBean { long getLevel(); }")
                .source("beans.Gauge", "package beans; public class Gauge implements GaugeMXBean { public long getLevel() { return 3; } }")
                .source("beans.Register", job("beans", "Register", "Object", """
                        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
                        server.registerMBean(new Counter(), new javax.management.ObjectName("com.acme:type=Counter"));
                        server.registerMBean(new Gauge(), new javax.management.ObjectName("com.acme:type=Gauge"));
                        return server.getAttribute(new javax.management.ObjectName("com.acme:type=Counter"), "Count");
                        """)), "beans.Register");

        assertEquals(7, retired.result());
        assertUndone(retired, "beans", "unregistered MBean com.acme:type=Counter");
        assertUndone(retired, "beans", "unregistered MBean com.acme:type=Gauge");
        assertCollected("beans");
    }

    // ---- JUL handlers ----

    @Test
    void jul_handlerAndFilterOnTheRootLogger_removedClosedAndCollected() {
        String closed = "jul-closed-" + UUID.randomUUID();
        Retired retired = runThenRetire("jul", version -> ModuleJar.named("jul").version(version)
                .source("jul.Keep", """
                        package jul;
                        public class Keep extends java.util.logging.Handler {
                            private final String closedKey;
                            public Keep(String closedKey) { this.closedKey = closedKey; }
                            public void publish(java.util.logging.LogRecord r) { }
                            public void flush() { }
                            public void close() { io.modulets.testshared.Board.put(closedKey, "closed"); }
                        }
                        """)
                .source("jul.Pass", "package jul; public class Pass implements java.util.logging.Filter {"
                        + " public boolean isLoggable(java.util.logging.LogRecord r) { return true; } }")
                .source("jul.Install", job("jul", "Install", "String", """
                        java.util.logging.Logger.getLogger("").addHandler(new Keep("%s"));
                        java.util.logging.Logger.getLogger("jul.filtered").setFilter(new Pass());
                        return java.util.logging.LogManager.getLogManager().getClass().getName();
                        """.formatted(closed))), "jul.Install");

        assertEquals(System.getProperty("java.util.logging.manager", "java.util.logging.LogManager"), retired.result());
        assertUndone(retired, "jul", "removed JUL handler jul.Keep from the root logger");
        assertUndone(retired, "jul", "cleared JUL filter jul.Pass of logger 'jul.filtered'");
        assertEquals("closed", Board.get(closed), "the handler was not closed");
        assertCollected("jul");
    }

    // ---- JCA providers ----

    @Test
    void security_providerOfTheModulesOwnCode_removedAndCollected() {
        Retired retired = runThenRetire("prov", version -> ModuleJar.named("prov").version(version)
                .source("prov.Nothing", """
                        package prov;
                        public class Nothing extends java.security.MessageDigest {
                            public Nothing() { super("Nothing"); }
                            protected void engineUpdate(byte b) { }
                            protected void engineUpdate(byte[] b, int off, int len) { }
                            protected byte[] engineDigest() { return new byte[] {42}; }
                            protected void engineReset() { }
                        }
                        """)
                .source("prov.Mine", """
                        package prov;
                        public class Mine extends java.security.Provider {
                            public Mine() { super("ModuletsTestProvider", "1.0", "a provider of a module"); put("MessageDigest.Nothing", Nothing.class.getName()); }
                        }
                        """)
                .source("prov.Install", job("prov", "Install", "Integer", """
                        java.security.Security.addProvider(new Mine());
                        return (int) java.security.MessageDigest.getInstance("Nothing", "ModuletsTestProvider").digest()[0];
                        """)), "prov.Install");

        assertEquals(42, retired.result());
        assertUndone(retired, "prov", "removed security provider ModuletsTestProvider (prov.Mine (module prov 1))");
        assertNull(java.security.Security.getProvider("ModuletsTestProvider"));
        assertCollected("prov");
    }

    private static ModuleJar bouncyCastle(String version) {
        return ModuleJar.named("bc").version(version)
                .compileAgainst(RealLibraries.jar("bcprov-jdk18on"))
                .source("bc.Crypt", job("bc", "Crypt", "String", """
                        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
                        byte[] digest = java.security.MessageDigest.getInstance("SHA3-256", "BC")
                                .digest("modulets".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        var key = new javax.crypto.spec.SecretKeySpec(new byte[16], "AES");
                        var iv = new javax.crypto.spec.GCMParameterSpec(128, new byte[12]);
                        var cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding", "BC");
                        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, key, iv);
                        byte[] sealed = cipher.doFinal(digest);
                        cipher.init(javax.crypto.Cipher.DECRYPT_MODE, key, iv);
                        boolean same = java.util.Arrays.equals(digest, cipher.doFinal(sealed));
                        return digest.length + " " + same + " " + cipher.getProvider().getClass().getName();
                        """))
                .resource("lib/bcprov.jar", real("bcprov-jdk18on"));
    }

    @Test
    void security_bundledBouncyCastleUsedForADigestAndACipher_removedAndCollected() {
        Retired retired = runThenRetire("bc", LeakRegistriesTest::bouncyCastle, "bc.Crypt");

        assertEquals("32 true org.bouncycastle.jce.provider.BouncyCastleProvider", retired.result());
        assertUndone(retired, "bc", "removed security provider BC (org.bouncycastle.jce.provider.BouncyCastleProvider (");
        assertNull(java.security.Security.getProvider("BC"));
        assertCollected("bc"); // so JceSecurity's verification results and code bases do not pin it
    }

    // ---- the default uncaught-exception handler, system properties ----

    private static ModuleJar quiet(String version) {
        return ModuleJar.named("ueh").version(version)
                .source("ueh.Quiet", "package ueh; public class Quiet implements Thread.UncaughtExceptionHandler {"
                        + " public void uncaughtException(Thread t, Throwable e) { } }")
                .source("ueh.Install", job("ueh", "Install", "String", """
                        Thread.setDefaultUncaughtExceptionHandler(new Quiet());
                        return Thread.getDefaultUncaughtExceptionHandler().getClass().getName();
                        """));
    }

    /**
     * Waits for the retirement through the runtime's events rather than Awaitility: Awaitility sets its own
     * default uncaught-exception handler while it waits and puts back, when done, the one it found (the module's).
     */
    @Test
    void defaultUncaughtExceptionHandler_setByModule_resetToNoneAndCollected() throws Exception {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        try {
            fx.drop("ueh.jar", quiet("1"));
            fx.start(fx.builder().leakDeadline(DEADLINE));
            fx.awaitVersion("ueh", "1");
            var retiredLoader = new java.util.concurrent.CompletableFuture<RuntimeEvent.LoaderRetired>();
            fx.runtime.events().subscribe().with(e -> {
                if (e instanceof RuntimeEvent.LoaderRetired r && r.module().equals("ueh") && r.version().equals("1")) {
                    retiredLoader.complete(r);
                }
            });
            assertEquals("ueh.Quiet", result(fx.runtime.submit(JobSpec.of("ueh", "ueh.Install"))));
            fx.drop("ueh.jar", quiet("2"));
            Retired retired = new Retired(null, retiredLoader.get(WAIT.toSeconds(), TimeUnit.SECONDS));

            assertNull(Thread.getDefaultUncaughtExceptionHandler());
            assertUndone(retired, "ueh", "reset the default uncaught-exception handler ueh.Quiet to none");
            assertCollected("ueh");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    @Test
    void systemProperties_keyAndValueObjectsOfTheModule_removedAndCollected() {
        Retired retired = runThenRetire("props", version -> ModuleJar.named("props").version(version)
                .source("props.Value", "package props; public class Value { }")
                .source("props.Key", "package props; public class Key { }")
                .source("props.Put", job("props", "Put", "String", """
                        System.getProperties().put("modulets.test.object", new Value());
                        System.getProperties().put(new Key(), "a string value");
                        System.setProperty("modulets.test.string", "strings cannot pin");
                        return "put";
                        """)), "props.Put");

        assertUndone(retired, "props", "removed system property 'modulets.test.object' (key of class java.lang.String,"
                + " value of class props.Value)");
        assertUndone(retired, "props", "removed system property with a key (key of class props.Key");
        assertEquals(2, retired.event().undone().size(), retired.event().undone()::toString);
        assertEquals("strings cannot pin", System.clearProperty("modulets.test.string"));
        assertCollected("props");
    }

    // ---- soft caches ----

    @Test
    void softCaches_ownResourceBundleAndBeanInfo_flushedAndCollected() {
        Retired retired = runThenRetire("soft", version -> ModuleJar.named("soft").version(version)
                .source("soft.Bean", "package soft; public class Bean { private String name;"
                        + " public String getName() { return name; } public void setName(String n) { name = n; } }")
                .source("soft.Look", job("soft", "Look", "String", """
                        String hello = java.util.ResourceBundle.getBundle("soft.Messages").getString("hello");
                        int properties = java.beans.Introspector.getBeanInfo(Bean.class).getPropertyDescriptors().length;
                        return hello + " " + properties;
                        """))
                .resource("soft/Messages.properties", "hello=hi\n".getBytes(StandardCharsets.UTF_8)), "soft.Look");

        assertEquals("hi 2", retired.result()); // class and name
        assertUndone(retired, "soft", "cleared ResourceBundle's cache of the bundles it loaded");
        assertUndone(retired, "soft", "flushed java.beans.Introspector's caches");
        assertCollected("soft");
    }

    // ---- Mutiny's hooks and pools ----

    @Test
    void mutiny_handlersSetByModule_resetToMutinysDefaultsAndCollected() {
        Retired retired = runThenRetire("hooks", version -> ModuleJar.named("hooks").version(version)
                .source("hooks.Install", job("hooks", "Install", "String", """
                        io.smallrye.mutiny.infrastructure.Infrastructure.setDroppedExceptionHandler(failure -> { });
                        io.smallrye.mutiny.infrastructure.Infrastructure.setCanCallerThreadBeBlockedSupplier(() -> true);
                        io.smallrye.mutiny.infrastructure.Infrastructure.setOperatorLogger((id, event, value, failure) -> { });
                        return "set";
                        """)), "hooks.Install");

        assertUndone(retired, "hooks", "reset Mutiny's dropped-exception handler hooks.Install$$Lambda");
        assertUndone(retired, "hooks", "reset Mutiny's can-caller-thread-be-blocked supplier hooks.Install$$Lambda");
        assertUndone(retired, "hooks", "reset Mutiny's operator logger hooks.Install$$Lambda");
        assertCollected("hooks");
    }

    private static ModuleJar pool(String version) {
        return ModuleJar.named("pool").version(version).source("pool.Grow", job("pool", "Grow", "String", """
                ClassLoader mine = Grow.class.getClassLoader();
                int tasks = 12;
                var started = new java.util.concurrent.CountDownLatch(tasks);
                var mineSeen = new java.util.concurrent.atomic.AtomicInteger();
                var executor = io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultExecutor();
                for (int i = 0; i < tasks; i++) { // all at once: the pool must grow, its new threads made on this thread
                    executor.execute(() -> {
                        if (Thread.currentThread().getContextClassLoader() == mine) mineSeen.incrementAndGet();
                        started.countDown();
                        try { started.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                    });
                }
                started.await();
                boolean scheduled = io.smallrye.mutiny.Uni.createFrom().item(() -> Thread.currentThread().getContextClassLoader() == mine)
                        .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                        .await().atMost(java.time.Duration.ofSeconds(10));
                return mineSeen.get() + " " + scheduled;
                """));
    }

    @Test
    void prevention_jobMakesMutinysPoolsGrow_theirThreadsAreTheHostsAndVersion1IsCollected() throws Exception {
        Retired retired = runThenRetire("pool", LeakRegistriesTest::pool, "pool.Grow");

        assertEquals("0 false", retired.result(), "pool threads made on a job's thread took its loader as context loader");
        // a task of the worker pool, run from here: on a thread of the pools, made by the runtime's factory
        Thread worker = Infrastructure.getDefaultWorkerPool().submit(Thread::currentThread).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(worker.getName().startsWith("mutiny-"), worker::toString);
        assertTrue(worker.isDaemon(), "a pool thread the runtime's factory made would keep the JVM from exiting: " + worker);
        assertTrue(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("mutiny-"))
                .allMatch(Thread::isDaemon), "Mutiny's threads must stay daemon threads, as Mutiny makes them");
        assertEquals(Job.class.getClassLoader(), worker.getContextClassLoader());
        assertCollected("pool");
    }

    // ---- what is registered again after the retirement is named ----

    @Test
    void holders_stragglerRegistersAgainAfterRetirement_leakSuspectNamesEachThenCollectedOnceItUndoesThem() throws Exception {
        String gate = "straggler-" + UUID.randomUUID();
        String done = gate + "-registered";
        fx.drop("late.jar", straggler("1"));
        fx.start(fx.builder().leakDeadline(DEADLINE).stopLeftoverThreads(false)); // the straggler must outlive the retirement
        NamespaceInfo first = fx.awaitVersion("late", "1");
        assertEquals("waiting", result(fx.runtime.submit(JobSpec.of("late", "late.Start").withArg("gate", gate))));
        fx.drop("late.jar", straggler("2"));
        fx.awaitVersion("late", "2");
        awaitRetired(fx, first.id());
        fx.awaitEvent(RuntimeEvent.LoaderRetired.class, e -> e.module().equals("late") && e.version().equals("1"));

        var suspected = new java.util.concurrent.CompletableFuture<RuntimeEvent.LeakSuspected>();
        var collected = new java.util.concurrent.CompletableFuture<RuntimeEvent.Collected>();
        fx.runtime.events().subscribe().with(e -> {
            if (e instanceof RuntimeEvent.LeakSuspected l && l.module().equals("late") && l.version().equals("1")) {
                suspected.complete(l);
            } else if (e instanceof RuntimeEvent.Collected c && c.module().equals("late") && c.version().equals("1")) {
                collected.complete(c);
            }
        });

        // No Awaitility from here on: while it waits it sets a default uncaught-exception handler of its own, and
        // then puts back (and holds till then) the one it found, the module's
        Gates.open(gate); // the straggler registers everything, after its version's retirement
        Gates.await(done);
        RuntimeEvent.LeakSuspected leak = suspected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (String holder : List.of("JDBC driver late.NoDriver (module late 1) is registered in DriverManager",
                "MBean com.acme:type=Late is registered in the platform MBean server",
                "JUL handler late.Keep on logger 'late'",
                "security provider ModuletsLateProvider (late.Late (module late 1)) is installed",
                "the default uncaught-exception handler is late.Quiet",
                "system property 'modulets.test.late' (key of class java.lang.String, value of class late.Value)",
                "Mutiny's dropped-exception handler is late.Quiet")) {
            assertTrue(leak.cause().contains(holder), "the cause does not name: " + holder + "\ncause: " + leak.cause());
        }
        assertFalse(logs.matching(Level.WARNING, "the default uncaught-exception handler is late.Quiet").isEmpty(), logs::toString);
        Gates.open(gate + "-undo"); // and undoes it: the reaper, still watching, sees the loader go

        assertTrue(collected.get(WAIT.toSeconds(), TimeUnit.SECONDS).suspectedBefore());
    }

    /** Module {@code late}: {@code late.Start} starts a thread that, once its gate opens, registers one of each. */
    private static ModuleJar straggler(String version) {
        return ModuleJar.named("late").version(version)
                .source("late.NoDriver", NO_DRIVER.replace("package own;", "package late;"))
                .source("late.Quiet", "package late; public class Quiet implements Thread.UncaughtExceptionHandler,"
                        + " java.util.function.Consumer<Throwable> { public void uncaughtException(Thread t, Throwable e) { }"
                        + " public void accept(Throwable e) { } }")
                .source("late.Value", "package late; public class Value { }")
                .source("late.Counter", "package late; public class Counter implements CounterMBean { public int getCount() { return 1; } }")
                .source("late.CounterMBean", "package late; public interface CounterMBean { int getCount(); }")
                .source("late.Keep", "package late; public class Keep extends java.util.logging.Handler {"
                        + " public void publish(java.util.logging.LogRecord r) { } public void flush() { } public void close() { } }")
                .source("late.Late", "package late; public class Late extends java.security.Provider {"
                        + " public Late() { super(\"ModuletsLateProvider\", \"1.0\", \"late\"); } }")
                .source("late.Straggle", """
                        package late;
                        import io.modulets.testshared.*;
                        public class Straggle implements Runnable {
                            private final String gate;
                            Straggle(String gate) { this.gate = gate; }
                            public void run() {
                                try {
                                    Gates.await(gate);
                                    NoDriver driver = new NoDriver();
                                    java.sql.DriverManager.registerDriver(driver);
                                    var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
                                    var name = new javax.management.ObjectName("com.acme:type=Late");
                                    server.registerMBean(new Counter(), name);
                                    java.util.logging.Logger logger = java.util.logging.Logger.getLogger("late");
                                    Keep handler = new Keep();
                                    logger.addHandler(handler);
                                    java.security.Security.addProvider(new Late());
                                    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
                                    Thread.setDefaultUncaughtExceptionHandler(new Quiet());
                                    System.getProperties().put("modulets.test.late", new Value());
                                    io.smallrye.mutiny.infrastructure.Infrastructure.setDroppedExceptionHandler(new Quiet());
                                    Gates.open(gate + "-registered");
                                    Gates.await(gate + "-undo");
                                    java.sql.DriverManager.deregisterDriver(driver);
                                    server.unregisterMBean(name);
                                    logger.removeHandler(handler);
                                    java.security.Security.removeProvider("ModuletsLateProvider");
                                    Thread.setDefaultUncaughtExceptionHandler(before);
                                    System.getProperties().remove("modulets.test.late");
                                    io.smallrye.mutiny.infrastructure.Infrastructure.resetDroppedExceptionHandler();
                                } catch (Exception e) {
                                    Board.put(gate + "-failed", e.toString());
                                }
                            }
                        }
                        """)
                .source("late.Start", job("late", "Start", "String", """
                        Thread.ofPlatform().daemon().name("straggler").start(new Straggle(ctx.arg("gate")));
                        return "waiting";
                        """));
    }
}
