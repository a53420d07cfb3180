package streamlab.stream;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Immutable. How to read a CSV file.
 *
 * @param file      the CSV file
 * @param charset   the text encoding of the file (UTF-8 by default); must encode ASCII as single bytes
 * @param header    whether the first row names the columns
 * @param delimiter the field separator (an ASCII character, see {@link #parseDelimiter}), or {@code null} to detect
 *                  it among {@code , ; tab |}
 */
public record CsvOptions(Path file, Charset charset, boolean header, Character delimiter) {

    /** The candidates tried by delimiter detection, in order of preference when scores tie. */
    public static final char[] DELIMITERS = {',', ';', '\t', '|'};

    public static CsvOptions of(Path file) {
        return new CsvOptions(file, StandardCharsets.UTF_8, true, null);
    }

    public CsvOptions withHeader(boolean on) {
        return new CsvOptions(file, charset, on, delimiter);
    }

    public CsvOptions withDelimiter(Character c) {
        return new CsvOptions(file, charset, header, c);
    }

    public CsvOptions withCharset(Charset cs) {
        return new CsvOptions(file, cs, header, delimiter);
    }

    public CsvOptions withFile(Path f) {
        return new CsvOptions(f, charset, header, delimiter);
    }

    /** What {@link #parseDelimiter} accepts, for messages. */
    static final String ACCEPTED = "Use , ; | or tab (also written comma, semicolon, pipe, \\t), or another"
            + " punctuation character such as : ^ ~ #.";

    /**
     * Reads a delimiter as a user writes it: {@code , ; |} or a tab, their names {@code comma}, {@code semicolon},
     * {@code pipe}, {@code tab} (or {@code \t}), or any other printable ASCII punctuation character except the double
     * quote. Letters and digits are refused because they occur inside values; non-ASCII characters because records
     * are framed byte by byte.
     *
     * @throws IllegalArgumentException with a message naming the problem and what to use instead
     */
    public static char parseDelimiter(String text) {
        String t = text == null ? "" : text;
        switch (t.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "tab", "\\t" -> {
                return '\t';
            }
            case "comma" -> {
                return ',';
            }
            case "semicolon" -> {
                return ';';
            }
            case "pipe" -> {
                return '|';
            }
            default -> {
                // fall through to the checks below
            }
        }
        String shown = streamlab.text.Printable.escape(t);
        if (t.isEmpty()) {
            throw new IllegalArgumentException("The delimiter is empty. " + ACCEPTED);
        }
        if (t.codePointCount(0, t.length()) > 1) {
            throw new IllegalArgumentException("The delimiter '" + shown + "' is not one character. " + ACCEPTED);
        }
        char c = t.charAt(0);
        if (c == '\t') {
            return c;
        }
        String problem;
        if (c == '"') {
            problem = "The delimiter cannot be the double quote: it encloses quoted fields.";
        } else if (c == '\n' || c == '\r') {
            problem = "The delimiter cannot be a line break: line breaks end records.";
        } else if (c == ' ') {
            problem = "The delimiter cannot be a space: spaces are kept as part of values.";
        } else if (Character.isLetter(c)) {
            problem = "The delimiter '" + shown + "' is a letter, and letters occur inside values.";
        } else if (Character.isDigit(c)) {
            problem = "The delimiter '" + shown + "' is a digit, and digits occur inside values.";
        } else if (c > 0x7E || Character.isSurrogate(c)) {
            problem = "The delimiter '" + shown + "' is not an ASCII character.";
        } else if (c < 0x20 || c == 0x7F) {
            problem = "The delimiter '" + shown + "' is a control character.";
        } else {
            return c;
        }
        throw new IllegalArgumentException(problem + " " + ACCEPTED);
    }

    /** A printable name of a delimiter: {@code ,} {@code ;} {@code tab} {@code |}. */
    public static String delimiterName(char c) {
        return c == '\t' ? "tab" : String.valueOf(c);
    }
}
