package streamlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One grammar for every duration: a number with a unit, or 0; a bare number is refused with both readings. */
class DurationTextTest {

    private static final Duration NO_LIMIT = null;

    @Test
    void acceptedFormsGiveExactNanoseconds() {
        Object[][] cases = {
            {"0", 0L},
            {"0.0", 0L},
            {"0ms", 0L},
            {"0s", 0L},
            {"500ms", 500_000_000L},
            {"2s", 2_000_000_000L},
            {"1.5s", 1_500_000_000L},
            {"0.5ms", 500_000L},
            {".5s", 500_000_000L},
            {"250us", 250_000L},
            {"250µs", 250_000L},
            {"1.5us", 1_500L},
            {"2m", 120_000_000_000L},
            {"1.5m", 90_000_000_000L},
            {"1h", 3_600_000_000_000L},
            {"  3 s ", 3_000_000_000L},
            {"500 ms", 500_000_000L},
            {"2S", 2_000_000_000L},
            {"500MS", 500_000_000L},
            {"1H", 3_600_000_000_000L},
            {"PT2S", 2_000_000_000L},
            {"pt0.25s", 250_000_000L},
            {"0.0000000004s", 0L},
            {"0.0000000006s", 1L},
            {"9223372036.854775807s", Long.MAX_VALUE},
        };
        for (Object[] c : cases) {
            String text = (String) c[0];
            assertEquals(Duration.ofNanos((Long) c[1]), DurationText.parse(text, NO_LIMIT, null), "'" + text + "'");
        }
    }

    @Test
    void refusedFormsSayWhyAndHowToFixIt() {
        Object[][] cases = {
            {"300", DurationText.Reason.NO_UNIT, "'300' needs a unit: write 300ms or 300s."},
            {"2", DurationText.Reason.NO_UNIT, "'2' needs a unit: write 2ms or 2s."},
            {"1.5", DurationText.Reason.NO_UNIT, "'1.5' needs a unit: write 1.5ms or 1.5s."},
            {"", DurationText.Reason.EMPTY, "No duration for the hold: write a number with a unit: 500ms, 2s"},
            {"   ", DurationText.Reason.EMPTY, "No duration"},
            {"soon", DurationText.Reason.NOT_A_DURATION, "'soon' is not a duration for the hold: write a number"},
            {"NaN", DurationText.Reason.NOT_A_DURATION, "is not a duration"},
            {"Infinity s", DurationText.Reason.NOT_A_DURATION, "is not a duration"},
            {"1e3ms", DurationText.Reason.NOT_A_DURATION, "is not a duration"},
            {"2 seconds", DurationText.Reason.NOT_A_DURATION, "is not a duration"},
            {"1,5s", DurationText.Reason.NOT_A_DURATION, "is not a duration"},
            {"2d", DurationText.Reason.NOT_A_DURATION, "is not a duration"},
            {"PTxS", DurationText.Reason.NOT_A_DURATION, "is not a duration"},
            {"-5s", DurationText.Reason.NEGATIVE, "'-5s' is negative for the hold: write 0 or more"},
            {"-300", DurationText.Reason.NEGATIVE, "is negative"},
            {"PT-2S", DurationText.Reason.NEGATIVE, "is negative"},
            {"6s", DurationText.Reason.TOO_LONG, "'6s' is too long for the hold: the longest is 5s."},
            {"5.000000001s", DurationText.Reason.TOO_LONG, "the longest is 5s."},
            {"999999999999999s", DurationText.Reason.TOO_LONG, "the longest is 5s."},
            {"PT1H", DurationText.Reason.TOO_LONG, "the longest is 5s."},
        };
        for (Object[] c : cases) {
            String text = (String) c[0];
            DurationText.Refused e = assertThrows(DurationText.Refused.class,
                    () -> DurationText.parse(text, Duration.ofSeconds(5), "the hold"), "'" + text + "'");
            assertEquals(c[1], e.reason(), "'" + text + "': " + e.getMessage());
            assertTrue(e.getMessage().contains((String) c[2]), "'" + text + "': " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void theMaximumIsInclusiveAndOverflowIsRefusedWithoutALimit() {
        assertEquals(Duration.ofSeconds(5), DurationText.parse("5s", Duration.ofSeconds(5), "the hold"));
        assertEquals(Duration.ofSeconds(5), DurationText.parse("5000ms", Duration.ofSeconds(5), null));
        DurationText.Refused e = assertThrows(DurationText.Refused.class,
                () -> DurationText.parse("999999999999999s", NO_LIMIT, null));
        assertEquals("'999999999999999s' is too long: the longest is about 292 years.", e.getMessage());
        assertThrows(DurationText.Refused.class, () -> DurationText.parse("9223372036.854775808s", NO_LIMIT, null));
    }

    @Test
    void formatPrintsTheShortestExactForm() {
        Object[][] cases = {
            {0L, "0"},
            {250_000_000L, "250ms"},
            {500_000_000L, "500ms"},
            {1_500_000_000L, "1.5s"},
            {2_000_000_000L, "2s"},
            {90_000_000_000L, "90s"},
            {60_000_000_000L, "1m"},
            {20 * 60_000_000_000L, "20m"},
            {3_600_000_000_000L, "1h"},
            {5_400_000_000_000L, "90m"},
            {100_000L, "100us"},
            {1_500L, "1.5us"},
            {1L, "0.001us"},
            {1_000_000_001L, "1.000000001s"},
            {-500_000_000L, "-500ms"},
        };
        for (Object[] c : cases) {
            assertEquals(c[1], DurationText.format(Duration.ofNanos((Long) c[0])), c[1] + "");
        }
    }

    @Test
    void formatThenParseGivesTheSameDurationForManyRandomDurations() {
        long seed = 20_261_130L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            long nanos = switch (i % 4) {
                case 0 -> random.nextLong(0, 10_000);                               // below 10 µs
                case 1 -> random.nextLong(0, 10_000) * 1_000_000L;                  // whole milliseconds
                case 2 -> random.nextLong(0, 7_200) * 500_000_000L;                 // half seconds up to an hour
                default -> random.nextLong(0, Long.MAX_VALUE);                      // anything
            };
            Duration d = Duration.ofNanos(nanos);
            String text = DurationText.format(d);
            String where = "seed " + seed + ", case " + i + ": " + nanos + " ns -> '" + text + "'";
            assertEquals(d, DurationText.parse(text, null, null), where);
            assertEquals(d, DurationText.parse(text.toUpperCase(java.util.Locale.ROOT), null, null), where);
        }
    }
}
