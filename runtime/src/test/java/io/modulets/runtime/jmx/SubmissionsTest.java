package io.modulets.runtime.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a job's result becomes the text a JMX client reads. */
class SubmissionsTest {

    @Test
    void textOf_resultLongerThanTheLimit_isCutToTheLimit() {
        String text = Submissions.textOf(new StringBuilder("x".repeat(Submissions.MAX_RESULT_CHARS + 5)));

        assertEquals(Submissions.MAX_RESULT_CHARS, text.length());
    }

    @Test
    void textOf_nullResult_isTheWordNull() {
        assertEquals("null", Submissions.textOf(null));
    }

    @Test
    void textOf_toStringThrows_namesTheClassAndTheFailure() {
        Object awkward = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text today");
            }
        };

        String text = Submissions.textOf(awkward);

        assertTrue(text.contains(awkward.getClass().getName()) && text.contains("no text today"), text);
    }
}
