package streamlab.contention;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Thread-safe; runs on its own daemon thread {@code deadlock-watch}, which the run's stop, its last worker and
 * {@link #join} may end from any thread.
 *
 * <p>Watches the deadlock demo's workers with {@code ThreadMXBean.findDeadlockedThreads()} every 50 ms and reports
 * the waits-for cycle once.
 */
final class DeadlockWatchdog {

    static final String THREAD_NAME = "deadlock-watch";
    private static final long PERIOD_MS = 50;

    private final Thread thread;
    private final Map<Long, Worker> byId = new HashMap<>();
    private final Consumer<String> onDeadlock;

    /**
     * @param workers    the workers to watch; their threads exist but need not have started
     * @param onDeadlock receives the cycle, once, on the watchdog's thread
     */
    DeadlockWatchdog(List<Worker> workers, Consumer<String> onDeadlock) {
        for (Worker w : workers) {
            byId.put(w.thread.getId(), w);
        }
        this.onDeadlock = onDeadlock;
        thread = new Thread(this::watch, THREAD_NAME);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks the watchdog to end; it leaves its wait at once. */
    void interrupt() {
        thread.interrupt();
    }

    /** Waits until the watchdog has ended, at most until {@code deadlineNanos} ({@link System#nanoTime()}). */
    boolean join(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
        }
        return !thread.isAlive();
    }

    /**
     * Interrupts the watchdog and waits for it to end, so that whatever it reported is in before the caller reads.
     * The wait goes on through the caller's own interrupt (a stopped worker calls this), which is kept for after.
     */
    boolean close(Duration timeout) {
        interrupt();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return join(deadline);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    private void watch() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long[] ids = mx.findDeadlockedThreads();
                if (ids != null) {
                    long[] ours = Arrays.stream(ids).filter(byId::containsKey).toArray();
                    if (ours.length > 0) {
                        onDeadlock.accept(describeCycle(mx.getThreadInfo(ours, true, true)));
                        return;
                    }
                }
                Thread.sleep(PERIOD_MS);
            }
        } catch (InterruptedException e) {
            // The run is ending: nothing more to watch.
        }
    }

    /** "worker-1 holds lock A and waits for lock B, held by worker-2; worker-2 holds lock B and waits for ...". */
    private String describeCycle(ThreadInfo[] infos) {
        List<String> parts = new ArrayList<>();
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue;
            }
            Worker w = byId.get(info.getThreadId());
            parts.add(info.getThreadName() + " holds " + w.holding + " and waits for " + w.waitingFor
                    + ", held by " + info.getLockOwnerName());
        }
        return String.join("; ", parts);
    }
}
