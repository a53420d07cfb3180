package streamlab.text;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stateless, thread-safe. The one way StreamLab reads and writes a duration, in every option and field: a number with a
 * unit ({@code 500ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, {@code 250us}), or {@code 0} alone.
 *
 * <p>The rule: a decimal number, an optional space, then {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m}
 * or {@code h}, in any case. Zero needs no unit. A bare number other than zero is refused, because half of StreamLab
 * used to read it as milliseconds and the other half as seconds: the message suggests both readings. ISO-8601 such as
 * {@code PT2S} is read too. A value finer than a nanosecond is rounded to the nearest nanosecond.
 */
public final class DurationText {

    /** A few words that state the rule, for help texts, tooltips and messages. */
    public static final String RULE = "a number with a unit: 500ms, 2s, 1.5m";

    /** The longest duration a {@link Duration} in nanoseconds can hold, used when a caller gives no maximum. */
    private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

    private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)");
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(us|µs|μs|ms|s|m|h)");
    private static final Pattern SIGNED = Pattern.compile("-\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(us|µs|μs|ms|s|m|h)?");

    /** Units from the largest down, with their length in nanoseconds; {@link #format} tries them in this order. */
    private static final String[] UNITS = {"h", "m", "s", "ms", "us"};
    private static final long[] UNIT_NANOS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};

    /** Why a text was refused, so that a caller can word one case in its own way. */
    public enum Reason { EMPTY, NOT_A_DURATION, NO_UNIT, NEGATIVE, TOO_LONG }

    /** A refused duration: the message is one line that names the problem and the fix. */
    public static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        /** Why the text was refused. */
        public Reason reason() {
            return reason;
        }
    }

    private DurationText() {
    }

    /**
     * Reads a duration written by a person.
     *
     * @param text the text as typed; surrounding spaces are ignored
     * @param max  the longest accepted duration, inclusive; {@code null} for no limit but what a Duration can hold
     * @param what what the duration is for, such as "the hold", named in some messages; {@code null} for none
     * @throws Refused (an IllegalArgumentException) with a one-line message that names the problem and the fix
     */
    public static Duration parse(String text, Duration max, String what) {
        String forWhat = what == null || what.isBlank() ? "" : " for " + what;
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new Refused(Reason.EMPTY, "No duration" + forWhat + ": write " + RULE + ".");
        }
        String lower = t.toLowerCase(Locale.ROOT);
        Duration limit = max == null ? LONGEST : max;
        Matcher m = WITH_UNIT.matcher(lower);
        if (m.matches()) {
            return check(t, nanos(new BigDecimal(m.group(1)), m.group(2)), limit, forWhat);
        }
        if (NUMBER.matcher(lower).matches()) {
            if (new BigDecimal(lower).signum() == 0) {
                return Duration.ZERO;
            }
            throw new Refused(Reason.NO_UNIT, "'" + t + "' needs a unit: write " + t + "ms or " + t + "s.");
        }
        if (SIGNED.matcher(lower).matches()) {
            throw new Refused(Reason.NEGATIVE, "'" + t + "' is negative" + forWhat
                    + ": write 0 or more, such as 500ms.");
        }
        if (lower.startsWith("pt")) {
            Duration d = iso(t);
            if (d != null) {
                if (d.isNegative()) {
                    throw new Refused(Reason.NEGATIVE, "'" + t + "' is negative" + forWhat
                            + ": write 0 or more, such as 500ms.");
                }
                return check(t, new BigDecimal(BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(
                        1_000_000_000L)).add(BigInteger.valueOf(d.getNano()))), limit, forWhat);
            }
        }
        throw new Refused(Reason.NOT_A_DURATION, "'" + t + "' is not a duration" + forWhat + ": write " + RULE + ".");
    }

    /** Formats a duration in the shortest exact form that reads back with {@link #parse}: 0, 250ms, 1.5s, 2m, 1h. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        BigInteger nanos = BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(d.getNano()));
        String sign = nanos.signum() < 0 ? "-" : "";
        BigDecimal abs = new BigDecimal(nanos.abs());
        // The largest unit in which the value is at least 1, unless a smaller one is shorter (90s rather than 1.5m).
        String best = null;
        for (int i = 0; i < UNITS.length; i++) {
            BigDecimal v;
            try {
                v = abs.divide(BigDecimal.valueOf(UNIT_NANOS[i])).stripTrailingZeros();
            } catch (ArithmeticException notExact) {
                continue; // 20 minutes is 1/3 h: not a decimal in hours
            }
            if (v.compareTo(BigDecimal.ONE) < 0 && i < UNITS.length - 1) {
                continue;
            }
            String s = v.toPlainString() + UNITS[i];
            if (best == null || s.length() < best.length()) {
                best = s;
            }
        }
        return sign + best;
    }

    private static BigDecimal nanos(BigDecimal value, String unit) {
        long per = switch (unit) {
            case "h" -> UNIT_NANOS[0];
            case "m" -> UNIT_NANOS[1];
            case "s" -> UNIT_NANOS[2];
            case "ms" -> UNIT_NANOS[3];
            default -> UNIT_NANOS[4];
        };
        return value.multiply(BigDecimal.valueOf(per));
    }

    private static Duration check(String text, BigDecimal nanos, Duration limit, String forWhat) {
        BigInteger whole = nanos.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
        BigInteger most = BigInteger.valueOf(limit.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(limit.getNano()));
        if (whole.compareTo(most) > 0) {
            String longest = limit == LONGEST ? "about 292 years" : format(limit);
            throw new Refused(Reason.TOO_LONG, "'" + text + "' is too long" + forWhat + ": the longest is " + longest
                    + ".");
        }
        BigInteger[] qr = whole.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        return Duration.ofSeconds(qr[0].longValueExact(), qr[1].longValueExact());
    }

    private static Duration iso(String text) {
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
