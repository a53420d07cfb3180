package streamlab.kafka;

/** Why the built-in broker could not start or stopped; {@link #getMessage()} names the problem and the fix. Immutable. */
public final class BrokerException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of trouble, so the window can offer the right action (Reset for a corrupt folder, say). */
    public enum Kind {
        /** The port is taken; the message names a free one. */
        PORT_BUSY,
        /** The data folder cannot be read as a Kafka log folder; Reset wipes it. */
        CORRUPT_DATA,
        /** The data folder is full or cannot be written. */
        DATA_FOLDER,
        /** The broker did not come up in time or stopped on its own. */
        FAILED
    }

    private final Kind kind;
    /** The free port the message proposes, or 0 when it proposes none. */
    private final int alternativePort;

    public BrokerException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, 0);
    }

    /** A trouble whose message proposes {@code alternativePort} (0: none) instead of the busy one. */
    public BrokerException(Kind kind, String message, Throwable cause, int alternativePort) {
        super(message, cause);
        this.kind = kind;
        this.alternativePort = alternativePort;
    }

    /** The free port the message names instead of a busy one, when it names one. */
    public java.util.OptionalInt alternativePort() {
        return alternativePort > 0 ? java.util.OptionalInt.of(alternativePort) : java.util.OptionalInt.empty();
    }

    public Kind kind() {
        return kind;
    }
}
