package streamlab.net;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Confined to the one thread that reads a connection. Cuts a TCP byte stream into messages.
 */
final class FrameDecoder {

    private final Framing framing;
    private final int maxMessage;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** Set when the last {@link NetError} was for bytes that had not yet met a newline. */
    private boolean overflowWithoutNewline;

    FrameDecoder(Framing framing, int maxMessage) {
        this.framing = framing;
        this.maxMessage = maxMessage;
    }

    /**
     * Feeds the bytes just read and emits each complete message.
     *
     * @throws NetError when a line grows past the maximum message size without a newline
     */
    void feed(byte[] buf, int len, Consumer<byte[]> out) {
        if (framing == Framing.RAW) {
            byte[] chunk = new byte[len];
            System.arraycopy(buf, 0, chunk, 0, len);
            out.accept(chunk);
            return;
        }
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (buf[i] == '\n') {
                byte[] line;
                if (pending.size() == 0) {
                    // The common case: the whole line is in this read, so copy it once.
                    line = java.util.Arrays.copyOfRange(buf, start, i);
                } else {
                    pending.write(buf, start, i - start);
                    line = pending.toByteArray();
                    pending.reset();
                }
                int n = line.length;
                if (n > 0 && line[n - 1] == '\r') {
                    line = java.util.Arrays.copyOf(line, n - 1);
                }
                checkSize(line.length, false);
                out.accept(line);
                start = i + 1;
            }
        }
        pending.write(buf, start, len - start);
        checkSize(pending.size(), true);
    }

    /** True when the too-large message that ended the stream had no newline yet (rather than being a long line). */
    boolean overflowWithoutNewline() {
        return overflowWithoutNewline;
    }

    int maxMessage() {
        return maxMessage;
    }

    /** What is left without a final newline when the stream ends; empty if nothing. */
    byte[] rest() {
        byte[] r = pending.toByteArray();
        pending.reset();
        return r;
    }

    private void checkSize(int size, boolean unterminated) {
        if (size > maxMessage) {
            overflowWithoutNewline = unterminated;
            throw NetError.tooLarge("this TCP listener", size, maxMessage,
                    "Send shorter lines (end each message with a newline) or raise the maximum message size.");
        }
    }
}
