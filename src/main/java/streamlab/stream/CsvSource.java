package streamlab.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import streamlab.text.Printable;

/**
 * Thread-safe (immutable). A CSV file checked and ready to stream: {@link #open(boolean)} gives a cursor that reads it
 * forwards or backwards with bounded memory. Records are framed and split by {@link RecordScanner}, one record at a
 * time (the file is never read whole), and decoded strictly: a byte that is not valid in the charset is reported
 * with its line and offset, never replaced.
 */
public final class CsvSource {

    /** Rows shown by a preview. */
    public static final int PREVIEW_ROWS = 20;
    /**
     * Files up to this size are counted up front so progress can say "n of total" (a few milliseconds); larger ones
     * show progress by bytes read, which needs no extra pass.
     */
    static final long COUNT_LIMIT = 16L * 1024 * 1024;
    /** Reverse mode keeps one checkpoint per this many records, and reads one chunk at a time. */
    static final int CHUNK_RECORDS = 1024;
    static final long CHUNK_BYTES = 1024 * 1024;

    /**
     * A row longer than this, in bytes of the file, is kept cut in the preview: inspecting then holds the row once, in
     * the scanner, rather than three more times as text and values (twenty rows of 16 MB would need about a gigabyte).
     */
    static final int PREVIEW_ROW_BYTES = 64 * 1024;
    /** How much of each value a cut preview row keeps, in characters. */
    static final int PREVIEW_VALUE_CHARS = 1000;
    /** How many values a cut preview row keeps. */
    static final int PREVIEW_VALUES = 1024;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int SNIFF_BYTES = 64 * 1024;

    private final CsvInfo info;
    private final long dataOffset;
    private final long dataLine;

    private CsvSource(CsvInfo info, long dataOffset, long dataLine) {
        this.info = info;
        this.dataOffset = dataOffset;
        this.dataLine = dataLine;
    }

    public CsvInfo info() {
        return info;
    }

    /** Checks the file and reads its header and first rows; every problem is a clear {@link StreamInputException}. */
    public static CsvSource inspect(CsvOptions options) throws StreamInputException {
        if (options.file() == null) {
            throw new StreamInputException("No CSV file chosen. Choose a file to stream.");
        }
        Path file = options.file();
        String name = Printable.escape(file.toString());
        checkCharset(options.charset());
        if (!Files.exists(file)) {
            throw new StreamInputException("File not found: " + name + ". Check the path and the spelling.");
        }
        if (Files.isDirectory(file)) {
            throw new StreamInputException(name + " is a folder, not a CSV file. Choose a file inside it.");
        }
        if (!Files.isRegularFile(file)) {
            throw new StreamInputException(name + " is not a regular file (a device or pipe?). Choose a CSV file.");
        }
        if (!Files.isReadable(file)) {
            throw new StreamInputException("Cannot read " + name + ": permission denied."
                    + " Check the file's permissions.");
        }
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            head = in.readNBytes(SNIFF_BYTES);
        } catch (AccessDeniedException e) {
            throw new StreamInputException("Cannot read " + name + ": permission denied."
                    + " Check the file's permissions.");
        } catch (NoSuchFileException e) {
            throw new StreamInputException("File not found: " + name + ". Check the path and the spelling.");
        } catch (IOException e) {
            throw new StreamInputException("Cannot read " + name + ": " + e.getMessage());
        }
        boolean bom = startsWithBom(head);
        int start = bom ? UTF8_BOM.length : 0;
        if (isBlank(head, start)) {
            throw new StreamInputException(name + " is empty" + (size > 0 ? " (only blank lines)" : "")
                    + ". Choose a CSV file with at least one data row.");
        }
        for (int i = 0; i < head.length; i++) {
            if (head[i] == 0) {
                throw new StreamInputException(name + " looks like a binary file, not CSV text (a zero byte at offset "
                        + i + "). Choose a CSV file.");
            }
        }
        checkDecodes(name, head, start, options.charset(), size > head.length);

