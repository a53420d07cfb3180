package streamlab.contention;

/**
 * Thread-safe: the shared in-memory counter, read and written with volatile and atomic operations.
 *
 * <p>One 64-bit word holds the value (low half) and the sequence number of the write that stored it (high half), so
 * each write learns atomically which write it replaced: a write is a compare-and-set of the word it read just before,
 * with the next sequence number and read + 1. A write that finds the word changed since that moment retries with the
 * new word's sequence number but still stores read + 1, so updates are lost exactly as with a plain store. Values and
 * sequence numbers stay below 2<sup>32</sup> (at most 64 × 1,000,000 writes).
 *
 * <p>The word sits alone on its cache line ({@link Padding.Counter}), away from the run's control fields that every
 * worker reads on every task.
 */
final class CounterResource implements SharedResource, SharedResource.Session {

    private static final long VALUE_MASK = 0xFFFF_FFFFL;

    private final Padding.Counter counter = new Padding.Counter();

    @Override
    public void prepare() {
        // A new run has a new counter at 0: nothing to prepare.
    }

    /** Every worker shares this one session: the counter has nothing per worker. */
    @Override
    public Session open(int worker) {
        return this;
    }

    @Override
    public boolean instant() {
        return true;
    }

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public long liveValue() {
        return counter.word() & VALUE_MASK;
    }

    @Override
    public boolean countsRows() {
        return false;
    }

    @Override
    public long finalCount() {
        return liveValue();
    }

    @Override
    public void begin() {
        // The counter has no lock of its own.
    }

    @Override
    public long read(int task) {
        return counter.word() & VALUE_MASK;
    }

    @Override
    public long write(long read, WriteOrder order) {
        while (true) {
            long word = counter.word();
            order.writing();
            long seq = (word >>> 32) + 1;
            if (counter.compareAndSet(word, seq << 32 | (read + 1))) {
                order.written(seq, seq - 1);
                return word & VALUE_MASK;
            }
        }
    }

    @Override
    public boolean canCompareAndWrite() {
        return true;
    }

    @Override
    public boolean compareAndWrite(long read, WriteOrder order) {
        while (true) {
            long word = counter.word();
            if ((word & VALUE_MASK) != read) {
                return false;
            }
            order.writing();
            long seq = (word >>> 32) + 1;
            if (counter.compareAndSet(word, seq << 32 | (read + 1))) {
                order.written(seq, seq - 1);
                return true;
            }
        }
    }

    @Override
    public void rollback() {
        // A write is one atomic store: nothing is ever half done.
    }

    @Override
    public void close() {
        // Shared by all workers and held by the run: nothing to release.
    }
}
