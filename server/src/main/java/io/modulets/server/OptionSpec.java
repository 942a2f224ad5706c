package io.modulets.server;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One command-line option, derived from one method of a configuration mapping: {@code leakDeadline()} of the
 * {@code modulets} mapping is {@code --leak-deadline}, for the key {@code modulets.leak-deadline}, with its
 * {@code @WithDefault}. Immutable.
 *
 * @param name the option's name without the dashes, kebab-cased as SmallRye Config names the key
 * @param key the configuration key it sets
 * @param kind what values it takes
 * @param defaultValue the mapping's default, or null if it has none
 */
record OptionSpec(String name, String key, Kind kind, String defaultValue) {

    /** The kinds of values an option takes, each with how it is checked on the command line. */
    enum Kind {
        TEXT("text"),
        DURATION("duration"),
        BOOLEAN("true|false"),
        INTEGER("integer"),
        LIST("a,b,...");

        private final String placeholder;

        Kind(String placeholder) {
            this.placeholder = placeholder;
        }

        /** How help shows a value of this kind: {@code --leak-deadline=<duration>}. */
        String placeholder() {
            return placeholder;
        }
    }

    /** The options of every method of {@code mapping}, a {@code @ConfigMapping} interface with {@code prefix}. */
    static List<OptionSpec> of(Class<?> mapping, String prefix) {
        return java.util.Arrays.stream(mapping.getMethods())
                .filter(m -> m.getParameterCount() == 0 && !m.isDefault() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
                .map(m -> from(m, prefix))
                .sorted(java.util.Comparator.comparing(OptionSpec::name))
                .toList();
    }

    private static OptionSpec from(Method method, String prefix) {
        WithName named = method.getAnnotation(WithName.class);
        String name = named != null ? named.value() : kebab(method.getName());
        WithDefault withDefault = method.getAnnotation(WithDefault.class);
        return new OptionSpec(name, prefix + "." + name, kindOf(method.getGenericReturnType(), method),
                withDefault == null ? null : withDefault.value());
    }

    /** {@code requestGcForVerification} as {@code request-gc-for-verification}, SmallRye's default naming. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Kind kindOf(Type type, Method method) {
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            return kindOf(p.getActualTypeArguments()[0], method);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return Kind.LIST;
        }
        if (type == String.class) {
            return Kind.TEXT;
        }
        if (type == Duration.class) {
            return Kind.DURATION;
        }
        if (type == boolean.class || type == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return Kind.INTEGER;
        }
        throw new IllegalStateException(method + " returns " + type + ", which the server has no command-line option"
                + " for: add its kind to OptionSpec.Kind");
    }

    /**
     * Checks a value given on the command line.
     *
     * @throws StartupRefused naming the option and what it takes
     */
    void check(String value) throws StartupRefused {
        String given = "--" + name + "=" + value;
        switch (kind) {
            case DURATION -> {
                if (!isDuration(value)) {
                    throw new StartupRefused(given + ": not a duration; give a number and a unit (500ms, 10s, 5m, 2h, 1d)"
                            + " or ISO-8601 (PT10S)");
                }
            }
            case BOOLEAN -> {
                String v = value.toLowerCase(Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    throw new StartupRefused(given + ": give true or false");
                }
            }
            case INTEGER -> {
                try {
                    Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new StartupRefused(given + ": not a whole number");
                }
            }
            case TEXT, LIST -> {
                if (value.isBlank()) {
                    throw new StartupRefused(given + ": the value is empty");
                }
            }
        }
    }

    private static boolean isDuration(String value) {
        if (value.isBlank()) {
            return false;
        }
        try {
            return io.quarkus.runtime.configuration.DurationConverter.parseDuration(value) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
