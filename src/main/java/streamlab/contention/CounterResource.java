package streamlab.contention;

/**
 * Thread-safe: the shared in-memory counter, read and written with volatile and atomic operations.
 *
 * <p>The value sits alone on its cache line ({@link Padding.Counter}), away from the run's control fields that every
 * worker reads on every task.
 */
final class CounterResource implements SharedResource, SharedResource.Session {

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
        return counter.get();
    }

    @Override
    public boolean countsRows() {
        return false;
    }

    @Override
    public long finalCount() {
        return counter.get();
    }

    @Override
    public void begin() {
        // The counter has no lock of its own.
    }

    @Override
    public long read(int task) {
        return counter.get();
    }

    @Override
    public long write(long read) {
        return counter.getAndSet(read + 1);
    }

    @Override
    public boolean canCompareAndWrite() {
        return true;
    }

    @Override
    public boolean compareAndWrite(long read) {
        return counter.compareAndSet(read, read + 1);
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
