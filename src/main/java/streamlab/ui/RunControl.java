package streamlab.ui;

/** A tab whose run the window's F5 key starts and stops. Called on the FX Application Thread. */
public interface RunControl {

    /** Starts a run when none is going, otherwise stops it; returns at once (stopping finishes within a second). */
    void startOrStop();

    /**
     * Ctrl+L: flips the run's lock, also during a run, on a tab that has one (Contention); a tab without a lock
     * ignores it.
     */
    default void toggleLock() {
    }
}
