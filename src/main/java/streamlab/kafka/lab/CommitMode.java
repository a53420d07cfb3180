package streamlab.kafka.lab;

/** When a built-in consumer commits its offsets, which decides what a crash costs. */
public enum CommitMode {
    /** Kafka's auto-commit, every auto.commit.interval.ms: a crash may repeat or skip what was polled since. */
    AUTO,
    /** Commit after each message is processed: a crash repeats the message in hand (at least once). */
    AFTER_PROCESSING,
    /** Commit before each message is processed: a crash loses the message in hand (at most once). */
    BEFORE_PROCESSING
}
