package io.modulets.runtime.deploy;

import static io.modulets.runtime.deploy.PolicyBench.jar;
import static io.modulets.runtime.deploy.PolicyBench.module;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Operator pins in the deploy policy (rule 5's exception), as a table: a folder story with pins and unpins, the
 * module map it ends with, which pins hold, and the refusals. Pure: no files, no threads, a fake clock.
 */
class DeployPolicyPinTest {

    private static Arguments row(String story, UnaryOperator<PolicyBench> script, Map<String, String> current,
            Map<String, String> pins, List<String> refused) {
        return Arguments.of(story, script, current, pins, refused);
    }

    static Stream<Arguments> stories() {
        return Stream.of(
                row("a pin wins over a newer file",
                        b -> b.drop("a-1.jar", jar("a", "1")).start().drop("a-2.jar", jar("a", "2")).event("a-2.jar")
                                .pin(module("a", "1")),
                        Map.of("a", "1"), Map.of("a", "1"), List.of()),
                row("a file arriving after the pin changes nothing",
                        b -> b.drop("a-1.jar", jar("a", "1")).start().pin(module("a", "1"))
                                .drop("a-3.jar", jar("a", "3")).event("a-3.jar"),
                        Map.of("a", "1"), Map.of("a", "1"), List.of()),
                row("unpin gives the module back to the newest file",
                        b -> b.drop("a-1.jar", jar("a", "1")).drop("a-2.jar", jar("a", "2")).start()
                                .pin(module("a", "1")).unpin("a"),
                        Map.of("a", "2"), Map.of(), List.of()),
                row("a pinned module stays when its files leave the folder",
                        b -> b.drop("a-1.jar", jar("a", "1")).start().pin(module("a", "1"))
                                .delete("a-1.jar").rescan(),
                        Map.of("a", "1"), Map.of("a", "1"), List.of()),
                row("unpinned with no file left: the module leaves",
                        b -> b.drop("a-1.jar", jar("a", "1")).start().pin(module("a", "1"))
                                .delete("a-1.jar").rescan().unpin("a"),
                        Map.of(), Map.of(), List.of()),
                row("a pinned version may be one no file offers any more (from the store)",
                        b -> b.drop("a-2.jar", jar("a", "2")).start().pin(module("a", "1")),
                        Map.of("a", "1"), Map.of("a", "1"), List.of()),
                row("a pin whose requirement is missing is refused, and nothing changes",
                        b -> b.drop("a-2.jar", jar("a", "2")).start().pin(module("a", "1", "lib")),
                        Map.of("a", "2"), Map.of(), List.of("a 1")),
                row("a pin whose requirement the folder offers holds",
                        b -> b.drop("a-2.jar", jar("a", "2")).drop("lib.jar", jar("lib", "1")).start()
                                .pin(module("a", "1", "lib")),
                        Map.of("a", "1", "lib", "1"), Map.of("a", "1"), List.of()),
                row("a pinned library keeps its users' requirement met when its file leaves",
                        b -> b.drop("lib.jar", jar("lib", "1")).drop("app.jar", jar("app", "1", "lib")).start()
                                .pin(module("lib", "1")).delete("lib.jar").rescan(),
                        Map.of("app", "1", "lib", "1"), Map.of("lib", "1"), List.of()),
                row("unpinning a module that is not pinned changes nothing",
                        b -> b.drop("a-1.jar", jar("a", "1")).start().unpin("a"),
                        Map.of("a", "1"), Map.of(), List.of()),
                row("a restart with a pin deploys it with the folder in one change",
                        b -> b.restartWithPins(module("a", "1")).drop("a-2.jar", jar("a", "2"))
                                .drop("b.jar", jar("b", "1")).start(),
                        Map.of("a", "1", "b", "1"), Map.of("a", "1"), List.of()),
                row("a restart with a pin and an empty folder still deploys the pin",
                        b -> b.restartWithPins(module("a", "1")).start(),
                        Map.of("a", "1"), Map.of("a", "1"), List.of()),
                row("a second pin of the same module replaces the first",
                        b -> b.drop("a-3.jar", jar("a", "3")).start().pin(module("a", "1")).pin(module("a", "2")),
                        Map.of("a", "2"), Map.of("a", "2"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stories")
    void pins(String story, UnaryOperator<PolicyBench> script, Map<String, String> current, Map<String, String> pins,
            List<String> refused) {
        PolicyBench bench = script.apply(new PolicyBench());

        assertEquals(current, bench.current(), "current module map");
        Map<String, String> held = new java.util.TreeMap<>();
        bench.state().pins().forEach((name, version) -> held.put(name, version.version()));
        assertEquals(pins, held, "pins");
        assertEquals(refused, bench.of(Action.RefusePin.class).stream().map(r -> r.module().toString()).toList(), "refused pins");
        bench.of(Action.RefusePin.class).forEach(r -> assertTrue(r.reason().contains("'lib'"), r.reason()));
    }
}
