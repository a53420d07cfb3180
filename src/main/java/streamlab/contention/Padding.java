package streamlab.contention;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Immutable (layout only; {@link Counter} is thread-safe): cache-line padding.
 *
 * <p>Each worker writes its lane's counters on every task; without padding, two lanes' fields can share a 64-byte
 * cache line and the workers would slow each other down through false sharing. Superclass fields
 * are laid out before subclass fields, so a field declared between two of these classes has 56+ bytes on each side.
 */
abstract class Padding {

    /** Padding before the hot fields. */
    abstract static class Left {
        long p01;
        long p02;
        long p03;
        long p04;
        long p05;
        long p06;
        long p07;
        long p08;
    }

    /** The counter's value, after the left padding. */
    abstract static class CounterValue extends Left {
        volatile long value;
    }

    /**
     * The shared counter, alone on its cache line: every task writes it, and the run's control fields (lock switch,
     * hold, stop flag), which every worker reads on every task, must not share the line it makes bounce.
     */
    static final class Counter extends CounterValue {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(CounterValue.class, "value", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long q01;
        long q02;
        long q03;
        long q04;
        long q05;
        long q06;
        long q07;
        long q08;

        long get() {
            return value;
        }

        long getAndSet(long next) {
            return (long) VALUE.getAndSet(this, next);
        }

        boolean compareAndSet(long expected, long next) {
            return VALUE.compareAndSet(this, expected, next);
        }
    }
}
