package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.JobTestSupport.failureOf;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.JobSubmissionException;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 12 for submit: every bad submit fails with a message naming what was not found or what is wrong, and
 * nothing else notices: a job running beside it finishes, the next submit works, and no lease is left behind.
 */
class BadSubmitTest {

    @TempDir
    Path root;
    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    String gate;
    NamespaceInfo first;
    JobHandle<String> bystander;

    @BeforeEach
    void setUp() throws Exception {
        gate = "bad-" + UUID.randomUUID();
    }


    static ModuleJar bad(String version) {
        return ModuleJar.named("bad").version(version)
                .source("bad.Good", """
                        package bad;
                        public class Good implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) throws Exception {
                                String gate = ctx.args().get("gate");
                                if (gate != null) io.modulets.testshared.Gates.await(gate);
                                return "good";
                            }
                        }
                        """)
                .source("bad.NotAJob", "package bad; public class NotAJob { public String run() { return \"no\"; } }")
                .source("bad.NoDefaultConstructor", "package bad; public class NoDefaultConstructor implements io.modulets.api.Job<String> {"
                        + " public NoDefaultConstructor(String x) { } public String run(io.modulets.api.JobContext ctx) { return x(); }"
                        + " static String x() { return \"x\"; } }")
                .source("bad.AbstractJob", "package bad; public abstract class AbstractJob implements io.modulets.api.Job<String> { }")
                .source("bad.BadStatic", """
                        package bad;
                        public class BadStatic implements io.modulets.api.Job<String> {
                            static final int VALUE = fail();
                            static int fail() { throw new IllegalStateException("static init failed on purpose"); }
                            public String run(io.modulets.api.JobContext ctx) { return "never"; }
                        }
                        """)
                .source("bad.BadConstructor", """
                        package bad;
                        public class BadConstructor implements io.modulets.api.Job<String> {
                            public BadConstructor() { throw new IllegalStateException("constructor failed on purpose"); }
                            public String run(io.modulets.api.JobContext ctx) { return "never"; }
                        }
                        """);
    }

    /** Starts with module bad 1 and a bystander job of it that waits on the gate. */
    private void startWithBystander() {
        fx.drop("bad.jar", bad("1"));
        fx.start();
        first = fx.awaitVersion("bad", "1");
        bystander = fx.runtime.submit(JobSpec.of("bad", "bad.Good").withArg("gate", gate));
    }

    /** The bystander still finishes, a good job still runs, and after an update namespace 1 is retired. */
    private void assertNothingElseNoticed() {
        assertEquals("good", result(fx.runtime.<String>submit(JobSpec.of("bad", "bad.Good"))));
        Gates.open(gate);
        assertEquals("good", result(bystander));
        assertEquals(0, fx.runtime.runningJobs());
        fx.drop("bad.jar", bad("2"));
        fx.awaitVersion("bad", "2");
        awaitRetired(fx, first.id()); // a leaked lease would keep it live
    }

