package streamlab.ui.net;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import streamlab.net.NetError;
import streamlab.text.DurationText;

/**
 * Stateless. Reads what the user typed in the Sockets tab: ports, hosts, intervals and numbers. Each reader throws a
 * {@link NetError} whose message names the problem and the fix, so a ViewModel can show it as it is.
 */
final class SocketsInputs {

    private SocketsInputs() {
    }

    /** A port from 0 (any free port) to 65535. */
    static int port(String text, String what) {
        String t = text == null ? "" : text;
        try {
            return NetError.checkPort(Integer.parseInt(t.strip()));
        } catch (NumberFormatException e) {
            throw new NetError(NetError.Kind.BAD_PORT, "The " + what + " '" + t
                    + "' is not a number. Type a port from 1024 to 65535, such as 9999.");
        }
    }

    /** A port something can be sent to: not 0. */
    static int receiverPort(String text) {
        int port = port(text, "port");
        if (port == 0) {
            throw new NetError(NetError.Kind.BAD_PORT, "Port 0 cannot receive. Type the receiver's port.");
        }
        return port;
    }

    /** A host that is not blank, stripped. */
    static String host(String text) {
        if (text == null || text.isBlank()) {
            throw new NetError(NetError.Kind.OTHER, "The host is empty. Type 127.0.0.1 for this computer.");
        }
        return text.strip();
    }

    /** A pause with {@link DurationText}'s one rule: 0, or a number with a unit such as 100ms, 1.5s or 1m. */
    static Duration interval(String text) {
        try {
            return DurationText.parse(text, null, null);
        } catch (DurationText.Refused e) {
            if (e.reason() == DurationText.Reason.NOT_A_DURATION || e.reason() == DurationText.Reason.EMPTY) {
                throw new NetError(NetError.Kind.OTHER, "The interval '" + (text == null ? "" : text.strip())
                        + "' is not a duration. Write it like 0ms, 100ms, 2s or 1m.");
            }
            throw new NetError(NetError.Kind.OTHER, "The interval " + e.getMessage());
        }
    }

    /** A whole number; thousands separators (1,000 or 1_000) are allowed. */
    static int wholeNumber(String text, String what) {
        String t = text == null ? "" : text;
        try {
            return Integer.parseInt(t.strip().replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            throw new NetError(NetError.Kind.OTHER, "The " + what + " '" + t + "' is not a whole number.");
        }
    }

    /** A number; a trailing % is allowed. */
    static double number(String text, String what) {
        String t = text == null ? "" : text;
        try {
            return Double.parseDouble(t.strip().replace("%", ""));
        } catch (NumberFormatException e) {
            throw new NetError(NetError.Kind.OTHER, "The " + what + " '" + t + "' is not a number, such as 5.");
        }
    }

    /** The sentence to show for a failed task: a {@link NetError}'s own message, anything else as unexpected. */
    static String describe(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t instanceof NetError ? t.getMessage() : "Unexpected error: " + t;
    }
}
