package io.modulets.cli;

import io.modulets.testkit.ModuleJar;

/**
 * The module {@code app} the CLI's tests deploy, each version saying which it is: {@code app.Hello} answers
 * {@code hello from app <version>}; {@code app.Hold} waits until the file {@code release} names exists (or it is
 * interrupted) and answers {@code released on app <version>}; {@code app.Fail} throws; {@code app.Keep} leaves an object
 * of its own class on the host's {@link io.modulets.cli.testshared.Board}, which keeps its version's loader alive.
 */
final class AppModule {

    private AppModule() {
    }

    static ModuleJar version(String version) {
        return ModuleJar.named("app").version(version)
                .source("app.Hello", """
                        package app;
                        public class Hello implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) {
                                return "hello from app %s" + (ctx.args().containsKey("to") ? " to " + ctx.arg("to") : "");
                            }
                        }
                        """.formatted(version))
                .source("app.Hold", """
                        package app;
                        import java.nio.file.Files;
                        import java.nio.file.Path;
                        public class Hold implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) throws InterruptedException {
                                Path release = Path.of(ctx.arg("release"));
                                while (!Files.exists(release)) {
                                    Thread.sleep(20);
                                }
                                return "released on app %s";
                            }
                        }
                        """.formatted(version))
                .source("app.Fail", """
                        package app;
                        public class Fail implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) {
                                throw new IllegalStateException("no such order: " + ctx.args().getOrDefault("order", "?"));
                            }
                        }
                        """)
                .source("app.Held", "package app; public final class Held { }")
                .source("app.Keep", """
                        package app;
                        public class Keep implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) {
                                io.modulets.cli.testshared.Board.put("kept-%s", new Held());
                                return "kept";
                            }
                        }
                        """.formatted(version));
    }
}
