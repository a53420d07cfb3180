package streamlab.net;

/** Immutable. The life cycle of a listener or connection. */
public enum ListenerState {
    LISTENING, CLOSED
}
