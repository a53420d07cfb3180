package streamlab.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads durations written the way people type them: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m},
 * {@code 1h}, or ISO-8601 such as {@code PT2S}. Stateless, thread-safe. Use it with
 * {@code @Option(converter = DurationConverter.class)}.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** Parses a duration, or throws a picocli conversion error naming the accepted forms. */
    public static Duration parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(v);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double millis = switch (m.group(2)) {
                case "ms" -> amount;
                case "s" -> amount * 1_000;
                case "m" -> amount * 60_000;
                default -> amount * 3_600_000;
            };
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        }
        if (v.startsWith("pt")) {
            try {
                Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new CommandLine.TypeConversionException("'" + value
                + "' is not a duration. Write it like 500ms, 2s, 1.5s, 1m or 1h (a number needs its unit).");
    }
}
