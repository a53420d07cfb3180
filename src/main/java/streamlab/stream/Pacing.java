package streamlab.stream;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import streamlab.text.DurationText;

/**
 * Immutable. When to send each record: a fixed interval, a random interval in [min, max], as fast as possible, or the
 * real gaps of a timestamp column; every wait is divided by the speed factor.
 *
 * @param mode            how the wait is chosen
 * @param min             the fixed interval, or the lower bound of the random one
 * @param max             the upper bound of the random interval
 * @param speed           a factor that divides every wait (2 = twice as fast); must be positive
 * @param timestampColumn the column whose gaps pace the stream, for {@link Mode#TIMESTAMP}
 */
public record Pacing(Mode mode, Duration min, Duration max, double speed, String timestampColumn) {

    /** How the wait before each record is chosen. */
    public enum Mode { FIXED, RANDOM, AS_FAST_AS_POSSIBLE, TIMESTAMP }

    /** The longest wait between two records; a longer interval is refused and a longer timestamp gap is cut to it. */
    public static final Duration MAX_WAIT = Duration.ofHours(1);
    static final long MAX_WAIT_NANOS = MAX_WAIT.toNanos();

    /** The course's pace: one record every 1 to 3 seconds. */
    public static final Pacing DEFAULT = random(Duration.ofSeconds(1), Duration.ofSeconds(3));

