package streamlab.contention;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Immutable (layout only; {@link Counter} is thread-safe): cache-line padding.
 *
 * <p>Each worker writes its lane's counters on every task; without padding, two lanes' fields can share a 64-byte
 * cache line and the workers would slow each other down through false sharing. Superclass fields
 * are laid out before subclass fields, so a field declared between two of these classes has 56+ bytes on each side.
 * The padding after the hot fields cannot be inherited (it must come last), so each padded class declares it itself, as
 * one line of eight longs.
 */
abstract class Padding {

    /** A field's VarHandle, for the static initialiser of a padded class of this package. */
    static VarHandle handle(Class<?> owner, String name, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Padding before the hot fields. */
    abstract static class Left {
        long p01, p02, p03, p04, p05, p06, p07, p08;
    }

    /** The counter's word, after the left padding: (write sequence &lt;&lt; 32) | value. */
    abstract static class CounterValue extends Left {
        volatile long value;
    }

    /**
     * The shared counter, alone on its cache line: every task writes it, and the run's control fields (lock switch,
     * hold, stop flag), which every worker reads on every task, must not share the line it makes bounce.
     */
    static final class Counter extends CounterValue {
        private static final VarHandle VALUE = handle(CounterValue.class, "value", long.class);

        long q01, q02, q03, q04, q05, q06, q07, q08;

        /** The whole word: the sequence number of the last write in the high half, the value in the low half. */
        long word() {
            return value;
        }

        boolean compareAndSet(long expected, long next) {
            return VALUE.compareAndSet(this, expected, next);
        }
    }
}
