package streamlab.stream;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Confined to the engine thread (opened by the starting thread, which hands it over when the engine thread starts; only
 * the engine thread closes it). One datagram per record, like the course script's {@code sendto}.
 */
final class UdpSink extends Sink {

    /** The largest UDP payload over IPv4: 65,535 minus the IP and UDP headers. */
    static final int MAX_PAYLOAD = 65_507;

    private final SinkSpec.Udp spec;
    private DatagramSocket socket;
    private InetSocketAddress target;

    UdpSink(SinkSpec.Udp spec) {
        super("udp " + spec.host() + ":" + spec.port());
        this.spec = spec;
    }

    @Override
    void open() throws StreamInputException {
        if (spec.port() < 1 || spec.port() > 65535) {
            throw new StreamInputException("UDP port " + spec.port() + " is out of range. Use 1 to 65535.");
        }
        try {
            target = new InetSocketAddress(InetAddress.getByName(spec.host()), spec.port());
            socket = new DatagramSocket();
        } catch (UnknownHostException e) {
            throw new StreamInputException("Unknown UDP host '" + spec.host() + "'. Check the name, or use localhost.");
        } catch (SocketException e) {
            throw new StreamInputException("Cannot open a UDP socket: " + e.getMessage());
        }
    }

    @Override
    void send(String message, byte[] utf8) throws IOException {
        if (utf8.length > MAX_PAYLOAD) {
            throw new IOException("record of " + utf8.length + " bytes is larger than a UDP datagram can carry ("
                    + MAX_PAYLOAD + " bytes); not sent");
        }
        socket.send(new DatagramPacket(utf8, utf8.length, target));
        sent.incrementAndGet();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
