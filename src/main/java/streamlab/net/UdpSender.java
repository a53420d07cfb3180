package streamlab.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Thread-safe. Sends UDP datagrams from one local port and records each in the traffic log. UDP has no connection:
 * a send succeeds even when nothing listens at the target.
 */
public final class UdpSender implements AutoCloseable {

    private final DatagramChannel channel;
    private final String localText;
    private final TrafficLog log;

    /** Opens a sender on an ephemeral local port. */
    public UdpSender(TrafficLog log) {
        this.log = log;
        try {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(0));
            localText = Addresses.format(channel.getLocalAddress());
        } catch (IOException e) {
            throw NetError.from(e, "UDP", "open a sender on", "0.0.0.0", 0);
        }
    }

    /** Checks the UDP size limit before anything is sent. */
    public static void checkSize(int size) {
        if (size > UdpListener.MAX_DATAGRAM) {
            throw NetError.tooLarge("a UDP datagram", size, UdpListener.MAX_DATAGRAM,
                    "Shorten the message, split it, or send it over TCP.");
        }
    }

    /** Sends one datagram. */
    public void send(InetSocketAddress target, byte[] data) {
        checkSize(data.length);
        String to = Addresses.format(target);
        // Logged first so the entry precedes the receiver's entry when both ends are in this log.
        log.message(Direction.SENT, Protocol.UDP, localText, to, data, 0, data.length, "");
        try {
            channel.send(ByteBuffer.wrap(data), target);
        } catch (IOException e) {
            NetError err = NetError.from(e, "UDP", "send to", target.getHostString(), target.getPort());
            log.event(Protocol.UDP, localText, to, "send failed: " + err.getMessage());
            throw err;
        }
    }

    public String localAddress() {
        return localText;
    }

    @Override
    public void close() {
        UdpListener.closeQuietly(channel);
    }
}
