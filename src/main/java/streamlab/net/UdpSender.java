package streamlab.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
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
    private final int localPort;
    private final TrafficLog log;

    /** Opens a sender on an ephemeral local port. */
    public UdpSender(TrafficLog log) {
        this.log = log;
        try {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(0));
            localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
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
        String from = sourceFor(target);
        // Logged first so the entry precedes the receiver's entry when both ends are in this log.
        log.message(Direction.SENT, Protocol.UDP, from, to, data, 0, data.length, "");
        try {
            channel.send(ByteBuffer.wrap(data), target);
        } catch (IOException e) {
            NetError err = NetError.from(e, "UDP", "send to", target.getHostString(), target.getPort());
            log.event(Protocol.UDP, from, to, "send failed: " + err.getMessage());
            throw err;
        }
    }

    /**
     * The sender as the receiver sees it. The channel is bound to every interface, but a datagram to a loopback
     * address leaves from the loopback address, so the sent row and the received row name the same sender.
     */
    String sourceFor(InetSocketAddress target) {
        InetAddress ip = target.getAddress();
        if (ip == null || !ip.isLoopbackAddress()) {
            return localText;
        }
        return ip instanceof Inet6Address ? Addresses.format(new InetSocketAddress(ip, localPort))
                : "127.0.0.1:" + localPort;
    }

    public String localAddress() {
        return localText;
    }

    @Override
    public void close() {
        Addresses.closeQuietly(channel);
    }
}
