package streamlab.net;

/** Immutable. How a TCP byte stream is cut into messages. */
public enum Framing {
    /** One message per line; the newline ends a message and is not part of it (a trailing CR is dropped too). */
    NEWLINE,
    /** Each chunk that one read returns is a message: TCP keeps no message boundaries, so chunks may merge or split. */
    RAW
}
