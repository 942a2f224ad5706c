package io.modulets.demos;

import io.modulets.testkit.ModuleJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The module of {@code demos/operate.sh}, built on the fly: {@code OperateModule <dir>} writes {@code greet-1.jar} and
 * {@code greet-2.jar} into {@code dir}. In each version {@code greet.Hello} answers {@code hello from greet <version>},
 * and {@code greet.Wait} waits until the file its argument {@code release} names exists, then answers
 * {@code released: greet <version>'s code finished the job}.
 */
public final class OperateModule {

    static final String NAME = "greet";

    private OperateModule() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (String version : new String[] {"1", "2"}) {
            jar(version).writeTo(dir.resolve(NAME + "-" + version + ".jar"));
        }
    }

    static ModuleJar jar(String version) {
        return ModuleJar.named(NAME).version(version)
                .source("greet.Hello", """
                        package greet;
                        public class Hello implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) {
                                return "hello from greet %s";
                            }
                        }
                        """.formatted(version))
                .source("greet.Wait", """
                        package greet;
                        import java.nio.file.Files;
                        import java.nio.file.Path;
                        public class Wait implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) throws InterruptedException {
                                Path release = Path.of(ctx.arg("release"));
                                while (!Files.exists(release)) {
                                    Thread.sleep(50);
                                }
                                return "released: greet %s's code finished the job";
                            }
                        }
                        """.formatted(version));
    }
}
