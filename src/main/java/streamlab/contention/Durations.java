package streamlab.contention;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and formats durations the way students write them: 3s, 250ms, 1.5s, 0. Immutable (static only). */
public final class Durations {

    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|us|µs|m|h)?");

    private Durations() {
    }

    /**
     * Parses "3s", "250ms", "1.5s", "500us", "2m", "1h"; a bare number means milliseconds. Minutes and hours are read
     * so that a caller can say "too long" with its own limit rather than "not a duration".
     */
    public static Duration parse(String text) {
        Matcher m = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write it like 3s, 250ms or 1.5s "
                    + "(a bare number means milliseconds).");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double nanos = switch (unit) {
            case "h" -> value * 3600e9;
            case "m" -> value * 60e9;
            case "s" -> value * 1e9;
            case "ms" -> value * 1e6;
            default -> value * 1e3;
        };
        if (nanos > Long.MAX_VALUE / 2.0) {
            throw new IllegalArgumentException("'" + text + "' is too long.");
        }
        return Duration.ofNanos(Math.round(nanos));
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
