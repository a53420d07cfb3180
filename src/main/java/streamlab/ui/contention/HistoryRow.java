package streamlab.ui.contention;

/**
 * One finished run in the history table. Immutable.
 *
 * @param number     run number in this window, from 1
 * @param threads    workers
 * @param tasks      tasks per worker
 * @param hold       hold, formatted
 * @param lock       "off" or the lock kind
 * @param resource   counter or SQLite
 * @param expected   intended increments or rows
 * @param actual     counter value or rows present
 * @param lost       expected − actual
 * @param errors     failed tasks
 * @param wallMs     run time in milliseconds
 * @param order      whether the completion order differed from the previous run
 */
public record HistoryRow(int number, int threads, int tasks, String hold, String lock, String resource,
                         long expected, long actual, long lost, long errors, String wallMs, String order) {
}
