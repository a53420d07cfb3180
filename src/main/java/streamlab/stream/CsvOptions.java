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
 * @param delimiter the field separator, or {@code null} to detect it among {@code , ; tab |}
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

    /**
     * Reads a delimiter as a user writes it: one character, or {@code tab}, {@code \t}, {@code semicolon},
     * {@code comma}, {@code pipe}.
     *
     * @throws IllegalArgumentException with a message naming the problem
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
                if (t.length() == 1 && t.charAt(0) != '"' && t.charAt(0) != '\n' && t.charAt(0) != '\r') {
                    return t.charAt(0);
                }
                throw new IllegalArgumentException("The delimiter '" + t + "' is not one character. Use , ; | or tab.");
            }
        }
    }

    /** A printable name of a delimiter: {@code ,} {@code ;} {@code tab} {@code |}. */
    public static String delimiterName(char c) {
        return c == '\t' ? "tab" : String.valueOf(c);
    }
}
