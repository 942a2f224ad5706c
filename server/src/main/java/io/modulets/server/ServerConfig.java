package io.modulets.server;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The server's own settings, under the prefix {@code modulets-server}: kept apart from the runtime's
 * {@code modulets.*} mapping, which rejects keys it does not know. Each is also a command-line option
 * ({@code --jmx-port=9010}), as every {@code modulets.*} setting is.
 */
@ConfigMapping(prefix = "modulets-server")
public interface ServerConfig {

    /**
     * {@code modulets-server.jmx-port}: a TCP port for a JMX connector that remote clients reach with a user and
     * password from {@link #jmxPasswordFile()}. Absent (the default), JMX is local only: same OS user, through
     * the JDK's attach mechanism, as jconsole does.
     */
    Optional<Integer> jmxPort();

    /**
     * {@code modulets-server.jmx-password-file}: the users of the JMX port, one {@code user password} per line
     * ({@code #} starts a comment), in the format of the JDK's {@code jmxremote.password}. Only its owner may
     * read it.
     */
    Optional<String> jmxPasswordFile();

    /**
     * {@code modulets-server.allow-writable-watch-dir}: start even though other users can write to the watched
     * folder (or to a parent of it), which lets them run code as this user.
     */
    @WithDefault("false")
    boolean allowWritableWatchDir();
}
