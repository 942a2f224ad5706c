package io.modulets.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MagicNumberDemoTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    private String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_withModulets_everyJobPassesAndOldVersionsAreCollected() throws Exception {
        int status = new MagicNumberDemo(out).run(new String[] {"4"});

        String text = output();
        assertEquals(0, status, text);
        assertTrue(text.startsWith("Beginning with 4 in "), text);
        for (int number = 1001; number <= 1004; number++) {
            assertTrue(text.contains("Passed. I have the right magic number " + number), text);
        }
        assertTrue(text.contains("overwrites magic.jar in place"), text);
        assertTrue(text.contains("by atomic rename"), text);
        for (int version = 1; version <= 3; version++) {
            assertTrue(text.contains("retired ns-" + version + "{magic=" + version + "@"), text);
            assertTrue(text.contains("collected magic " + version + ":"), text);
        }
        assertTrue(text.contains("Live namespaces now: [ns-4]"), text);
        assertFalse(text.contains("Wrong magic number"), text);
    }

    @Test
    void run_withoutIsolation_jobsSeeWrongNumbersAndExitNonZero() throws Exception {
        int status = new MagicNumberDemo(out).run(new String[] {"3", "--no-isolation"});

        String text = output();
        assertEquals(1, status, text);
        assertTrue(text.contains("Wrong magic number. Expected 1001 but got 1003"), text);
        assertTrue(text.contains("Wrong magic number. Expected 1002 but got 1003"), text);
    }

    @Test
    void run_badArguments_printsUsageAndExitsTwo() throws Exception {
        assertEquals(2, new MagicNumberDemo(out).run(new String[] {"--fast"}));
        assertEquals(2, new MagicNumberDemo(out).run(new String[] {"2"}));
        assertTrue(output().contains("usage: magic-number.sh"), output());
        assertTrue(output().contains("N must be between 3 and 200, was 2"), output());
    }
}
