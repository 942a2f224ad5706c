package io.modulets.runtime.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule 1 as a pure function: name and version from the manifest, else the file name, else the digest. */
class ModuleIdentityTest {

    private static final String DIGEST = "0123456789abcdef".repeat(4);

    @Test
    void of_mavenStyleNames_nameEndsAtTheDashBeforeTheFirstDigit() throws Exception {
        assertEquals(List.of("my-lib", "2.3.1"), nameAndVersion("my-lib-2.3.1.jar", Map.of()));
        assertEquals(List.of("lib", "2.3.1-SNAPSHOT"), nameAndVersion("lib-2.3.1-SNAPSHOT.jar", Map.of()));
        assertEquals(List.of("lib-v2", DIGEST.substring(0, 12)), nameAndVersion("lib-v2.jar", Map.of()));
        assertEquals(List.of("lib", "7"), nameAndVersion("lib-2.3.1.jar", Map.of("Modulet-Version", "7")));
    }

    private static List<String> nameAndVersion(String fileName, Map<String, String> manifest) throws Exception {
        ModuleIdentity identity = ModuleIdentity.of(fileName, manifest, DIGEST);
        return List.of(identity.name(), identity.version());
    }
}
