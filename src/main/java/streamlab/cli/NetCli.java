package streamlab.cli;

import java.util.Locale;
import picocli.CommandLine.Parameters;
import streamlab.net.NetError;
import streamlab.net.Protocol;
import streamlab.text.Printable;

/** Protocol parsing and error mapping shared by the socket commands. Stateless. */
final class NetCli {

    private NetCli() {
    }

    static Protocol protocol(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "udp" -> Protocol.UDP;
            case "tcp" -> Protocol.TCP;
            default -> throw new CliErrors.UserError("'" + text + "' is not a protocol. Use udp or tcp.");
        };
    }

    /** The {@code udp|tcp} first parameter of {@code listen} and {@code send}, mixed into each. */
    static final class ProtocolParameter {

        @Parameters(index = "0", paramLabel = "udp|tcp", description = "The protocol: udp or tcp.")
        String text;

        /** The protocol named; a user error naming udp and tcp otherwise. */
        Protocol protocol() {
            return NetCli.protocol(text);
        }
    }

    static CliErrors.UserError userError(NetError e) {
        // The message may quote what the user typed (a host name), which must not drive the terminal either.
        return new CliErrors.UserError(Printable.escape(e.getMessage()), e);
    }

    /**
     * Keeps one message on one output line, with every control character (ESC, BEL, bidi overrides...) shown as an
     * escape: received bytes are untrusted and must not drive the terminal.
     */
    static String oneLine(String text) {
        return Printable.escape(text);
    }
}
