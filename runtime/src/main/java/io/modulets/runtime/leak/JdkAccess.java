package io.modulets.runtime.leak;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which packages of {@code java.base} the JVM was started to open to the runtime, and so which remedies can look
 * into the JDK: shutdown hooks and other threads' ThreadLocals ({@code java.lang}), the task queue of a
 * {@code java.util.Timer} ({@code java.util}), the pool behind an executor's worker thread
 * ({@code java.util.concurrent}), and the virtual threads the JDK tracks ({@code jdk.internal.vm}). Without them
 * those remedies name what they would have undone, where they can, and the runtime says once at start which
 * options turn them on.
 */
public final class JdkAccess {

    /** The packages of {@code java.base} the remedies look into, in the order the start line names them. */
    static final List<String> PACKAGES = List.of("java.lang", "java.util", "java.util.concurrent", "jdk.internal.vm",
            "jdk.internal.misc");

    /** The package whose absence only stops static fields being read, so the start line says it apart. */
    private static final String STATICS = "jdk.internal.misc";

    private final Module runtime;
    private final List<String> opened;

    private JdkAccess(Module runtime, List<String> opened) {
        this.runtime = runtime;
        this.opened = List.copyOf(opened);
    }

    /** What this JVM opens to the runtime's own module (the unnamed module of its loader, on a class path). */
    public static JdkAccess ofThisJvm() {
        Module runtime = JdkAccess.class.getModule();
        Module base = Object.class.getModule();
        List<String> opened = new ArrayList<>();
        for (String pkg : PACKAGES) {
            if (base.isOpen(pkg, runtime)) {
                opened.add(pkg);
            }
        }
        return new JdkAccess(runtime, opened);
    }

    /** As if the JVM opened only {@code packages} (for tests of what the remedies do without access). */
    static JdkAccess only(List<String> packages) {
        return new JdkAccess(JdkAccess.class.getModule(), packages);
    }

    /** Whether {@code java.base}'s package {@code pkg} is open to the runtime, so its private fields can be read. */
    public boolean opens(String pkg) {
        Objects.requireNonNull(pkg, "pkg");
        return opened.contains(pkg);
    }

    /** The JVM options that would open what is not open, such as {@code --add-opens java.base/java.lang=ALL-UNNAMED}. */
    public List<String> missingOptions() {
        return missingOptions(PACKAGES);
    }

    /** The options that would open those of {@code packages} that are not open; empty if all are. */
    List<String> missingOptions(List<String> packages) {
        String target = runtime.isNamed() ? runtime.getName() : "ALL-UNNAMED";
        List<String> missing = new ArrayList<>();
        for (String pkg : packages) {
            if (!opened.contains(pkg)) {
                missing.add("--add-opens java.base/" + pkg + "=" + target);
            }
        }
        return missing;
    }

    /** What the remedies can undo only with {@code pkg} open. */
    private static String needs(String pkg) {
        return switch (pkg) {
            case "java.lang" -> "shutdown hooks, other threads' ThreadLocals and the tasks threads run";
            case "java.util" -> "java.util.Timer threads";
            case "java.util.concurrent" -> "the thread pools behind worker threads";
            default -> "virtual threads";
        };
    }

    /** The one line the runtime logs at start about what the remedies can reach. */
    public String startLine() {
        List<String> missing = missingOptions();
        if (missing.isEmpty()) {
            return "leak remedies: the JDK is opened to the runtime, so shutdown hooks, other threads' ThreadLocals, timers,"
                    + " pools behind threads and virtual threads of retired versions are undone too, and static fields named";
        }
        List<String> named = new ArrayList<>();
        for (String pkg : PACKAGES) {
            if (!opened.contains(pkg) && !pkg.equals(STATICS)) {
                named.add(needs(pkg));
            }
        }
        String onlyNamed = named.isEmpty() ? "" : String.join(", ", named) + " of retired versions are only named, not undone; ";
        String statics = opened.contains(STATICS) ? "" : "static fields holding retired versions are not looked at; ";
        return "leak remedies: " + onlyNamed + statics + "start the JVM with " + String.join(" ", missing) + " to undo and name them";
    }
}
