package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.hello;
import static io.modulets.runtime.DeployKit.sha256;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 1: a module's name and version come from its manifest, else its file name, else its digest. */
class ModuleIdentityRuleTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    @RegisterExtension
    final LogLines logs = new LogLines("io.modulets");



    @Test
    void deploy_manifestHeadersAndMavenStyleFileName_headersWin() {
        Path file = fx.drop("other-9.9.jar", hello("real", "1.0"));

        fx.start();

        assertEquals(Map.of("real", "1.0"), fx.runtime.current().modules());
        RuntimeEvent.Deployed deployed = fx.awaitEvent(RuntimeEvent.Deployed.class, d -> file.equals(d.file()));
        assertEquals(List.of("real", "1.0"), List.of(deployed.module(), deployed.version()));
    }

    @Test
    void deploy_mavenStyleFileNameWithoutHeaders_nameAndVersionFromFileName() {
        fx.drop("lib-2.3.1.jar", hello("lib", "2.3.1").withoutIdentityHeaders());
        fx.drop("commons-lang3-3.12.0.jar", hello("commons", "3.12.0").withoutIdentityHeaders());

        fx.start();

        assertEquals(Map.of("lib", "2.3.1", "commons-lang3", "3.12.0"), fx.runtime.current().modules());
        assertEquals("lib 2.3.1", result(fx.runtime.<String>submit(JobSpec.of("lib", "lib.Hello"))));
    }

    @Test
    void deploy_plainFileNameWithoutHeaders_versionIsFirst12HexOfSha256() {
        fx.start();
        byte[] bytes = hello("tool", "x").withoutIdentityHeaders().toBytes();

        Path file = ModuleJar.writeAtomically(fx.watchDir.resolve("tool.jar"), bytes);

        String version = sha256(bytes).substring(0, 12);
        fx.awaitVersion("tool", version);
        RuntimeEvent.Deployed deployed = fx.awaitEvent(RuntimeEvent.Deployed.class, d -> file.equals(d.file()));
        assertEquals(version, deployed.version());
        assertEquals("tool x", result(fx.runtime.<String>submit(JobSpec.of("tool", "tool.Hello"))));
    }

    @Test
    void deploy_twoBuildsWithTheSameVersion_namespaceAndDeployedEventTellTheirDigestsApart() {
        fx.start();
        byte[] first = hello("app", "1.0").toBytes();
        byte[] second = hello("app", "1.0").resource("app/build.txt", "second build".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toBytes();

        Path file = ModuleJar.writeAtomically(fx.watchDir.resolve("app.jar"), first);
        RuntimeEvent.Deployed deployedFirst = fx.awaitEvent(RuntimeEvent.Deployed.class,
                d -> sha256(first).equals(d.digest()));
        ModuleJar.writeAtomically(fx.watchDir.resolve("app.jar"), second);
        RuntimeEvent.Deployed deployedSecond = fx.awaitEvent(RuntimeEvent.Deployed.class,
                d -> sha256(second).equals(d.digest()));

        assertEquals(file, deployedFirst.file());
        assertEquals(List.of("1.0", "1.0"), List.of(deployedFirst.version(), deployedSecond.version()));
        assertEquals(Map.of("app", sha256(first)), deployedFirst.namespace().digests());
        assertEquals(sha256(second), fx.runtime.current().digestOf("app"));
        assertEquals(deployedSecond.namespace().id() + "{app=1.0@" + sha256(second).substring(0, 12) + "}",
                fx.runtime.current().toString());
        logs.awaitLine(java.util.logging.Level.INFO, "deployed app 1.0 from app.jar as " + fx.runtime.current());
    }
}
