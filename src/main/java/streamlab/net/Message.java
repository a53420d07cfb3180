package streamlab.net;

import java.nio.charset.StandardCharsets;

/**
 * Immutable by convention (receivers must not change {@link #data()}). One message as it arrived, with its full
 * payload.
 *
 * @param timeMs     wall-clock arrival time, epoch milliseconds
 * @param protocol   UDP or TCP
 * @param from       the sender, as {@code host:port}
 * @param to         the local address that received it
 * @param data       the payload (for TCP newline framing, without the newline)
 * @param truncated  true when a datagram was larger than the receive buffer and was cut
 * @param connection the TCP connection number, or 0 for UDP
 * @param incomplete true for the bytes a TCP connection sent after its last newline before it closed: a message
 *                   the sender may have given up on part way, so not to be taken as a whole record
 */
public record Message(long timeMs, Protocol protocol, String from, String to, byte[] data, boolean truncated,
        int connection, boolean incomplete) {

    /** A whole message (not {@link #incomplete()}). */
    public Message(long timeMs, Protocol protocol, String from, String to, byte[] data, boolean truncated,
            int connection) {
        this(timeMs, protocol, from, to, data, truncated, connection, false);
    }

    /** The payload decoded as UTF-8. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
