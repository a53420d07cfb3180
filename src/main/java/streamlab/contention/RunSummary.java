package streamlab.contention;

import java.util.List;

/**
 * What a run did, in numbers. Immutable.
 *
 * @param scenario                what ran
 * @param expected                increments (counter) or rows (SQLite) the workers intended
 * @param actual                  the counter's final value, or the rows present in the table
 * @param lost                    expected − actual
 * @param detectedOverwrites      writes that replaced a value other than the one the task read (lost updates)
 * @param errors                  tasks that failed, such as SQLite's "database is locked"
 * @param abandoned               tasks cut short by a kill or a stop; their work was not written
 * @param notRun                  tasks never started, because their worker was killed or the run stopped
 * @param completed               tasks that finished (written, overwritten or failed)
 * @param rows                    rows in the table (SQLite), or -1 for the counter
 * @param maxLockWaitNanos        the longest any task waited for the app's lock (or retried a compare-and-set); a
 *                                deadlock's waits count until the run ended them
 * @param wallNanos               time from start to the last worker ending
 * @param completionOrder         worker:task in the order tasks finished (at most 100,000 entries)
 * @param completionOrderComplete false when the order was cut at 100,000 or records were coalesced
 * @param stopped                 the run was stopped before it finished
 * @param killedWorkers           workers killed during the run (1-based)
 * @param deadlock                the waits-for cycle, or null when there was no deadlock
 * @param coalesced               some lanes merged records to stay within the memory budget
 * @param firstError              the first error message, or null
 * @param maxDbWaitNanos          the longest any task waited for SQLite's write lock, including waits that ended in
 *                                "database is locked"; 0 for the counter
 */
public record RunSummary(Scenario scenario, long expected, long actual, long lost, long detectedOverwrites,
                         long errors, long abandoned, long notRun, long completed, long rows, long maxLockWaitNanos,
                         long wallNanos, List<String> completionOrder, boolean completionOrderComplete,
                         boolean stopped, List<Integer> killedWorkers, String deadlock, boolean coalesced,
                         String firstError, long maxDbWaitNanos) {

    public RunSummary {
        completionOrder = List.copyOf(completionOrder);
        killedWorkers = List.copyOf(killedWorkers);
    }

    /** Finished tasks per second of wall time. */
    public double throughputPerSec() {
        return wallNanos <= 0 ? 0 : completed * 1e9 / wallNanos;
    }

    public double maxLockWaitMs() {
        return maxLockWaitNanos / 1e6;
    }

    public double wallMs() {
        return wallNanos / 1e6;
    }

    /** Lost increments explained by overwrites: lost minus abandoned, not-run and failed tasks. */
    public long lostToOverwrites() {
        return lost - abandoned - notRun - errors;
    }

    /** One line, as the log ends with. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("expected ").append(expected).append(", actual ").append(actual).append(", lost ").append(lost);
        if (lost > 0) {
            sb.append(" (").append(lostToOverwrites()).append(" overwritten, ").append(errors).append(" failed, ")
                    .append(abandoned).append(" abandoned, ").append(notRun).append(" not run)");
        }
        sb.append(", detected overwrites ").append(detectedOverwrites).append(", errors ").append(errors);
        if (rows >= 0) {
            sb.append(", rows ").append(rows).append('/').append(expected);
        }
        sb.append(", max lock wait ").append(Durations.formatNanos(maxLockWaitNanos));
        if (rows >= 0) {
            sb.append(", max database wait ").append(Durations.formatNanos(maxDbWaitNanos));
        }
        sb.append(", wall ").append(Durations.formatNanos(wallNanos))
                .append(String.format(java.util.Locale.ROOT, ", %.1f tasks/s", throughputPerSec()));
        if (stopped) {
            sb.append(", stopped");
        }
        if (!killedWorkers.isEmpty()) {
            sb.append(", killed worker ").append(killedWorkers);
        }
        return sb.toString();
    }
}
