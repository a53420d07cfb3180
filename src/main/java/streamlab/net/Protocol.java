package streamlab.net;

/** Immutable. The transport protocol of an endpoint or a log entry. */
public enum Protocol {
    UDP, TCP
}