        if (options.delimiter() != null) {
            try {
                // The scanner frames records byte by byte: a delimiter set in code gets the same check as a typed one.
                CsvOptions.parseDelimiter(String.valueOf(options.delimiter()));
            } catch (IllegalArgumentException e) {
                throw new StreamInputException(e.getMessage());
            }
        }
        char delimiter = options.delimiter() != null ? options.delimiter() : detectDelimiter(head, start);
        CsvOptions resolved = options.withDelimiter(delimiter);
        Decoder decoder = new Decoder(options.charset());
        try (RecordScanner scanner = new RecordScanner(file, start, 1, delimiter)) {
            List<String> header;
            long dataOffset = start;
            long dataLine = 1;
            if (options.header()) {
                if (!scanner.next()) {
                    throw new StreamInputException(name + " is empty. Choose a CSV file with at least one data row.");
                }
                header = RecordScanner.split(decoder.decode(scanner), delimiter).stream().map(String::strip).toList();
                dataOffset = scanner.position();
                dataLine = scanner.nextLine();
            } else {
                header = null;
            }
            List<CsvRecord> preview = new ArrayList<>();
            long count = 0;
            long firstFields = 0;
            boolean counting = size <= COUNT_LIMIT;
            while (scanner.next()) {
                if (count < PREVIEW_ROWS) {
                    long fields = decoder.preview(scanner, count, delimiter, preview);
                    if (count == 0) {
                        firstFields = fields;
                    }
                } else if (!counting) {
                    break;
                } else {
                    // Counting reads the whole file anyway: check its text too, so a bad byte is refused up front.
                    decoder.check(scanner);
                }
                count++;
            }
            if (count == 0) {
                throw new StreamInputException(name + " has a header row but no data rows. Add rows below the header"
                        + " or switch the header off.");
            }
            List<String> columns = header;
            if (columns == null) {
                long n = firstFields;
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    names.add("Column" + i);
                }
                columns = names;
            }
            CsvInfo info = new CsvInfo(resolved, bom, options.delimiter() == null, columns,
                    List.copyOf(preview), counting ? count : -1, size);
            return new CsvSource(info, dataOffset, dataLine);
        } catch (RecordScanner.MalformedCsvException e) {
            throw new StreamInputException(name + ", " + e.getMessage() + ". " + hint(e.getMessage()));
        } catch (IOException e) {
            throw new StreamInputException("Cannot read " + name + ": " + e.getMessage());
        }
    }

    private static String hint(String problem) {
        if (problem.contains("the most StreamLab reads")) {
            return "Split the row into shorter ones, or stream another file.";
        }
        if (problem.contains("not valid")) {
            return "The file may be binary, or use another encoding: choose a CSV file, or set the charset,"
                    + " for example ISO-8859-1.";
        }
        return "Close the quote, or double it (\"\") inside a quoted field; a quote in the middle of a field is"
                + " kept as it is.";
    }

    private static void checkCharset(Charset cs) throws StreamInputException {
        byte[] probe = "\"\n\r,;|\tAz09".getBytes(cs);
        if (!Arrays.equals(probe, "\"\n\r,;|\tAz09".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new StreamInputException("The charset " + cs.name() + " is not supported for CSV streaming."
                    + " Use UTF-8, ISO-8859-1 or windows-1252.");
        }
    }

    private static void checkDecodes(String name, byte[] head, int start, Charset cs, boolean truncated)
            throws StreamInputException {
        CharsetDecoder decoder = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(head, start, head.length - start);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(head.length * (double) decoder.maxCharsPerByte()) + 4);
        // A truncated sample may end inside a multi-byte character: that is not an error, the rest is checked later.
        CoderResult result = decoder.decode(in, out, !truncated);
        if (result.isError()) {
            int bad = in.position();
            String problem = "line " + (1 + lineBreaks(head, start, bad)) + " (byte offset " + bad + "): not valid "
                    + cs.name() + " text";
            throw new StreamInputException(name + ", " + problem + ". " + hint(problem));
        }
    }

    /** The number of line ends (LF, CRLF, lone CR) in {@code b[from, to)}. */
    static long lineBreaks(byte[] b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n' && (i == from || b[i - 1] != '\r') || b[i] == '\r') {
                n++;
            }
        }
        return n;
    }

    private static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && b[0] == UTF8_BOM[0] && b[1] == UTF8_BOM[1] && b[2] == UTF8_BOM[2];
    }

    private static boolean isBlank(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != ' ' && b[i] != '\r' && b[i] != '\n' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Picks the candidate that splits the first records into the same number of fields, the most fields first. */
    static char detectDelimiter(byte[] head, int start) {
        List<int[]> counts = new ArrayList<>();
        int[] current = new int[CsvOptions.DELIMITERS.length];
        boolean quoted = false;
        boolean any = false;
        for (int i = start; i < head.length && counts.size() < 20; i++) {
            byte b = head[i];
            if (quoted) {
                if (b == '"') {
                    if (i + 1 < head.length && head[i + 1] == '"') {
                        i++;
                    } else {
                        quoted = false;
                    }
                }
            } else if (b == '"' && (i == start || isFieldStart(head[i - 1]))) {
                // The delimiter is not known yet: a quote right after any candidate may open a quoted field.
                quoted = true;
                any = true;
            } else if (b == '\n' || b == '\r') {
                if (any) {
                    counts.add(current);
                }
                current = new int[CsvOptions.DELIMITERS.length];
                any = false;
            } else {
                any = true;
                for (int d = 0; d < CsvOptions.DELIMITERS.length; d++) {
                    if (b == CsvOptions.DELIMITERS[d]) {
                        current[d]++;
                    }
                }
            }
        }
        if (any && counts.size() < 20) {
            counts.add(current);
        }
        int best = -1;
        long bestScore = 0;
        for (int d = 0; d < CsvOptions.DELIMITERS.length; d++) {
            int first = counts.isEmpty() ? 0 : counts.get(0)[d];
            int same = 0;
            long total = 0;
            for (int[] c : counts) {
                if (c[d] == first) {
                    same++;
                }
                total += c[d];
            }
            // Consistency dominates; the count breaks ties (a comma inside a text column is not consistent).
            long score = first == 0 ? total : (long) same * 1_000_000 + total;
            if (score > bestScore) {
                bestScore = score;
                best = d;
            }
        }
        return best < 0 ? ',' : CsvOptions.DELIMITERS[best];
    }

    private static boolean isFieldStart(byte previous) {
        if (previous == '\n' || previous == '\r') {
            return true;
        }
        for (char d : CsvOptions.DELIMITERS) {
            if (previous == d) {
                return true;
            }
        }
        return false;
    }

    /**
     * Confined to one thread. Decodes records strictly: the first byte that is not valid in the charset is an error
     * naming its line and file offset (a lenient decoder would turn it into U+FFFD without a word).
     */
    static final class Decoder {
        private final CharsetDecoder decoder;
        private CharBuffer out = CharBuffer.allocate(256);
        /** Checking and cutting decode a long record piece by piece, so they hold no copy of it as text. */
        private final CharBuffer piece = CharBuffer.allocate(8192);

        Decoder(Charset cs) {
            decoder = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }

        String decode(RecordScanner s) throws RecordScanner.MalformedCsvException {
            if (isAscii(s.bytes(), s.length())) {
                // Every supported charset stores ASCII as single bytes, so this is exact, and much faster.
                return new String(s.bytes(), 0, s.length(), StandardCharsets.ISO_8859_1);
            }
            return decodeStrictly(s);
        }

        /** Checks the record's text without keeping it. */
        void check(RecordScanner s) throws RecordScanner.MalformedCsvException {
            if (!isAscii(s.bytes(), s.length())) {
                decodeInPieces(s, null);
            }
        }

        /**
         * Adds the record to {@code preview}, whole, or cut when it is longer than {@link #PREVIEW_ROW_BYTES}, and
         * returns its number of fields (a cut record may keep fewer).
         */
        long preview(RecordScanner s, long index, char delimiter, List<CsvRecord> preview)
                throws RecordScanner.MalformedCsvException {
            if (s.length() <= PREVIEW_ROW_BYTES) {
                String raw = decode(s);
                List<String> fields = RecordScanner.split(raw, delimiter);
                preview.add(new CsvRecord(index, s.recordLine(), raw, fields));
                return fields.size();
            }
            RecordScanner.Cutter cutter = new RecordScanner.Cutter(delimiter, PREVIEW_VALUE_CHARS, PREVIEW_VALUES);
            byte[] b = s.bytes();
            if (isAscii(b, s.length())) {
                for (int i = 0; i < s.length(); i++) {
                    cutter.accept((char) b[i]);
                }
            } else {
                decodeInPieces(s, cutter);
            }
            cutter.end();
            preview.add(new CsvRecord(index, s.recordLine(), cutter.raw(), cutter.fields()));
            return cutter.count();
        }

        /** Decodes strictly in pieces of {@link #piece}'s size, handing each character to {@code cutter} if any. */
        private void decodeInPieces(RecordScanner s, RecordScanner.Cutter cutter)
                throws RecordScanner.MalformedCsvException {
            decoder.reset();
            ByteBuffer in = ByteBuffer.wrap(s.bytes(), 0, s.length());
            boolean decoded = false;
            while (true) {
                piece.clear();
                CoderResult result = decoded ? decoder.flush(piece) : decoder.decode(in, piece, true);
                if (result.isError()) {
                    throw malformed(s, in.position());
                }
                piece.flip();
                if (cutter != null) {
                    while (piece.hasRemaining()) {
                        cutter.accept(piece.get());
                    }
                }
                if (result.isUnderflow()) {
                    if (decoded) {
                        return;
                    }
                    decoded = true;
                }
            }
        }

        private RecordScanner.MalformedCsvException malformed(RecordScanner s, int bad) {
            long line = s.recordLine() + lineBreaks(s.bytes(), 0, bad);
            return new RecordScanner.MalformedCsvException(line, "line " + line + " (byte offset "
                    + (s.recordOffset() + bad) + "): not valid " + decoder.charset().name() + " text");
        }

        private static boolean isAscii(byte[] b, int length) {
            for (int i = 0; i < length; i++) {
                if (b[i] < 0) {
                    return false;
                }
            }
            return true;
        }

        private String decodeStrictly(RecordScanner s) throws RecordScanner.MalformedCsvException {
            int length = s.length();
            int need = (int) Math.ceil(length * (double) decoder.maxCharsPerByte()) + 4;
            if (out.capacity() < need) {
                out = CharBuffer.allocate(Math.max(need, out.capacity() * 2));
            }
            out.clear();
            decoder.reset();
            ByteBuffer in = ByteBuffer.wrap(s.bytes(), 0, length);
            CoderResult result = decoder.decode(in, out, true);
            if (!result.isError()) {
                result = decoder.flush(out);
            }
            if (result.isError()) {
                throw malformed(s, in.position());
            }
            out.flip();
            return out.toString();
        }
    }

    /** Opens a cursor over the data rows, in file order or reversed. Call once per pass; close it after. */
    public Cursor open(boolean reversed) throws IOException {
        return reversed ? new ReverseCursor() : new ForwardCursor();
    }

    /** Confined to one thread. Reads records one at a time. */
    public abstract class Cursor implements AutoCloseable {
        final Decoder decoder = new Decoder(info.options().charset());

        /** The next record, or null at the end of the pass. */
        public abstract CsvRecord next() throws IOException;

        /** How far this pass has got, from 0 to 1. */
        public abstract double progress();

        /** The number of data rows, when known. */
        public abstract long total();

        CsvRecord read(RecordScanner s, long index) throws IOException {
            String raw = decoder.decode(s);
            return new CsvRecord(index, s.recordLine(), raw, RecordScanner.split(raw, info.delimiter()));
        }

        @Override
        public abstract void close() throws IOException;
    }

    private final class ForwardCursor extends Cursor {
        private final RecordScanner scanner;
        private long index;

        ForwardCursor() throws IOException {
            scanner = new RecordScanner(info.options().file(), dataOffset, dataLine, info.delimiter());
        }

        @Override
        public CsvRecord next() throws IOException {
            if (!scanner.next()) {
                return null;
            }
            return read(scanner, index++);
        }

        @Override
        public double progress() {
            long span = info.size() - dataOffset;
            return span <= 0 ? 1 : Math.min(1, (double) (scanner.position() - dataOffset) / span);
        }

        @Override
        public long total() {
            return info.totalRecords();
        }

        @Override
        public void close() throws IOException {
            scanner.close();
        }
    }

    /**
     * Plays the file backwards without holding it: one pass records a checkpoint (offset, line) every
     * {@link #CHUNK_RECORDS} records or {@link #CHUNK_BYTES} bytes; then chunks are read last to first, each one
     * forwards into a small list that is emitted in reverse.
     */
    private final class ReverseCursor extends Cursor {
        private long[] offsets = new long[64];
        private long[] lines = new long[64];
        private long[] indexes = new long[64];
        private int chunks;
        private long count;
        private int chunk;
        private final List<CsvRecord> pending = new ArrayList<>();
        private long emitted;

        ReverseCursor() throws IOException {
            try (RecordScanner s = new RecordScanner(info.options().file(), dataOffset, dataLine, info.delimiter())) {
                long chunkStart = -1;
                int inChunk = 0;
                // Check the text here, before the first record goes out: the file may be too large to have been
                // checked at inspection, or may have changed since.
                while (s.next()) {
                    decoder.check(s);
                    if (chunkStart < 0 || inChunk >= CHUNK_RECORDS || s.recordOffset() - chunkStart >= CHUNK_BYTES) {
                        addCheckpoint(s.recordOffset(), s.recordLine(), count);
                        chunkStart = s.recordOffset();
                        inChunk = 0;
                    }
                    inChunk++;
                    count++;
                }
            }
            chunk = chunks;
        }

        private void addCheckpoint(long offset, long line, long index) {
            if (chunks == offsets.length) {
                offsets = Arrays.copyOf(offsets, chunks * 2);
                lines = Arrays.copyOf(lines, chunks * 2);
                indexes = Arrays.copyOf(indexes, chunks * 2);
            }
            offsets[chunks] = offset;
            lines[chunks] = line;
            indexes[chunks] = index;
            chunks++;
        }

        @Override
        public CsvRecord next() throws IOException {
            while (pending.isEmpty()) {
                if (chunk == 0) {
                    return null;
                }
                chunk--;
                long end = chunk + 1 < chunks ? offsets[chunk + 1] : Long.MAX_VALUE;
                long index = indexes[chunk];
                try (RecordScanner s = new RecordScanner(info.options().file(), offsets[chunk], lines[chunk],
                        info.delimiter())) {
                    while (s.next() && s.recordOffset() < end) {
                        pending.add(read(s, index++));
                    }
                }
            }
            emitted++;
            return pending.remove(pending.size() - 1);
        }

        @Override
        public double progress() {
            return count == 0 ? 1 : (double) emitted / count;
        }

        @Override
        public long total() {
            return count;
        }

        @Override
        public void close() {
            pending.clear();
        }
    }
}
