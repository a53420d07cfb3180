package streamlab.net;

/** The life cycle of a listener or connection. Immutable. */
public enum ListenerState {
    LISTENING, CLOSED
}
