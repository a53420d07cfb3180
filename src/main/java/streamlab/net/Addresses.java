package streamlab.net;

import com.google.common.net.HostAndPort;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import streamlab.text.HostPorts;

/** Thread-safe (stateless). Parsing, resolving and printing socket addresses. */
public final class Addresses {

    /** The default bind address: only this computer can send to a listener bound here. */
    public static final String LOOPBACK = "127.0.0.1";

    private Addresses() {
    }

    /** {@code 127.0.0.1:9999} or {@code [::1]:9999}, without the host name part that Java's toString adds. */
    public static String format(SocketAddress address) {
        if (!(address instanceof InetSocketAddress a)) {
            return String.valueOf(address);
        }
        InetAddress ip = a.getAddress();
        if (ip == null) {
            return a.getHostString() + ":" + a.getPort();
        }
        if (ip.isAnyLocalAddress()) {
            // A socket bound to every interface; netstat shows it the same way.
            return "0.0.0.0:" + a.getPort();
        }
        String host = ip.getHostAddress();
        return (ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Resolves a host name; unknown hosts and bad ports become a {@link NetError}. */
    public static InetSocketAddress resolve(String host, int port) {
        NetError.checkPort(port);
        if (host == null || host.isBlank()) {
            throw new NetError(NetError.Kind.UNKNOWN_HOST, "No host given. Type a host name or address, such as "
                    + "127.0.0.1 for this computer.");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host.strip()), port);
        } catch (UnknownHostException e) {
            throw NetError.unknownHost(host, e);
        }
    }

    /** Parses {@code HOST:PORT} (or {@code [v6]:PORT}) and resolves it. */
    public static InetSocketAddress parse(String hostPort) {
        HostAndPort hp;
        try {
            hp = HostPorts.parse(hostPort);
        } catch (HostPorts.BadPort e) {
            throw new NetError(NetError.Kind.BAD_PORT, "'" + e.port() + "' in '" + hostPort
                    + "' is not a port number. Write it like localhost:9999.");
        } catch (IllegalArgumentException e) {
            throw new NetError(NetError.Kind.BAD_PORT, "'" + hostPort + "' is not HOST:PORT. Write it like "
                    + "localhost:9999 or 127.0.0.1:9999.");
        }
        return resolve(hp.getHost(), hp.getPort());
    }

    /** True for 0.0.0.0 or ::, which accept traffic from every network the computer is on. */
    public static boolean isWildcard(String bindHost) {
        String h = bindHost == null ? "" : bindHost.strip();
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]") || h.equals("*");
    }

    /** The warning to show when a listener is bound to all interfaces. */
    public static Optional<String> wildcardWarning(String bindHost) {
        if (!isWildcard(bindHost)) {
            return Optional.empty();
        }
        return Optional.of("Warning: listening on all network interfaces (" + bindHost + "): other computers on your "
                + "network can send to this port. Use 127.0.0.1 unless you need that.");
    }

    static InetSocketAddress bindAddress(String proto, String bindHost, int port) {
        NetError.checkPort(port);
        String h = bindHost == null || bindHost.isBlank() ? LOOPBACK : bindHost.strip();
        if (h.equals("*")) {
            h = "0.0.0.0";
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(h), port);
        } catch (UnknownHostException e) {
            throw NetError.unknownHost(h, e);
        }
    }

    /**
     * Closes a socket or channel, ignoring errors. Kept here, in a class without a logger, so closing a TCP server
     * while the JVM shuts down does not load a class that would start logging anew.
     */
    static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (java.io.IOException e) {
            // Closing: nothing left to do with it.
        }
    }
}
