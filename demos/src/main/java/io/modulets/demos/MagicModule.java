package io.modulets.demos;

import io.modulets.testkit.ModuleJar;

/**
 * The module of the story: {@code magic.Magic} knows a magic number, {@code magic.MagicJob} waits for the
 * gate, then asks {@code Magic} for its number (the first time any job touches that class) and compares it
 * with the number it was told to expect.
 */
final class MagicModule {

    static final String NAME = "magic";
    static final String JOB_CLASS = "magic.MagicJob";

    private MagicModule() {
    }

    /** The jar of version {@code version}, whose magic number is {@code 1000 + version}. */
    static byte[] jar(int version) {
        return ModuleJar.named(NAME).version(Integer.toString(version))
                .source("magic.Magic", """
                        package magic;
                        public class Magic {
                            public static int number() { return %d; }
                        }
                        """.formatted(magicNumber(version)))
                .source(JOB_CLASS, """
                        package magic;
                        import io.modulets.api.Job;
                        import io.modulets.api.JobContext;
                        import io.modulets.demos.shared.Gate;
                        public class MagicJob implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                int expected = Integer.parseInt(ctx.arg("expected"));
                                Gate.await(ctx.arg("gate"));
                                int actual = Magic.number();
                                return actual == expected
                                        ? "Passed. I have the right magic number " + actual
                                        : "Wrong magic number. Expected " + expected + " but got " + actual;
                            }
                        }
                        """)
                .toBytes();
    }

    static int magicNumber(int version) {
        return 1000 + version;
    }
}