    public Pacing {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("The speed factor must be a positive number, not " + speed);
        }
        if (min.isNegative() || max.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("The interval must be 0 or more, and max at least min: " + min + ", "
                    + max);
        }
        // Without a bound, a huge interval or a tiny speed waits for ever, or overflows into a negative wait.
        if (max.getSeconds() >= MAX_WAIT.getSeconds() * 1000 || max.toNanos() / speed > MAX_WAIT_NANOS) {
            throw new IllegalArgumentException("The wait between records would be "
                    + describeWait(max.getSeconds() / speed) + (speed == 1 ? "" : " at speed " + speed)
                    + "; the longest is " + format(MAX_WAIT) + ". Choose a shorter interval or a higher speed.");
        }
    }

    public static Pacing fixed(Duration interval) {
        return interval.isZero() ? asFastAsPossible()
                : new Pacing(Mode.FIXED, interval, interval, 1, null);
    }

    public static Pacing random(Duration min, Duration max) {
        return new Pacing(Mode.RANDOM, min, max, 1, null);
    }

    public static Pacing asFastAsPossible() {
        return new Pacing(Mode.AS_FAST_AS_POSSIBLE, Duration.ZERO, Duration.ZERO, 1, null);
    }

    public static Pacing timestamps(String column) {
        return new Pacing(Mode.TIMESTAMP, Duration.ZERO, Duration.ZERO, 1, column);
    }

    /**
     * Parses an interval as the command line and the tab write it, with {@link DurationText}'s one rule on each side:
     * {@code 0} (as fast as possible), {@code 2s}, {@code 500ms}, or a random range {@code 1s-3s}. A bare number
     * other than 0 is refused with both readings; a side longer than {@link #MAX_WAIT} is refused.
     *
     * @throws IllegalArgumentException with a message naming the problem
     */
    public static Pacing parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("The interval is empty. Write 0, 2s, 500ms or 1s-3s (a number with a"
                    + " unit).");
        }
        int dash = t.indexOf('-', 1);
        if (dash > 0) {
            Duration a = duration(t.substring(0, dash), text);
            Duration b = duration(t.substring(dash + 1), text);
            if (b.compareTo(a) < 0) {
                throw new IllegalArgumentException("The interval '" + text + "' has its larger bound first."
                        + " Write the smaller one first, for example 1s-3s.");
            }
            return a.equals(b) ? fixed(a) : random(a, b);
        }
        return fixed(duration(t, text));
    }

    private static Duration duration(String part, String whole) {
        try {
            return DurationText.parse(part, MAX_WAIT, "the interval");
        } catch (DurationText.Refused e) {
            if (e.reason() == DurationText.Reason.NO_UNIT) {
                return rethrow("The interval " + e.getMessage());
            }
            if (e.reason() == DurationText.Reason.TOO_LONG) {
                return rethrow(e.getMessage());
            }
            return rethrow("Cannot read the interval '" + whole + "'. Write 0, 2s, 500ms or 1s-3s (a number with a"
                    + " unit).");
        }
    }

    private static Duration rethrow(String message) {
        throw new IllegalArgumentException(message);
    }

    public Pacing withSpeed(double factor) {
        return new Pacing(mode, min, max, factor, timestampColumn);
    }

    /**
     * The wait before sending {@code current}, in nanoseconds. Timestamp pacing uses the absolute gap, so a
     * newest-first file played backwards still moves forwards in time; an unreadable timestamp means no wait.
     */
    long delayNanos(String previousStamp, String currentStamp, Random random) {
        return Math.min(MAX_WAIT_NANOS, uncappedDelayNanos(previousStamp, currentStamp, random));
    }

    /** As {@link #delayNanos}, before the cap at {@link #MAX_WAIT}; saturates instead of overflowing. */
    long uncappedDelayNanos(String previousStamp, String currentStamp, Random random) {
        long nanos = switch (mode) {
            case AS_FAST_AS_POSSIBLE -> 0;
            case FIXED -> min.toNanos();
            case RANDOM -> min.toNanos() + (long) (random.nextDouble() * (max.toNanos() - min.toNanos()));
            case TIMESTAMP -> {
                double a = epochSeconds(previousStamp);
                double b = epochSeconds(currentStamp);
                yield Double.isNaN(a) || Double.isNaN(b) ? 0 : (long) (Math.abs(b - a) * 1e9);
            }
        };
        // A double cast to long saturates at Long.MAX_VALUE: a 10-year gap at a tiny speed stays positive.
        return (long) (nanos / speed);
    }

    private static String describeWait(double seconds) {
        if (!(seconds < 1e12)) {
            return String.format(java.util.Locale.ROOT, "%.3g s", seconds);
        }
        return seconds >= 3600 ? String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600)
                : String.format(java.util.Locale.ROOT, "%.0f s", seconds);
    }

    /** Seconds from a timestamp: a number (epoch seconds, or milliseconds when large), an ISO date-time, or a time. */
    static double epochSeconds(String s) {
        if (s == null) {
            return Double.NaN;
        }
        String t = s.strip();
        try {
            double v = Double.parseDouble(t);
            return v > 1e11 ? v / 1000 : v;
        } catch (NumberFormatException ignored) {
            // not a number: try the date-time forms below
        }
        try {
            return OffsetDateTime.parse(t).toEpochSecond();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            LocalDateTime d = LocalDateTime.parse(t.replace(' ', 'T'));
            return d.toLocalDate().toEpochDay() * 86400.0 + d.toLocalTime().toNanoOfDay() / 1e9;
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            String time = t.length() == 4 && t.charAt(1) == ':' ? "0" + t : t;
            return LocalTime.parse(time).toNanoOfDay() / 1e9;
        } catch (DateTimeParseException ignored) {
            return Double.NaN;
        }
    }

    /** A short description: {@code random 1s-3s}, {@code every 2s}, {@code as fast as possible}. */
    public String describe() {
        String base = switch (mode) {
            case AS_FAST_AS_POSSIBLE -> "as fast as possible";
            case FIXED -> "every " + format(min);
            case RANDOM -> "random " + format(min) + "-" + format(max);
            case TIMESTAMP -> "by the gaps in column " + timestampColumn;
        };
        return speed == 1 ? base : base + " at " + speed + "x";
    }

    static String format(Duration d) {
        if (d.getSeconds() >= 3600 && d.getSeconds() % 3600 == 0 && d.getNano() == 0) {
            return d.getSeconds() / 3600 + "h";
        }
        long ms = d.getSeconds() > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
