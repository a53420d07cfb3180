package streamlab.kafka;

/** Kafka could not be reached, or refused a request; {@link #getMessage()} names the problem and the fix. Immutable. */
public final class KafkaUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
