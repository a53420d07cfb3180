package streamlab.net;

/** The transport protocol of an endpoint or a log entry. Immutable. */
public enum Protocol {
    UDP, TCP
}
