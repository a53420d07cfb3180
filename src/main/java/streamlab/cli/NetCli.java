package streamlab.cli;

import java.util.Locale;
import streamlab.net.NetError;
import streamlab.net.Protocol;

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

    static CliErrors.UserError userError(NetError e) {
        return new CliErrors.UserError(e.getMessage(), e);
    }

    /** Keeps one message on one output line. */
    static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