    private JobSubmissionException thrownBySubmit(String module, String jobClass) {
        return assertThrows(JobSubmissionException.class, () -> fx.runtime.submit(JobSpec.of(module, jobClass)));
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' does not mention " + part);
        }
    }

    @Test
    void submit_unknownModule_throwsNamingTheModuleAndListingModules() {
        startWithBystander();
        assertMentions(thrownBySubmit("nosuch", "bad.Good"), "'nosuch'", "bad=1");
        assertNothingElseNoticed();
    }

    @Test
    void submit_unknownClass_throwsNamingClassModuleAndVersion() {
        startWithBystander();
        assertMentions(thrownBySubmit("bad", "bad.Missing"), "bad.Missing", "bad 1");
        assertNothingElseNoticed();
    }

    @Test
    void submit_classNotAJob_throwsNamingClassAndJob() {
        startWithBystander();
        assertMentions(thrownBySubmit("bad", "bad.NotAJob"), "bad.NotAJob", "bad 1", "io.modulets.api.Job");
        assertNothingElseNoticed();
    }

    @Test
    void submit_noPublicNoArgConstructor_throwsNamingTheClass() {
        startWithBystander();
        assertMentions(thrownBySubmit("bad", "bad.NoDefaultConstructor"), "bad.NoDefaultConstructor", "bad 1", "constructor");
        assertNothingElseNoticed();
    }

    @Test
    void submit_abstractClass_throwsNamingTheClass() {
        startWithBystander();
        assertMentions(thrownBySubmit("bad", "bad.AbstractJob"), "bad.AbstractJob", "bad 1", "abstract");
        assertNothingElseNoticed();
    }

    @Test
    void submit_staticInitializerThrows_resultFailsNamingModuleVersionClassAndCause() {
        startWithBystander();
        Throwable failure = failureOf(fx.runtime.submit(JobSpec.of("bad", "bad.BadStatic")));
        assertInstanceOf(JobSubmissionException.class, failure);
        assertMentions(failure, "bad.BadStatic", "bad 1", "static initializer", "static init failed on purpose");

        assertNothingElseNoticed();
    }

    @Test
    void submit_staticInitializerFailedForAnEarlierJob_messageStillNamesTheCause() {
        startWithBystander();
        failureOf(fx.runtime.submit(JobSpec.of("bad", "bad.BadStatic")));

        Throwable again = failureOf(fx.runtime.submit(JobSpec.of("bad", "bad.BadStatic")));

        assertInstanceOf(JobSubmissionException.class, again);
        assertMentions(again, "bad.BadStatic", "bad 1", "static initializer", "static init failed on purpose");
        assertNothingElseNoticed();
    }

    @Test
    void submit_constructorThrows_resultFailsNamingClassAndCause() {
        startWithBystander();
        Throwable failure = failureOf(fx.runtime.submit(JobSpec.of("bad", "bad.BadConstructor")));
        assertInstanceOf(JobSubmissionException.class, failure);
        assertMentions(failure, "bad.BadConstructor", "bad 1", "constructor failed on purpose");
        assertNothingElseNoticed();
    }

    @Test
    void submit_corruptClassFile_throwsSubmissionExceptionNamingClassModuleAndVersion() {
        fx.drop("bad.jar", bad("1").resource("bad/Corrupt.class", "not a class file".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        fx.start();
        first = fx.awaitVersion("bad", "1");
        bystander = fx.runtime.submit(JobSpec.of("bad", "bad.Good").withArg("gate", gate));

        assertMentions(thrownBySubmit("bad", "bad.Corrupt"), "bad.Corrupt", "bad 1");
        assertNothingElseNoticed();
    }

    @Test
    void submit_jobClassWhoseSuperclassIsMissing_throwsNamingTheMissingClass() {
        Path base = ModuleJar.named("base").version("1")
                .source("base.Base", "package base; public abstract class Base implements io.modulets.api.Job<String> { }")
                .writeTo(root.resolve("base-1.jar"));
        fx.drop("bad.jar", bad("1").compileAgainst(base).source("bad.Derived",
                "package bad; public class Derived extends base.Base { public String run(io.modulets.api.JobContext ctx) { return \"d\"; } }"));
        fx.start();
        first = fx.awaitVersion("bad", "1");
        bystander = fx.runtime.submit(JobSpec.of("bad", "bad.Good").withArg("gate", gate));

        assertMentions(thrownBySubmit("bad", "bad.Derived"), "bad.Derived", "bad 1", "base/Base");
        assertNothingElseNoticed();
    }

    @Test
    void submit_beforeStart_throwsIllegalState() {
        fx.drop("bad.jar", bad("1"));
        fx.runtime = fx.builder().build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fx.runtime.submit(JobSpec.of("bad", "bad.Good")));
        assertMentions(e, "not started");
    }

    @Test
    void submit_afterClose_throwsIllegalState() {
        fx.drop("bad.jar", bad("1"));
        fx.start();
        fx.awaitVersion("bad", "1");
        fx.runtime.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fx.runtime.submit(JobSpec.of("bad", "bad.Good")));
        assertMentions(e, "closed");
    }
}
