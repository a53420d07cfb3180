package streamlab.net;

import java.nio.charset.StandardCharsets;
import streamlab.text.Printable;

/**
 * Immutable. One row of the traffic log. Only the first {@link #PREVIEW_BYTES} bytes of the payload are kept, so a
 * full log of big datagrams stays small; {@link #size()} is always the real size.
 *
 * @param seq       the entry's number in its log, from 1
 * @param timeMs    wall-clock time, epoch milliseconds
 * @param direction sent, received or a connection event
 * @param protocol  UDP or TCP
 * @param local     this side's address, {@code host:port}
 * @param remote    the other side's address, {@code host:port}
 * @param size      payload size in bytes (0 for events)
 * @param preview   the first bytes of the payload
 * @param note      for events: what happened; for messages: a remark such as "truncated", or empty
 */
public record TrafficEntry(long seq, long timeMs, Direction direction, Protocol protocol, String local, String remote,
        int size, byte[] preview, String note) {

    /** How many payload bytes an entry keeps. */
    public static final int PREVIEW_BYTES = 256;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The sender: the remote side for received entries, the local side otherwise. */
    public String from() {
        return direction == Direction.SENT ? local : remote;
    }

    /** The receiver. */
    public String to() {
        return direction == Direction.SENT ? remote : local;
    }

    /**
     * The payload as text, or the event description: newline, return and tab as symbols, every other control
     * character as a {@link Printable} escape such as {@code \\e}.
     */
    public String text() {
        if (direction == Direction.EVENT) {
            return Printable.escape(note);
        }
        String s = new String(preview, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(s.length() + 2);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> b.append('\u21b5');
                case '\r' -> b.append('\u2190');
                case '\t' -> b.append('\u21e5');
                // Every other control (C0, DEL, C1, bidi overrides) as the escape the console shows, so a row cannot
                // ring, recolour or reorder whatever displays or copies it. A decoded string never holds a lone
                // surrogate (bad UTF-8 becomes U+FFFD), so a pair is kept whole.
                default -> b.append(Character.isSurrogate(c) ? String.valueOf(c)
                        : Printable.escape(String.valueOf(c)));
            }
        }
        if (preview.length < size) {
            b.append('\u2026');
        }
        if (!note.isEmpty()) {
            b.append("  [").append(Printable.escape(note)).append(']');
        }
        return b.toString();
    }

    /** The payload preview in hex, bytes separated by spaces. */
    public String hex() {
        StringBuilder b = new StringBuilder(preview.length * 3);
        for (byte x : preview) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(HEX[(x >> 4) & 0xf]).append(HEX[x & 0xf]);
        }
        if (preview.length < size) {
            b.append(" \u2026");
        }
        return b.toString();
    }
}
