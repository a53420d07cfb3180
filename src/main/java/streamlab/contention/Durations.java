package streamlab.contention;

import java.time.Duration;
import java.util.Locale;
import streamlab.text.DurationText;

/** Parses durations (3s, 250ms, 1.5s, 0) and formats them for display (250 ms, 1.5 s). Immutable (static only). */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses a duration with {@link DurationText}'s one rule: a number with a unit ("3s", "250ms", "1.5s", "500us",
     * "2m", "1h") or 0; a bare number is refused with both readings. Minutes and hours are read so that a caller can
     * say "too long" with its own limit rather than "not a duration".
     */
    public static Duration parse(String text) {
        return DurationText.parse(text, null, null);
    }

    /** As {@link #parse(String)}, refusing anything longer than {@code max} with a message naming the maximum. */
    public static Duration parse(String text, Duration max, String what) {
        return DurationText.parse(text, max, what);
    }

    /** Formats as "0", "250 ms", "1.5 s" or "120 µs". */
    public static String format(Duration d) {
        return formatNanos(d.toNanos());
    }

    /** Formats a nanosecond count as "0", "120 µs", "250 ms" or "1.5 s". */
    public static String formatNanos(long nanos) {
        if (nanos == 0) {
            return "0";
        }
        if (Math.abs(nanos) < 1_000_000) {
            return trim(nanos / 1e3) + " µs";
        }
        if (Math.abs(nanos) < 1_000_000_000) {
            return trim(nanos / 1e6) + " ms";
        }
        return trim(nanos / 1e9) + " s";
    }

    /** Three significant digits, trailing zeros dropped: 388.966 → 389, 1.0024 → 1, 12.345 → 12.3. */
    private static String trim(double v) {
        double a = Math.abs(v);
        String s = String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
        if (!s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
