package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stream interval follows the one duration rule on each side of a range. */
class PacingParseTest {

    @Test
    void theDefaultRangeZeroAndDecimalsStillWork() {
        Pacing r = Pacing.parse("1s-3s");
        assertEquals(Pacing.Mode.RANDOM, r.mode());
        assertEquals(Duration.ofSeconds(1), r.min());
        assertEquals(Duration.ofSeconds(3), r.max());
        assertEquals(Pacing.Mode.AS_FAST_AS_POSSIBLE, Pacing.parse("0").mode());
        assertEquals(Duration.ofMillis(1500), Pacing.parse("1.5s").min());
        assertEquals(Duration.ofMillis(250), Pacing.parse("250ms-750ms").min());
        assertEquals(Duration.ofMillis(750), Pacing.parse("250 MS - 0.75s").max());
        assertEquals(Duration.ofHours(1), Pacing.parse("1h").max());
        assertEquals(Pacing.Mode.RANDOM, Pacing.parse("0-1s").mode());
    }

    @Test
    void aBareNumberIsRefusedOnEitherSideOfARange() {
        assertEquals("The interval '2' needs a unit: write 2ms or 2s.",
                assertThrows(IllegalArgumentException.class, () -> Pacing.parse("2")).getMessage());
        assertEquals("The interval '1.5' needs a unit: write 1.5ms or 1.5s.",
                assertThrows(IllegalArgumentException.class, () -> Pacing.parse("1.5")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pacing.parse("1-3s")).getMessage()
                .contains("'1' needs a unit: write 1ms or 1s."));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pacing.parse("1s-3")).getMessage()
                .contains("'3' needs a unit: write 3ms or 3s."));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pacing.parse("soon")).getMessage()
                .contains("Cannot read the interval 'soon'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pacing.parse("61m")).getMessage()
                .contains("the longest is 1h"));
    }
}
