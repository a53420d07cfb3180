package streamlab.stream;

/**
 * A problem with the user's input (file, option, template) found before a stream starts; the message says what to
 * do.
 */
public final class StreamInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public StreamInputException(String message) {
        super(message);
    }

    public StreamInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
