package streamlab.contention.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import streamlab.contention.Outcome;
import streamlab.contention.Phase;

class EventLineTest {

    @Test
    void eachEventReadsBackAsWritten() {
        assertEquals(new EventLine.Hello(4242, 1_700_000_000_123_456_789L),
                EventLine.parse(EventLine.hello(4242, 1_700_000_000_123_456_789L), 3));
        assertEquals(new EventLine.PhaseAt(2, Phase.HOLDING, 1500, 7),
                EventLine.parse(EventLine.phase(2, Phase.HOLDING, 1500, 7), 3));
        assertEquals(new EventLine.TaskEnd(3, 10, 20, 30, 40, 5, 6, Phase.WRITING, Outcome.OVERWROTE, true, null),
                EventLine.parse(EventLine.taskEnd(3, 10, 20, 30, 40, 5, 6, Phase.WRITING, Outcome.OVERWROTE, true,
                        null), 3));
        assertEquals(new EventLine.TaskEnd(1, 0, 9, 9, 9, 0, 0, Phase.ERROR, Outcome.FAILED, false,
                        "database is locked"),
                EventLine.parse("T 1 0 9 9 9 0 0 ERROR FAILED 0 database is locked", 3));
        assertEquals(new EventLine.Bye(3), EventLine.parse("B 3", 3));
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        assertRefused("this is not an event", "not an event line");
        assertRefused("X 1 2", "unknown event 'X'");
        assertRefused("H 12", "expected 3 fields, found 2");
        assertRefused("H 12 34 56", "more than 3 fields");
        assertRefused("H -1 34", "pid must be positive");
        assertRefused("P 4 HOLDING 10 0", "task 4 is not 1 to 3");
        assertRefused("P 1 IDLE 10 0", "phase IDLE cannot begin");
        assertRefused("P 1 SLEEPING 10 0", "unknown phase 'sleeping'");
        assertRefused("P 1 HOLDING ten 0", "time 'ten' is not a number");
        assertRefused("P 1 HOLDING -5 0", "a time before the hello");
        assertRefused("T 1 50 20 30 40 0 0 WRITING DONE 1", "times out of order");
        assertRefused("T 1 0 0 0 0 0 0 WRITING DONE 2", "locked must be 0 or 1, not '2'");
        assertRefused("T 1 0 0 0 0 0 0 WRITING DONE 1 a message", "a message belongs to FAILED tasks only, and each has one");
        assertRefused("T 1 0 0 0 0 0 0 ERROR FAILED 1", "a message belongs to FAILED tasks only, and each has one");
        assertRefused("P 1 HOLDING  0", "an empty field");
        assertRefused("T 1 0 0 0 0 0 0 ERROR FAILED 0 ", "an empty message");
        assertRefused("B " + "9".repeat(EventLine.MAX_LENGTH), "longer than " + EventLine.MAX_LENGTH + " characters");
    }

    private static void assertRefused(String line, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventLine.parse(line, 3));
        assertEquals(reason, e.getMessage(), line);
    }
}
