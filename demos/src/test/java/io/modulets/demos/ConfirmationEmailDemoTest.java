package io.modulets.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConfirmationEmailDemoTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    @Test
    void run_updateWhileJobsWaitForReplies_everyJobAndRestartKeepsItsVersionAndOldVersionIsCollected() throws Exception {
        int status = new ConfirmationEmailDemo(out).run();

        String text = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(text.contains("sent: To: alice@example.com | Please confirm your subscription"), text);
        assertTrue(text.contains("sent: To: bob@example.com | Please confirm your subscription"), text);
        assertTrue(text.contains("send_email crashed: SMTP connection reset"), text);
        assertTrue(text.contains("sent: To: carol@example.com | Please confirm your subscription"), text);
        assertTrue(text.contains("right: the message of email 1, also after the restart"), text);
        assertTrue(text.contains("sent: [bounce-tracking] To: dave@example.com"), text);
        assertTrue(text.contains("retired ns-1{email=1@"), text);
        assertTrue(text.contains("collected email 1:"), text);
        assertTrue(text.contains("4 of 4 jobs sent the message of their own version; crashed send_email restarted on "
                + "its job's version: yes; email 1 retired and collected: yes."), text);
        assertFalse(text.contains("WRONG"), text);
        assertFalse(text.contains("[bounce-tracking] To: carol"), text);
    }
}
