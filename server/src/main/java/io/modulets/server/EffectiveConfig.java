package io.modulets.server;

import io.modulets.runtime.quarkus.ModuletsConfig;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The settings the server will run with, read before Quarkus starts, from the same places and in the same order
 * as Quarkus reads them (the command line, then system properties, environment variables, the server's
 * {@code application.properties}, the mappings' defaults), so that the checks made before anything starts
 * (the folder's permissions, the state folder's lock, the JMX port) see what the runtime will use.
 *
 * @param runtime the {@code modulets.*} settings
 * @param server the {@code modulets-server.*} settings
 * @param watchDir the watched folder, absolute
 * @param stateDir the state folder, absolute
 */
record EffectiveConfig(ModuletsConfig runtime, ServerConfig server, Path watchDir, Path stateDir) {

    /** Above system properties (400): an option wins over {@code -D}. */
    private static final int COMMAND_LINE_ORDINAL = 500;
    /** Quarkus' ordinal for {@code application.properties} in the application. */
    private static final int APPLICATION_PROPERTIES_ORDINAL = 250;

    /**
     * Reads and checks every setting.
     *
     * @param commandLine the keys and values the options gave
     * @throws StartupRefused naming the first setting whose value does not convert, or an unknown {@code modulets.*} key
     */
    static EffectiveConfig read(Map<String, String> commandLine) throws StartupRefused {
        SmallRyeConfig config;
        try {
            config = new SmallRyeConfigBuilder()
                    .withProfile(profile())
                    .addDefaultInterceptors()
                    .addDiscoveredConverters()
                    .addSystemSources()
                    .withSources(applicationProperties())
                    .withSources(new PropertiesConfigSource(commandLine, "command line", COMMAND_LINE_ORDINAL))
                    .withMapping(ModuletsConfig.class)
                    .withMapping(ServerConfig.class)
                    .build();
        } catch (ConfigValidationException e) {
            throw new StartupRefused("bad configuration: " + problems(e));
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            throw new StartupRefused("bad configuration: " + firstLine(e.getMessage()));
        }
        ModuletsConfig runtime = config.getConfigMapping(ModuletsConfig.class);
        ServerConfig server = config.getConfigMapping(ServerConfig.class);
        return new EffectiveConfig(runtime, server, absolute(runtime.watchDir()), absolute(runtime.stateDir()));
    }

    private static String profile() {
        String profile = System.getProperty("quarkus.profile", System.getenv("QUARKUS_PROFILE"));
        return profile == null ? "prod" : profile;
    }

    private static List<org.eclipse.microprofile.config.spi.ConfigSource> applicationProperties() {
        List<org.eclipse.microprofile.config.spi.ConfigSource> sources = new ArrayList<>();
        try {
            for (URL url : Collections.list(EffectiveConfig.class.getClassLoader().getResources("application.properties"))) {
                sources.add(new PropertiesConfigSource(url, APPLICATION_PROPERTIES_ORDINAL));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the server's application.properties", e);
        }
        return sources;
    }

    private static String problems(ConfigValidationException e) {
        String first = firstLine(e.getProblem(0).getMessage());
        return e.getProblemCount() == 1 ? first : first + " (and " + (e.getProblemCount() - 1) + " more problems)";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private static Path absolute(String dir) {
        return Path.of(dir).toAbsolutePath().normalize();
    }
}
