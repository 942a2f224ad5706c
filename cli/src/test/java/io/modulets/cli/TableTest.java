package io.modulets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Tables for a person: aligned columns under a header. */
class TableTest {

    @Test
    void render_cellsOfDifferentWidths_columnsAlignedTwoSpacesApartNoTrailingBlanks() {
        Table table = new Table("MODULE", "VERSION", "LIVE").row("app", "2", "1 in ns-1; 2 in ns-2")
                .row("pricing-engine", "10.4.1", null);

        assertEquals("""
                MODULE          VERSION  LIVE
                app             2        1 in ns-1; 2 in ns-2
                pricing-engine  10.4.1
                """, table.render());
    }

    @Test
    void row_cellWithLineBreaks_staysOneLine() {
        assertEquals("A  B\nx  one two\n", new Table("A", "B").row("x", "one\ntwo").render());
    }

    @Test
    void row_wrongNumberOfCells_failsNamingTheColumns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("x"));
        assertEquals("a row of 1 cells in a table of 2 columns [A, B]", e.getMessage());
    }
}
