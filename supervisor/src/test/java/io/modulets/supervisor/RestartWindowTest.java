package io.modulets.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RestartWindowTest {

    @Test
    void add_olderRestartsOutsidePeriod_areTrimmed() {
        assertEquals(List.of(100L, 95L, 90L), RestartWindow.add(List.of(95L, 90L, 89L, 10L), 100, 10));
    }

    @Test
    void add_restartExactlyOnePeriodOld_isKept() {
        assertEquals(List.of(100L, 90L), RestartWindow.add(List.of(90L), 100, 10));
    }

    @Test
    void add_clockWrapsAround_measuresByDifference() {
        long beforeWrap = Long.MAX_VALUE - 2;
        long afterWrap = beforeWrap + 5; // overflows to a negative number, as System.nanoTime may

        assertEquals(List.of(afterWrap, beforeWrap), RestartWindow.add(List.of(beforeWrap), afterWrap, 10));
        assertEquals(List.of(afterWrap), RestartWindow.add(List.of(beforeWrap), afterWrap, 4));
    }

    @Test
    void exceeded_countAboveIntensity_isTrueOnlyThen() {
        assertFalse(RestartWindow.exceeded(List.of(1L, 2L), 2));
        assertTrue(RestartWindow.exceeded(List.of(1L, 2L, 3L), 2));
        assertTrue(RestartWindow.exceeded(List.of(1L), 0));
    }
}
