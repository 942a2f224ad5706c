package io.modulets.runtime.jmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The runtime's ObjectNames, in the domain {@value #DOMAIN}: {@code type=Runtime,name=<runtime>},
 * {@code type=Module,runtime=<runtime>,name=<module>}, {@code type=Namespace,runtime=<runtime>,name=<namespace id>}.
 * A value that ObjectName syntax does not allow as it is (a comma, an equals sign, a colon, a quote, a star, a
 * question mark, a backslash or a line break in it) is quoted with {@link ObjectName#quote}.
 */
final class ObjectNames {

    static final String DOMAIN = "io.modulets";

    private ObjectNames() {
    }

    static ObjectName runtime(String runtime) {
        return of("type=Runtime,name=" + value(runtime));
    }

    static ObjectName module(String runtime, String module) {
        return of("type=Module,runtime=" + value(runtime) + ",name=" + value(module));
    }

    static ObjectName namespace(String runtime, String namespaceId) {
        return of("type=Namespace,runtime=" + value(runtime) + ",name=" + value(namespaceId));
    }

    /** {@code text} as an ObjectName value: as it is if the syntax allows it, else quoted. */
    static String value(String text) {
        if (text.isEmpty()) {
            return ObjectName.quote(text);
        }
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case ',', '=', ':', '"', '*', '?', '\\', '\n', '\r' -> {
                    return ObjectName.quote(text);
                }
                default -> {
                }
            }
        }
        return text;
    }

    private static ObjectName of(String properties) {
        try {
            return new ObjectName(DOMAIN + ":" + properties);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("cannot make an ObjectName of " + properties + ": " + e.getMessage(), e);
        }
    }
}
