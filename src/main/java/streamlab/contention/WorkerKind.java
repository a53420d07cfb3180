package streamlab.contention;

import java.util.Locale;

/** What a worker is: a thread in this JVM or an OS process of its own. Immutable. */
public enum WorkerKind {
    /** A thread in this JVM: the locks are Java locks, a kill is an interrupt. */
    THREAD,
    /**
     * A child JVM (see {@code streamlab.contention.process}): the resource is a real file shared between processes,
     * the lock is an OS file lock, a kill is SIGKILL.
     */
    PROCESS;

    /** Parses thread or process (plural or not), ignoring case. */
    public static WorkerKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "thread", "threads" -> THREAD;
            case "process", "processes" -> PROCESS;
            default -> throw new IllegalArgumentException("Unknown worker kind '" + text
                    + "': use thread or process.");
        };
    }
}
