package io.modulets.cli;

import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modulets unpin <module>}: gives a module back to the folder (its newest file decides again). */
@Command(name = "unpin", description = "Gives a module back to the folder: its newest file decides its version again.")
final class UnpinCommand extends ServerCommand {

    @Parameters(index = "0", paramLabel = "MODULE", description = "The module's name.")
    String module;

    @Override
    int run(RuntimeControlMXBean runtime, Output out) {
        boolean wasPinned = runtime.unpin(module);
        if (out.json()) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("module", module);
            answer.put("wasPinned", wasPinned);
            out.json(answer);
        } else if (wasPinned) {
            out.line("unpinned " + module + ": the folder decides its version again");
        } else {
            out.line(module + " was not pinned: nothing changed");
        }
        return 0;
    }
}
