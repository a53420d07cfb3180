package streamlab.contention;

import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe (writers take its lock, readers read one volatile reference): a run's markers and the deadlock cycle.
 *
 * <p>Both are published together, so whoever sees the deadlock marker sees the cycle, and whoever sees the cycle sees
 * its marker.
 */
final class MarkerLog {

    /** Immutable. */
    private record State(List<Marker> markers, String deadlock) {
    }

    private volatile State state = new State(List.of(), null);

    synchronized void add(Marker marker) {
        State s = state;
        state = new State(append(s.markers(), marker), s.deadlock());
    }

    /** Adds the deadlock marker and its cycle in one step. */
    synchronized void addDeadlock(Marker marker, String cycle) {
        state = new State(append(state.markers(), marker), cycle);
    }

    /** Every marker so far, in the order added; an immutable list. */
    List<Marker> markers() {
        return state.markers();
    }

    /** The waits-for cycle once a deadlock was detected, else null. */
    String deadlock() {
        return state.deadlock();
    }

    private static List<Marker> append(List<Marker> markers, Marker marker) {
        List<Marker> next = new ArrayList<>(markers.size() + 1);
        next.addAll(markers);
        next.add(marker);
        return List.copyOf(next);
    }
}
