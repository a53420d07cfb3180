package streamlab.contention.process;

import java.util.List;
import java.util.Map;

/**
 * What the child processes of a run were and what survived them. Immutable.
 *
 * @param lanes          one per worker, in worker order
 * @param integrityCheck SQLite's {@code PRAGMA integrity_check} after the run ("ok"), or null for the counter file
 *                       or while the run is going
 * @param survivingRows  committed rows in the table after the run, or -1 (counter file, or still running)
 * @param rowsByWorker   surviving rows per worker (1-based), empty for the counter file
 * @param counterValue   the counter file's value after the run, or -1 (SQLite, or still running)
 * @param complete       whether the run has ended and these are its final numbers
 */
public record ProcessReport(List<Lane> lanes, String integrityCheck, long survivingRows,
                            Map<Integer, Long> rowsByWorker, long counterValue, boolean complete) {

    public ProcessReport {
        lanes = List.copyOf(lanes);
        rowsByWorker = Map.copyOf(rowsByWorker);
    }

    /**
     * One child. Immutable.
     *
     * @param worker       1-based
     * @param pid          its process id, or -1 when it never started
     * @param startupNanos from spawn to its hello, or -1 when it never said hello
     * @param exitStatus   "running", "exited 0", "killed by signal 9", "failed to start: ...", "cut off: ..."
     * @param killed       whether it died by SIGKILL (from StreamLab or from outside)
     * @param killedFromOutside whether that SIGKILL came from outside StreamLab ({@code kill -9} in a terminal)
     */
    public record Lane(int worker, long pid, long startupNanos, String exitStatus, boolean killed,
                       boolean killedFromOutside) {
    }
}
