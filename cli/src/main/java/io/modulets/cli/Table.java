package io.modulets.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table for a person: a header and rows, each column as wide as its widest cell, two spaces between columns, the
 * last column not padded. A cell's line breaks become spaces, so one row is one line. Not thread-safe.
 */
final class Table {

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        this.header = header.clone();
    }

    /** Adds a row; it must have one cell per column (null is shown as empty). */
    Table row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.length
                    + " columns " + Arrays.toString(header));
        }
        String[] texts = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            texts[i] = cells[i] == null ? "" : cells[i].toString().replaceAll("\\R", " ");
        }
        rows.add(texts);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The header and the rows, each line ended by a line break. */
    String render() {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - cells[i].length() + 2));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
