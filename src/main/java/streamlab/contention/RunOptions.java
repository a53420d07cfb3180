package streamlab.contention;

/**
 * How a run is observed, as opposed to what it does. Immutable.
 *
 * @param recording    record phase timestamps (off only to measure what recording costs)
 * @param recordBudget records kept across all lanes before coalescing starts
 * @param logLimit     phase log lines kept per run; later ones are counted, not kept
 */
public record RunOptions(boolean recording, int recordBudget, int logLimit) {

    /** 1,048,576 records (about 70 MB at most) and 20,000 log lines. */
    public static final int DEFAULT_RECORD_BUDGET = 1 << 20;
    public static final int DEFAULT_LOG_LIMIT = 20_000;

    public RunOptions {
        if (recordBudget < 2) {
            throw new IllegalArgumentException("The record budget must be at least 2, not " + recordBudget);
        }
        if (logLimit < 0) {
            throw new IllegalArgumentException("The log limit cannot be negative: " + logLimit);
        }
    }

    public static RunOptions defaults() {
        return new RunOptions(true, DEFAULT_RECORD_BUDGET, DEFAULT_LOG_LIMIT);
    }

    public RunOptions withRecording(boolean value) {
        return new RunOptions(value, recordBudget, logLimit);
    }

    public RunOptions withRecordBudget(int value) {
        return new RunOptions(recording, value, logLimit);
    }

    public RunOptions withLogLimit(int value) {
        return new RunOptions(recording, recordBudget, value);
    }

    /** Records one lane may keep: an equal share of the budget, at least 1,024. */
    int laneCapacity(int threads) {
        return Math.max(Math.min(1024, recordBudget), recordBudget / threads);
    }
}
