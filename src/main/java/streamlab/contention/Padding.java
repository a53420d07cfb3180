package streamlab.contention;

/**
 * Cache-line padding. Each worker writes its lane's counters on every task; without padding, two lanes' fields can
 * share a 64-byte cache line and the workers would slow each other down through false sharing. Superclass fields
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
}
