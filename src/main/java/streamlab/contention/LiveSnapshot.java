package streamlab.contention;

/**
 * What a worker is doing now, as one value: a reader gets the phase and its times from the same moment, never the
 * phase of one task with the start of the next. Immutable.
 *
 * @param phase     the phase in progress, {@link Phase#IDLE} between runs or once the worker ended
 * @param task      the task in progress (1-based), or 0
 * @param since     when the phase began, in nanoseconds since the run started
 * @param taskStart when the task in progress began (its wait); at hold 0, where tasks are not tracked, an earlier
 *                  task's start
 * @param holdStart when the task in progress began holding, or -1 when it has not yet
 */
public record LiveSnapshot(Phase phase, int task, long since, long taskStart, long holdStart) {

    /** Before the worker's first task. */
    static final LiveSnapshot IDLE = new LiveSnapshot(Phase.IDLE, 0, 0, 0, -1);
}
