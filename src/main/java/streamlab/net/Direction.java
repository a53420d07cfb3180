package streamlab.net;

/** Immutable. Whether a traffic log entry was sent, received, or is a connection event (accept, connect, close, error). */
public enum Direction {
    SENT("out"), RECEIVED("in"), EVENT("event");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    /** A short label for tables and files: in, out, event. */
    public String label() {
        return label;
    }
}
