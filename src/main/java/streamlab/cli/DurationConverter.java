package streamlab.cli;

import java.time.Duration;
import picocli.CommandLine;
import streamlab.text.DurationText;

/**
 * Reads a duration option with {@link DurationText}'s one rule: a number with a unit ({@code 500ms}, {@code 2s},
 * {@code 1.5s}, {@code 1m}, {@code 1h}), {@code 0}, or ISO-8601 such as {@code PT2S}; a bare number is refused with
 * both readings. Stateless, thread-safe. Use it with {@code @Option(converter = DurationConverter.class)}.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** Parses a duration, or throws a picocli conversion error whose one line names the problem and the fix. */
    public static Duration parse(String value) {
        try {
            return DurationText.parse(value, null, null);
        } catch (DurationText.Refused e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
