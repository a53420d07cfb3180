package streamlab.stream;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Confined to one thread. Splits a file into CSV records at the byte level, honouring double quotes, so that a
 * record's start offset and line number are known (needed to play a file backwards without loading it) and its raw
 * text is available. Works for charsets that encode ASCII as single bytes (UTF-8, ISO-8859-x, windows-125x).
 */
final class RecordScanner implements Closeable {

    private static final int BUFFER = 64 * 1024;
    /** A longer record almost always means an unbalanced quote swallowing the rest of the file. */
    static final int MAX_RECORD = 16 * 1024 * 1024;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private byte[] record = new byte[256];
    private int length;
    private long bufferStart;
    private long nextLine;
    private long recordOffset;
    private long recordLine;
    private boolean eof;

    RecordScanner(Path file, long offset, long line) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        bufferStart = offset;
        nextLine = line;
        buffer.limit(0);
    }

    /** Reads the next non-blank record into {@link #bytes()}; false at the end of the file. */
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
        boolean quoted = false;
        recordOffset = position();
        recordLine = nextLine;
        boolean any = false;
        while (true) {
            if (!buffer.hasRemaining() && !fill()) {
                if (!any) {
                    return false;
                }
                trimCarriageReturn();
                return true;
            }
            any = true;
            byte[] arr = buffer.array();
            int pos = buffer.position();
            int lim = buffer.limit();
            int start = pos;
            while (pos < lim) {
                byte b = arr[pos++];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n') {
                    nextLine++;
                    if (!quoted) {
                        append(arr, start, pos - 1 - start);
                        buffer.position(pos);
                        trimCarriageReturn();
                        return true;
                    }
                }
            }
            append(arr, start, pos - start);
            buffer.position(pos);
        }
    }

    private void trimCarriageReturn() {
        if (length > 0 && record[length - 1] == '\r') {
            length--;
        }
    }

    private void append(byte[] src, int from, int n) throws IOException {
        if (length + n > MAX_RECORD) {
            throw new IOException("the record starting at line " + recordLine + " is longer than "
                    + (MAX_RECORD >> 20) + " MB; check it for a quote that is opened but never closed");
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
}
