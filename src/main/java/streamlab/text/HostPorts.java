package streamlab.text;

import com.google.common.net.HostAndPort;

/**
 * Stateless, thread-safe. The one reading of {@code HOST:PORT} for every option and field: Guava's {@link HostAndPort}
 * with a port from 1 to 65535, IPv6 hosts in brackets ({@code [::1]:9999}), and {@code :9999} or a bare {@code 9999}
 * meaning localhost.
 */
public final class HostPorts {

    /** Thrown when the text has a host but its port is not a number from 1 to 65535. */
    public static final class BadPort extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String port;

        BadPort(String port) {
            super("'" + port + "' is not a port number from 1 to 65535");
            this.port = port;
        }

        /** The port text as typed. */
        public String port() {
            return port;
        }
    }

    private HostPorts() {
    }

    /**
     * Reads {@code text}; throws {@link BadPort} for a host with a bad port, and {@link IllegalArgumentException} for
     * anything else that is not HOST:PORT (no port, no host, stray characters).
     */
    public static HostAndPort parse(String text) {
        String t = text == null ? "" : text.strip();
        String full = t.startsWith(":") ? "localhost" + t : t.matches("\\d+") ? "localhost:" + t : t;
        int colon = full.lastIndexOf(':');
        boolean bracketed = full.startsWith("[");
        if (colon > 0 && (!bracketed || full.lastIndexOf(']') < colon)) {
            String port = full.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new BadPort(port);
            }
        }
        HostAndPort hp = HostAndPort.fromString(full);
        if (hp.getHost().isEmpty() || !hp.hasPort() || hp.getHost().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        return hp;
    }
}
