package io.modulets.cli;

import java.io.PrintWriter;

/**
 * Where a command writes: stdout for what it answers (a table, a line or JSON), stderr for what went wrong. Not
 * thread-safe.
 */
final class Output {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final Times times;

    Output(PrintWriter out, PrintWriter err, boolean json, Times times) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.times = times;
    }

    /** Whether the user asked for JSON. */
    boolean json() {
        return json;
    }

    Times times() {
        return times;
    }

    /** A line on stdout. */
    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** {@code value} as JSON on stdout. */
    void json(Object value) {
        line(Json.write(value));
    }

    /** {@code table} on stdout, or {@code whenEmpty} if it has no row. */
    void table(Table table, String whenEmpty) {
        out.print(table.isEmpty() ? whenEmpty + "\n" : table.render());
        out.flush();
    }

    /** A line on stderr, after the program's name. */
    void error(String text) {
        err.println("modulets: " + text);
        err.flush();
    }
}
