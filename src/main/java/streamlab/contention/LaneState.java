package streamlab.contention;

/** Where a worker is in its life. Immutable. */
public enum LaneState {
    WAITING_TO_START, RUNNING, FINISHED, STOPPED, KILLED
}
