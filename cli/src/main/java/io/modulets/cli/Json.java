package io.modulets.cli;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * A tiny JSON writer for the CLI's {@code --json} output: maps (in their iteration order), collections, arrays,
 * records (their components, in declaration order), text, numbers, booleans and null. Text is escaped as RFC 8259
 * asks: the quote, the backslash and every control character; the rest is written as it is (the output is UTF-8).
 * Stateless and thread-safe.
 */
final class Json {

    private Json() {
    }

    /** {@code value} as JSON text, on one line. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String text -> string(out, text);
            case Boolean b -> out.append(b);
            case Integer n -> out.append(n);
            case Long n -> out.append(n);
            case Number n -> number(out, n);
            case Map<?, ?> map -> object(out, map);
            case Collection<?> items -> array(out, items.toArray());
            case Object[] items -> array(out, items);
            case Record record -> record(out, record);
            default -> string(out, value.toString());
        }
    }

    private static void number(StringBuilder out, Number n) {
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null"); // JSON has no NaN nor infinity
        } else {
            out.append(n);
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, String.valueOf(entry.getKey()));
            out.append(':');
            append(out, entry.getValue());
        }
        out.append('}');
    }

    private static void array(StringBuilder out, Object[] items) {
        out.append('[');
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            append(out, items[i]);
        }
        out.append(']');
    }

    private static void record(StringBuilder out, Record record) {
        out.append('{');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, components[i].getName());
            out.append(':');
            try {
                append(out, components[i].getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + components[i] + " of " + record.getClass(), e);
            }
        }
        out.append('}');
    }

    /** {@code text} as a JSON string, quotes included. */
    static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
