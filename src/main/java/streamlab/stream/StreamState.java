package streamlab.stream;

/** The life cycle of a stream run. */
public enum StreamState {
    /** Not started yet. */
    IDLE,
    RUNNING,
    PAUSED,
    /** Reached the end of the file or the limit. */
    FINISHED,
    /** Stopped by the user. */
    STOPPED,
    /** Ended by an error: reading the file failed, or the engine itself failed (an Error such as OutOfMemoryError). */
    FAILED;

    public boolean isActive() {
        return this == RUNNING || this == PAUSED;
    }
}
