package streamlab.net;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Immutable. A network problem the user can fix, with a message that names the problem and what to do.
 *
 * <p>The UI shows {@link #getMessage()} as is; the command line prints it on one line and exits with code 2.
 */
public final class NetError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of problem it is, so callers and tests can tell them apart without parsing text. */
    public enum Kind {
        PORT_IN_USE, PORT_PRIVILEGED, BAD_PORT, UNKNOWN_HOST, CONNECTION_REFUSED, CONNECTION_RESET, TOO_LARGE,
        BACKPRESSURE, TIMEOUT, CLOSED, OTHER
    }

    private final Kind kind;

    public NetError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public NetError(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static NetError portInUse(String proto, String host, int port, Throwable cause) {
        return new NetError(Kind.PORT_IN_USE, proto + " port " + port + " is already in use on " + host
                + ". Stop the other program (or StreamLab listener) using it, or choose another port.", cause);
    }

    static NetError portPrivileged(String proto, int port, Throwable cause) {
        return new NetError(Kind.PORT_PRIVILEGED, proto + " port " + port
                + " is below 1024 and needs administrator rights. Choose a port from 1024 to 65535, such as 9999.",
                cause);
    }

    /** Checks that a port number can be used; 0 means "any free port". */
    public static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new NetError(Kind.BAD_PORT, "Port " + port + " is out of range. Use a port from 1024 to 65535, "
                    + "such as 9999.");
        }
        return port;
    }

    static NetError unknownHost(String host, Throwable cause) {
        return new NetError(Kind.UNKNOWN_HOST, "Unknown host '" + host + "'. Check the spelling, or use 127.0.0.1 "
                + "(or localhost) for this computer.", cause);
    }

    static NetError refused(String target, Throwable cause) {
        return new NetError(Kind.CONNECTION_REFUSED, "Connection refused by " + target
                + ": nothing is listening on that port. Start a TCP listener there first, or check the port.",
                cause);
    }

    static NetError reset(String target, Throwable cause) {
        return new NetError(Kind.CONNECTION_RESET, "The connection to " + target
                + " was reset by the peer (it closed abruptly). Connect again to continue.", cause);
    }

    /** A message longer than the protocol or the configured maximum allows. */
    public static NetError tooLarge(String proto, int size, int max, String advice) {
        return new NetError(Kind.TOO_LARGE, String.format(Locale.ROOT,
                "Message too large: %,d bytes, but %s allows at most %,d bytes. %s", size, proto, max, advice));
    }

    /**
     * Turns a low-level exception into a clear message.
     *
     * @param proto  "UDP" or "TCP"
     * @param action what was attempted, for the fallback message ("bind", "connect to", "send to")
     * @param host   the host as the user typed it
     * @param port   the port as the user typed it
     */
    public static NetError from(Throwable e, String proto, String action, String host, int port) {
        if (e instanceof NetError n) {
            return n;
        }
        String target = host + ":" + port;
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof BindException || msg.contains("address already in use")) {
            if (msg.contains("permission denied") || msg.contains("access denied")) {
                return portPrivileged(proto, port, e);
            }
            if (msg.contains("cannot assign requested address")) {
                return new NetError(Kind.OTHER, "Cannot bind " + proto + " to " + target + ": " + host
                        + " is not an address of this computer. Use 127.0.0.1, or 0.0.0.0 for all interfaces.", e);
            }
            return portInUse(proto, host, port, e);
        }
        if (e instanceof java.net.SocketException && msg.contains("permission denied") && port < 1024) {
            return portPrivileged(proto, port, e);
        }
        if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException) {
            return unknownHost(host, e);
        }
        if (e instanceof ConnectException || msg.contains("connection refused")) {
            return refused(target, e);
        }
        if (msg.contains("connection reset") || msg.contains("broken pipe")) {
            return reset(target, e);
        }
        if (e instanceof SocketTimeoutException) {
            return new NetError(Kind.TIMEOUT, "No answer from " + target + " in time. Check the host and port, "
                    + "and that a firewall does not block it.", e);
        }
        if (e instanceof NoRouteToHostException || e instanceof PortUnreachableException) {
            return new NetError(Kind.OTHER, "Cannot reach " + target + " (" + e.getMessage()
                    + "). Check the host and your network.", e);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new NetError(Kind.OTHER, "Could not " + action + " " + proto + " " + target + ": " + detail + ".", e);
    }

    static NetError io(IOException e, String proto, String action, String host, int port) {
        return from(e, proto, action, host, port);
    }
}
