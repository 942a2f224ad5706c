package io.modulets.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.api.JobSubmissionException;
import io.modulets.testkit.ModuleJar;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 12 for classes that cannot be defined: the JVM's error keeps its type (a caller can still catch
 * {@code NoClassDefFoundError} or {@code UnsupportedClassVersionError}) and gains the module and version in
 * its message once, whatever the route (a submit, or module code loading a class).
 */
class LoaderErrorsTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @TempDir
    Path scratch;

    /** A class file with its major version raised beyond any JDK's. */
    private static byte[] fromTheFuture(byte[] classFile) {
        byte[] bytes = classFile.clone();
        bytes[6] = (byte) 0x7f;
        bytes[7] = (byte) 0xff;
        return bytes;
    }

    private static byte[] entry(ModuleJar jar, String name) {
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar.toBytes()))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return zip.readAllBytes();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalArgumentException(name + " not in the jar");
    }

    private void start() {
        Path base = ModuleJar.named("base").version("1")
                .source("base.Base", "package base; public class Base {}")
                .writeTo(scratch.resolve("base.jar"));
        byte[] future = entry(ModuleJar.named("tmp").version("1").source("odd.Future", "package odd; public class Future {}"),
                "odd/Future.class");
        fx.drop("odd.jar", ModuleJar.named("odd").version("1")
                .compileAgainst(base) // base is not in the jar nor required: Orphan's superclass is missing at run time
                .source("odd.Orphan", """
                        package odd;
                        public class Orphan extends base.Base implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) { return "never"; }
                        }
                        """)
                .source("odd.Touch", """
                        package odd;
                        public class Touch implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) throws Exception {
                                try {
                                    Class.forName(ctx.arg("class"));
                                    return "loaded";
                                } catch (LinkageError e) {
                                    return e.getClass().getName() + ": " + e.getMessage();
                                }
                            }
                        }
                        """)
                .resource("odd/Future.class", fromTheFuture(future))
                .resource("odd/Garbage.class", "not a class file".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        fx.start();
        fx.awaitVersion("odd", "1");
    }

    @Test
    void submit_superclassMissing_causeIsNoClassDefFoundErrorNamingModuleOnce() {
        start();

        JobSubmissionException failure = assertThrows(JobSubmissionException.class,
                () -> fx.runtime.submit(JobSpec.of("odd", "odd.Orphan")));

        NoClassDefFoundError cause = assertInstanceOf(NoClassDefFoundError.class, failure.getCause());
        assertTrue(cause.getMessage().contains("base/Base") || cause.getMessage().contains("base.Base"), cause.getMessage());
        assertEquals(1, occurrences(failure.getMessage(), "odd 1"), failure.getMessage());
    }

    @Test
    void loadClass_classFileTooNew_unsupportedClassVersionErrorNamingModule() {
        assertModuleCodeCatches(UnsupportedClassVersionError.class, "odd.Future");
    }

    @Test
    void loadClass_malformedClassFile_classFormatErrorNamingModule() {
        assertModuleCodeCatches(ClassFormatError.class, "odd.Garbage");
    }

    /** Module code loading {@code className} catches an error of exactly {@code type}, naming the module once. */
    private void assertModuleCodeCatches(Class<? extends LinkageError> type, String className) {
        start();

        String seen = RuntimeFixture.result(fx.runtime.submit(JobSpec.of("odd", "odd.Touch").withArg("class", className)));

        assertTrue(seen.startsWith(type.getName() + ": "), seen);
        assertEquals(1, occurrences(seen, "odd 1"), seen);
    }

    private static int occurrences(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
