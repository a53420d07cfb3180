package streamlab.stream;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Confined to one thread. Splits a file into CSV records at the byte level, so that a record's start offset and line
 * number are known (needed to play a file backwards without loading it) and its raw text is available. Works for
 * charsets that encode ASCII as single bytes (UTF-8, ISO-8859-x, windows-125x), with an ASCII delimiter.
 *
 * <p>Framing and {@link #split} follow the same grammar as Python's {@code csv} reader (default dialect, not strict),
 * so a file reads the same in StreamLab as in the course's Python scripts: a quote opens a quoted field only at the
 * start of a field; inside one, {@code ""} is a quote and line breaks are kept; text after the closing quote is
 * appended to the field; a quote anywhere else is an ordinary character. Records end at LF, CRLF or a lone CR
 * (old Mac files), outside quotes; each of the three counts as one line. Unlike Python, a quote still open at the end
 * of the file is an error rather than one value that swallows the rest of the file.
 */
final class RecordScanner implements Closeable {

    private static final int BUFFER = 64 * 1024;
    /** A longer record almost always means an unbalanced quote swallowing the rest of the file. */
    static final int MAX_RECORD = 16 * 1024 * 1024;

    private static final int START_FIELD = 0;
    private static final int IN_FIELD = 1;
    private static final int IN_QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final FileChannel channel;
    private final byte delimiter;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private byte[] record = new byte[256];
    private int length;
    private long bufferStart;
    private long nextLine;
    private long recordOffset;
    private long recordLine;
    private long quoteLine;
    private boolean eof;

    RecordScanner(Path file, long offset, long line, char delimiter) throws IOException {
        if (delimiter > 0x7F) {
            throw new IllegalArgumentException("The delimiter must be an ASCII character");
        }
        this.delimiter = (byte) delimiter;
        channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        bufferStart = offset;
        nextLine = line;
        buffer.limit(0);
    }

    /**
     * Reads the next non-blank record into {@link #bytes()}; false at the end of the file.
     *
     * @throws MalformedCsvException when a quoted field is still open at the end of the file, or a record is longer
     *                               than {@link #MAX_RECORD}
     */
    boolean next() throws IOException {
        while (true) {
            if (!scanOne()) {
                return false;
            }
            if (length > 0) {
                return true;
            }
        }
    }

    private boolean scanOne() throws IOException {
        length = 0;
        recordOffset = position();
        recordLine = nextLine;
        int state = START_FIELD;
        boolean crInQuotes = false;
        boolean any = false;
        while (true) {
            if (!buffer.hasRemaining() && !fill()) {
                if (state == IN_QUOTED) {
                    throw new MalformedCsvException(quoteLine, "line " + quoteLine
                            + ": a quote opened here is never closed");
                }
                return any;
            }
            any = true;
            byte[] arr = buffer.array();
            int pos = buffer.position();
            int lim = buffer.limit();
            int start = pos;
            while (pos < lim) {
                byte b = arr[pos++];
                if (state == IN_QUOTED) {
                    if (b == '"') {
                        state = QUOTE_IN_QUOTED;
                    } else if (b == '\r') {
                        nextLine++;
                    } else if (b == '\n' && !crInQuotes) {
                        nextLine++;
                    }
                    crInQuotes = b == '\r';
                    continue;
                }
                if (b == '\n' || b == '\r') {
                    nextLine++;
                    append(arr, start, pos - 1 - start, state);
                    buffer.position(pos);
                    // Consume the LF of a CRLF now, so position() and nextLine() point at the next record.
                    if (b == '\r' && (buffer.hasRemaining() || fill()) && buffer.get(buffer.position()) == '\n') {
                        buffer.position(buffer.position() + 1);
                    }
                    return true;
                }
                if (b == delimiter) {
                    state = START_FIELD;
                } else if (b == '"' && state == QUOTE_IN_QUOTED) {
                    state = IN_QUOTED;
                    crInQuotes = false;
                } else if (b == '"' && state == START_FIELD) {
                    state = IN_QUOTED;
                    quoteLine = nextLine;
                    crInQuotes = false;
                } else if (state != IN_FIELD) {
                    state = IN_FIELD;
                }
            }
            append(arr, start, pos - start, state);
            buffer.position(pos);
        }
    }

    private void append(byte[] src, int from, int n, int state) throws IOException {
        if (length + n > MAX_RECORD) {
            if (state == IN_QUOTED) {
                throw new MalformedCsvException(quoteLine, "line " + quoteLine + ": the record is longer than "
                        + (MAX_RECORD >> 20) + " MB; check it for a quote that is opened but never closed");
            }
            throw new MalformedCsvException(recordLine, "line " + recordLine + ": the record is longer than "
                    + (MAX_RECORD >> 20) + " MB, the most StreamLab reads as one record");
        }
        if (length + n > record.length) {
            record = Arrays.copyOf(record, Math.max(record.length * 2, length + n));
        }
        System.arraycopy(src, from, record, length, n);
        length += n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        bufferStart += buffer.limit();
        buffer.clear();
        int n;
        do {
            n = channel.read(buffer);
        } while (n == 0);
        buffer.flip();
        if (n < 0) {
            eof = true;
            return false;
        }
        return true;
    }

    /**
     * Splits one record's text into fields by the grammar described on the class. {@code raw} is a record as framed
     * by this class (no line end outside quotes, no open quote at its end).
     */
    static List<String> split(String raw, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int state = START_FIELD;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (state) {
                case IN_FIELD -> {
                    if (c == delimiter) {
                        fields.add(field.toString());
                        field.setLength(0);
                        state = START_FIELD;
                    } else {
                        field.append(c);
                    }
                }
                case IN_QUOTED -> {
                    if (c == '"') {
                        state = QUOTE_IN_QUOTED;
                    } else {
                        field.append(c);
                    }
                }
                default -> {
                    // START_FIELD (whose field is empty), or just after a closing quote, where a quote is an escaped
                    // quote and other text belongs to the field, as in Python's lenient reader.
                    if (c == '"') {
                        if (state == QUOTE_IN_QUOTED) {
                            field.append('"');
                        }
                        state = IN_QUOTED;
                    } else if (c == delimiter) {
                        fields.add(field.toString());
                        field.setLength(0);
                        state = START_FIELD;
                    } else {
                        field.append(c);
                        state = IN_FIELD;
                    }
                }
            }
        }
        fields.add(field.toString());
        // Records cross threads (engine to window) and are documented as immutable.
        return Collections.unmodifiableList(fields);
    }

    /**
     * Confined to one thread. Splits a record fed one character at a time, by the same grammar as {@link #split}, but
     * keeps at most {@code maxChars} of each value and of the text, and at most {@code maxValues} values: a preview of
     * a record too long to hold twice over. A value or text that was cut ends with {@link #CUT}. Counts every field.
     */
    static final class Cutter {
        static final String CUT = "\u2026";

        private final char delimiter;
        private final int maxChars;
        private final int maxValues;
        private final List<String> fields = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private final StringBuilder raw = new StringBuilder();
        private boolean fieldCut;
        private boolean rawCut;
        private int state = START_FIELD;
        private long count;
        private boolean ended;

        Cutter(char delimiter, int maxChars, int maxValues) {
            this.delimiter = delimiter;
            this.maxChars = maxChars;
            this.maxValues = maxValues;
        }

        void accept(char c) {
            if (raw.length() < maxChars) {
                raw.append(c);
            } else {
                rawCut = true;
            }
            switch (state) {
                case IN_FIELD -> {
                    if (c == delimiter) {
                        endField();
                    } else {
                        add(c);
                    }
                }
                case IN_QUOTED -> {
                    if (c == '"') {
                        state = QUOTE_IN_QUOTED;
                    } else {
                        add(c);
                    }
                }
                default -> {
                    // START_FIELD, or just after a closing quote: as in split.
                    if (c == '"') {
                        if (state == QUOTE_IN_QUOTED) {
                            add('"');
                        }
                        state = IN_QUOTED;
                    } else if (c == delimiter) {
                        endField();
                    } else {
                        add(c);
                        state = IN_FIELD;
                    }
                }
            }
        }

        private void add(char c) {
            if (field.length() < maxChars) {
                field.append(c);
            } else {
                fieldCut = true;
            }
        }

        private void endField() {
            if (fields.size() < maxValues) {
                fields.add(fieldCut ? cut(field) : field.toString());
            }
            count++;
            field.setLength(0);
            fieldCut = false;
            state = START_FIELD;
        }

        /** Ends the record; call once, after the last character. */
        void end() {
            if (!ended) {
                endField();
                ended = true;
            }
        }

        /** The kept values, each cut one ending with {@link #CUT}. */
        List<String> fields() {
            return Collections.unmodifiableList(fields);
        }

        /** The start of the record's text, ending with {@link #CUT} when cut. */
        String raw() {
            return rawCut ? cut(raw) : raw.toString();
        }

        /** The number of fields in the whole record. */
        long count() {
            return count;
        }

        private static String cut(StringBuilder sb) {
            int n = sb.length();
            // Half a surrogate pair would print as a replacement character.
            if (n > 0 && Character.isHighSurrogate(sb.charAt(n - 1))) {
                n--;
            }
            return sb.substring(0, n) + CUT;
        }
    }

    /** The file offset of the next unread byte. */
    long position() {
        return bufferStart + buffer.position();
    }

    /** The line number where the next record starts. */
    long nextLine() {
        return nextLine;
    }

    byte[] bytes() {
        return record;
    }

    int length() {
        return length;
    }

    long recordOffset() {
        return recordOffset;
    }

    long recordLine() {
        return recordLine;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A file that cannot be read as CSV at a known line (an open quote, undecodable text); the message names it. */
    static final class MalformedCsvException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long line;

        MalformedCsvException(long line, String message) {
            super(message);
            this.line = line;
        }

        long line() {
            return line;
        }
    }
}
