package io.modulets.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime's own counts and outstanding leak suspects, fed events as the hub's tap feeds them. */
class TallyTest {

    private static RuntimeEvent.LeakSuspected suspect(String loader) {
        return new RuntimeEvent.LeakSuspected(Instant.now(), "lib", "1", Duration.ofSeconds(30), "held by " + loader,
                List.of(), loader);
    }

    private static RuntimeEvent.Collected collected(String loader) {
        return new RuntimeEvent.Collected(Instant.now(), "lib", "1", Duration.ofSeconds(40), true, loader);
    }

    @Test
    void collected_twoLoadersOfOneVersionSuspected_clearsOnlyItsOwnSuspect() {
        Tally tally = new Tally();
        RuntimeEvent.LeakSuspected first = suspect("lib@1#3");
        RuntimeEvent.LeakSuspected second = suspect("lib@1#8"); // the group's loader re-created (rule 7)
        tally.accept(first);
        tally.accept(second);

        tally.accept(collected("lib@1#8"));

        assertEquals(List.of(first), tally.outstandingLeaks());
        assertEquals(2, tally.counts(0, 0, 0).leakSuspects());
        assertEquals(1, tally.counts(0, 0, 0).collections());
    }

    @Test
    void collected_withoutALoaderName_clearsTheOldestSuspectOfItsVersion() {
        Tally tally = new Tally();
        RuntimeEvent.LeakSuspected first = suspect(null);
        tally.accept(first);
        tally.accept(suspect(null));

        tally.accept(new RuntimeEvent.Collected(Instant.now(), "lib", "1", Duration.ofSeconds(40), true));

        assertEquals(1, tally.outstandingLeaks().size());
    }
}
