package streamlab.ui.net;

/**
 * Confined to one thread (the FX Application Thread in the tab); pure, no JavaFX. Decides, frame by frame, when the
 * traffic table hands its body to the live view: when entries pour in at about 2,000 a second, and back half a
 * second after the flood calms.
 *
 * <p>Each frame: {@link #beforeDrain} with the entries waiting, then {@link #drained} with the rows the drain brought
 * (skipped on frames with no drain), then {@link #settle}. The gap between the start threshold and the calm one, and
 * the half second of calm frames, keep a rate near the threshold from switching the view on and off.
 */
final class FloodDetector {

    /** This many entries waiting at a frame (about 2,000 a second) start the live view. */
    static final int LIVE_ROWS = 32;
    /** A drain with fewer rows than this (about 1,000 a second) is calm. */
    static final int CALM_ROWS = 16;
    /** Calm frames in a row (half a second) after which the table takes over again. */
    static final int CALM_FRAMES = 30;

    private boolean live;
    private int calmFrames;

    /**
     * Called before the frame's drain, so that a flood's first rows never reach the table: laying out its cells for
     * the first time is the slowest thing the table does.
     *
     * @param waiting   entries that arrived since the last drain
     * @param following false while the user has paused scrolling: the live view never starts then
     * @return whether the live view is on
     */
    boolean beforeDrain(long waiting, boolean following) {
        if (!live && following && waiting >= LIVE_ROWS) {
            live = true;
            // A new flood counts its calm afresh: calm frames from before it must not end it early.
            calmFrames = 0;
        }
        return live;
    }

    /** Counts one drain that brought {@code rows} rows. */
    void drained(int rows) {
        calmFrames = rows >= CALM_ROWS ? 0 : calmFrames + 1;
    }

    /**
     * Called at the end of the frame.
     *
     * @param following false while scrolling is paused, which ends the live view at once
     * @return whether the live view is on
     */
    boolean settle(boolean following) {
        if (live && (!following || calmFrames >= CALM_FRAMES)) {
            live = false;
        }
        return live;
    }

    boolean isLive() {
        return live;
    }
}
