package streamlab.stream;

import java.util.List;

/**
 * Immutable. The engine's state at one moment, pulled by the UI once per frame.
 *
 * @param state          the life-cycle state
 * @param sent           records sent in this run
 * @param skipped        ragged rows skipped
 * @param badRows        ragged rows found (skipped or sent)
 * @param total          data rows in the file, or -1 when unknown
 * @param cycle          the current pass (1-based), or 0 before the start
 * @param progress       how far the current pass has got, 0 to 1
 * @param elapsedNanos   running time, pauses excluded
 * @param nextInNanos    time until the next record is due, 0 when not waiting
 * @param lagMillis      how late the last record was against its schedule (0 = on time)
 * @param behindCount    how many records went out late
 * @param currentIndex   the file index of the last record sent, or -1
 * @param sinks          per-sink counters
 * @param error          the reason the run failed, or empty
 * @param run            which start of the engine this is (1, 2, ...), or 0 before the first; a UI uses it to tell
 *                       a new run from the end of the previous one
 */
public record StreamSnapshot(StreamState state, long sent, long skipped, long badRows, long total, long cycle,
                             double progress, long elapsedNanos, long nextInNanos, long lagMillis,
                             long behindCount, long currentIndex, List<SinkStats> sinks, String error, long run) {

    public static final StreamSnapshot IDLE = new StreamSnapshot(StreamState.IDLE, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0,
            -1, List.of(), "", 0);

    /** Records per second over the whole run. */
    public double rate() {
        return elapsedNanos <= 0 ? 0 : sent * 1e9 / elapsedNanos;
    }
}
