package io.modulets.server;

import io.modulets.runtime.quarkus.ModuletsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The server's command line: one {@code --<key>=<value>} (or {@code --<key> <value>}) option for every setting of the
 * runtime's {@code modulets.*} mapping ({@link ModuletsConfig}) and of the server's {@code modulets-server.*} one
 * ({@link ServerConfig}), derived from their methods, so a setting added to either is an option at once; and
 * {@code --help}. A boolean option alone ({@code --allow-writable-watch-dir}) means true. Immutable.
 */
final class ServerOptions {

    /** The runtime's configuration prefix. */
    static final String RUNTIME_PREFIX = "modulets";
    /** The server's own configuration prefix. */
    static final String SERVER_PREFIX = "modulets-server";

    private final Map<String, OptionSpec> byName;
    private final Properties packagedDefaults;

    private ServerOptions(List<OptionSpec> specs, Properties packagedDefaults) {
        Map<String, OptionSpec> map = new LinkedHashMap<>();
        specs.forEach(spec -> {
            if (map.put(spec.name(), spec) != null) {
                throw new IllegalStateException("two settings give the option --" + spec.name()
                        + ": rename one of them in ModuletsConfig or ServerConfig");
            }
        });
        this.byName = map;
        this.packagedDefaults = packagedDefaults;
    }

    /** The options of the two mappings, with the defaults of the server's {@code application.properties}. */
    static ServerOptions standard() {
        List<OptionSpec> specs = Stream.concat(OptionSpec.of(ModuletsConfig.class, RUNTIME_PREFIX).stream(),
                OptionSpec.of(ServerConfig.class, SERVER_PREFIX).stream()).toList();
        return new ServerOptions(specs, packagedProperties());
    }

    /** What the command line asks for: help, or a start with these settings. */
    sealed interface Invocation {
    }

    /** {@code --help}: print {@link #help()} and exit 0. */
    record Help() implements Invocation {
    }

    /** Start the server; {@code settings} maps configuration keys to the values given, in the order given. */
    record Start(Map<String, String> settings) implements Invocation {
    }

    /**
     * Reads the command line.
     *
     * @throws StartupRefused for an unknown option, a missing value, a value the option does not take, or an argument
     *     that is not an option
     */
    Invocation parse(String... args) throws StartupRefused {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new Help();
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new StartupRefused("unexpected argument '" + arg + "': the server takes only options"
                        + " (--watch-dir=DIR, ...); see --help");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            OptionSpec spec = byName.get(name);
            if (spec == null) {
                throw new StartupRefused("unknown option --" + name + "; see --help for the options");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (spec.kind() == OptionSpec.Kind.BOOLEAN) {
                boolean next = i + 1 < args.length && (args[i + 1].equalsIgnoreCase("true") || args[i + 1].equalsIgnoreCase("false"));
                value = next ? args[++i] : "true";
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new StartupRefused("option --" + name + " needs a value: --" + name + "=<" + spec.kind().placeholder() + ">");
            }
            spec.check(value);
            settings.put(spec.key(), value);
        }
        return new Start(settings);
    }

    /** Every option, by name. */
    List<OptionSpec> specs() {
        return List.copyOf(byName.values());
    }

    /** What {@code --help} prints: usage, each option with its default and configuration key, exit codes. */
    String help() {
        List<String> lines = new ArrayList<>();
        lines.add("Usage: modulets server [--<option>=<value> | --<option> <value>]...");
        lines.add("Runs the Modulets runtime on a folder of module jars until SIGTERM or Ctrl-C, then drains its jobs.");
        lines.add("");
        lines.add("Options (each is also a configuration key: in application.properties, as -D<key>=<value>,");
        lines.add("or as an environment variable such as MODULETS_WATCH_DIR; an option wins over all of them):");
        for (OptionSpec spec : byName.values()) {
            String option = "  --" + spec.name() + "=<" + spec.kind().placeholder() + ">";
            String shown = defaultOf(spec).map(d -> "default " + d).orElse("no default");
            lines.add(String.format("%-48s %-22s %s", option, shown, spec.key()));
        }
        lines.add(String.format("%-48s %s", "  --help", "print this and exit"));
        lines.add("");
        lines.add("Durations: 500ms, 10s, 5m, 2h, 1d or ISO-8601 (PT10S). Relative folders are relative to the working directory.");
        lines.add("Exit status: 0 stopped and drained; 1 some job ignored its cancellation at the drain timeout (or the");
        lines.add("runtime failed); 2 refused to start (bad option or setting, unsafe folder, state folder in use, JMX port");
        lines.add("without a password file); 143 a second SIGTERM ended the drain at once.");
        return String.join(System.lineSeparator(), lines);
    }

    /** The value a setting has when nothing overrides it: the mapping's default, else the packaged properties'. */
    Optional<String> defaultOf(OptionSpec spec) {
        if (spec.defaultValue() != null) {
            return Optional.of(spec.defaultValue());
        }
        return Optional.ofNullable(packagedDefaults.getProperty(spec.key()));
    }

    private static Properties packagedProperties() {
        Properties props = new Properties();
        try (InputStream in = ServerOptions.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server's application.properties", e);
        }
        return props;
    }
}
