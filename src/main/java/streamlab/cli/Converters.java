package streamlab.cli;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;
import streamlab.contention.LockKind;
import streamlab.contention.Resource;
import streamlab.contention.WorkerKind;
import streamlab.stream.StreamConfig;

/**
 * Stateless, thread-safe. Converters for the option types every command uses, whose messages speak of "a whole
 * number" or "a file name" instead of picocli's Java type names ("is not a long", "cannot convert ... to interface
 * java.nio.file.Path"). The parameter exception handler puts the option name in front of the message.
 */
final class Converters {

    private Converters() {
    }

    /** Registers the converters on {@code cl} and every subcommand it has now. */
    static void registerAll(CommandLine cl) {
        cl.registerConverter(Integer.class, Converters::toInt);
        cl.registerConverter(Integer.TYPE, Converters::toInt);
        cl.registerConverter(Long.class, Converters::toLong);
        cl.registerConverter(Long.TYPE, Converters::toLong);
        cl.registerConverter(Double.class, Converters::toDouble);
        cl.registerConverter(Double.TYPE, Converters::toDouble);
        cl.registerConverter(Path.class, Converters::toPath);
        cl.registerConverter(Charset.class, Converters::toCharset);
        cl.registerConverter(LockKind.class, v -> choice(LockKind.class, v));
        cl.registerConverter(Resource.class, v -> choice(Resource.class, v));
        cl.registerConverter(WorkerKind.class, v -> choice(WorkerKind.class, v));
        cl.registerConverter(StreamConfig.BadRows.class, v -> choice(StreamConfig.BadRows.class, v));
    }

    /**
     * One of an enum's constants, typed in any case. The message lists the choices as they are typed, in lower case,
     * rather than as picocli's own enum message would ("expected one of [SKIP, SEND] (case-insensitive)").
     */
    static <E extends Enum<E>> E choice(Class<E> type, String value) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.strip())) {
                return e;
            }
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new TypeConversionException(quote(value) + " is not one of "
                + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1) + ".");
    }

    /** {@code --lock on|off}: on, off, and the words a script might pass instead (true, false, yes, no). */
    static final class OnOff implements CommandLine.ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "on", "true", "yes" -> true;
                case "off", "false", "no" -> false;
                default -> throw new TypeConversionException("must be on or off, not " + quote(value) + ".");
            };
        }
    }

    static Integer toInt(String value) {
        long v = toLong(value);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new TypeConversionException(quote(value) + " is too large: the most is "
                    + String.format(Locale.ROOT, "%,d", Integer.MAX_VALUE) + ".");
        }
        return (int) v;
    }

    static Long toLong(String value) {
        String v = value.strip().replace("_", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            if (v.matches("[+-]?\\d+")) {
                throw new TypeConversionException(quote(value) + " is too large a number.");
            }
            throw new TypeConversionException(quote(value) + " is not a whole number.");
        }
    }

    static Double toDouble(String value) {
        String v = value.strip();
        // parseDouble also takes "NaN", "Infinity", hex and a trailing 'd' or 'f': not what anyone types as a number.
        if (!v.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new TypeConversionException(quote(value) + " is not a number.");
        }
        double d = Double.parseDouble(v);
        if (Double.isInfinite(d)) {
            throw new TypeConversionException(quote(value) + " is too large a number.");
        }
        return d;
    }

    static Path toPath(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            // Java decodes the command line and encodes file names with the locale's charset (sun.jnu.encoding),
            // fixed at startup: under LC_ALL=C a name with "é" arrives already garbled and cannot become a Path.
            if (e.getMessage() != null && e.getMessage().startsWith("Malformed input or input contains unmappable")) {
                throw new TypeConversionException("the file name " + quote(value) + " cannot be written in the "
                        + "current locale's character set (" + System.getProperty("sun.jnu.encoding") + "). "
                        + "Start StreamLab with a UTF-8 locale: put LC_ALL=C.UTF-8 in front of the command");
            }
            throw new TypeConversionException(quote(value) + " is not a valid file name: " + e.getReason() + ".");
        }
    }

    static Charset toCharset(String value) {
        try {
            return Charset.forName(value.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new TypeConversionException(quote(value) + " is not a known text encoding. Use UTF-8, "
                    + "ISO-8859-1 or windows-1252.");
        }
    }

    private static String quote(String value) {
        return "'" + value + "'";
    }
}
