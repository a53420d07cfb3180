package streamlab.ui.contention;

/**
 * One finished run in the history table. Immutable.
 *
 * @param number        run number in this window, from 1
 * @param label         what the run was for, such as "course: quick tasks", or empty
 * @param threads       workers
 * @param tasks         tasks per worker
 * @param hold          hold, formatted, with the changes made during the run ("1.2 s → 0")
 * @param lock          "off" or the lock kind, with the switches made during the run ("off → on")
 * @param resource      counter or SQLite
 * @param expected      intended increments or rows
 * @param actual        counter value or rows present
 * @param lost          expected − actual
 * @param errors        failed tasks
 * @param wallMs        run time in milliseconds
 * @param order         the workers in the order their last task finished, such as "1-2-3", or "n/a"
 * @param previousOrder the same of the run this one is compared with, or null when there is none
 * @param change        how the order compares with that run
 * @param kept          the run's lanes and summary are still kept, so selecting the row shows its timeline again
 * @param workers       the worker kind that ran: "threads" or "processes"
 * @param startupNanos  for processes, the slowest child's start-up (spawn to hello); 0 for threads, -1 when no
 *                      child started
 * @param throughput    finished tasks per second of wall time
 * @param maxWaitNanos  the longest any task waited for the lock or for SQLite's write lock
 */
public record HistoryRow(int number, String label, int threads, int tasks, String hold, String lock, String resource,
                         long expected, long actual, long lost, long errors, String wallMs, String order,
                         String previousOrder, Change change, boolean kept, String workers, long startupNanos,
                         double throughput, long maxWaitNanos) {

    /** A thread run's row, without the comparison figures. */
    public HistoryRow(int number, String label, int threads, int tasks, String hold, String lock, String resource,
                      long expected, long actual, long lost, long errors, String wallMs, String order,
                      String previousOrder, Change change, boolean kept) {
        this(number, label, threads, tasks, hold, lock, resource, expected, actual, lost, errors, wallMs, order,
                previousOrder, change, kept, "threads", 0, 0, 0);
    }

    /** How a run's order compares with the previous run of the same scenario. */
    public enum Change {
        FIRST("first run"), SAME("same"), CHANGED("changed"), UNKNOWN("n/a");

        private final String text;

        Change(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** "1-2-3 → 2-1-3" against the compared run, or the order alone. */
    public String orderText() {
        return previousOrder == null ? order : previousOrder + " → " + order;
    }

    /** The settings in one line: "3 × 2 · hold 0 · lock Reentrant · counter". */
    public String settingsText() {
        return threads + " × " + tasks + " · hold " + hold + " · lock " + lock + " · " + resource;
    }

    /** The results in one line: "6 of 6 · lost 0 · errors 0 · 1.2 ms". */
    public String resultText() {
        return String.format(java.util.Locale.ROOT, "%,d of %,d · lost %,d · errors %,d · %s ms", actual, expected,
                lost, errors, wallMs);
    }

    /**
     * What to compare a thread run with a process run by: "processes · start-up 640 ms (slowest) · 12.5/s · longest
     * wait 1.2 s"; a thread starts in microseconds, so a thread run says "start-up ~0".
     */
    public String compareText() {
        String startup = "threads".equals(workers) ? "start-up ~0"
                : startupNanos < 0 ? "no process started"
                : "start-up " + streamlab.contention.Durations.formatNanos(startupNanos) + " (slowest)";
        return workers + " · " + startup + " · " + ContentionViewModel.formatRate(throughput) + " · longest wait "
                + streamlab.contention.Durations.formatNanos(maxWaitNanos);
    }

    /** This row without its run's data: its timeline can no longer be shown. */
    public HistoryRow forgotten() {
        return new HistoryRow(number, label, threads, tasks, hold, lock, resource, expected, actual, lost, errors,
                wallMs, order, previousOrder, change, false, workers, startupNanos, throughput, maxWaitNanos);
    }
}
