package streamlab.contention.process;

import java.util.Locale;
import streamlab.contention.Outcome;
import streamlab.contention.Phase;

/**
 * Immutable (static helpers and records only): the line format a process worker writes to its standard output, one
 * event per line, ASCII, fields separated by one space. Times are nanoseconds since the child's hello, on the child's
 * own {@code System.nanoTime()}.
 *
 * <pre>
 * H &lt;pid&gt; &lt;epochNanos&gt;                 hello: the child's JVM has started and opened the resource;
 *                                        epochNanos is its wall clock (Instant.now()) at that moment
 * P &lt;task&gt; &lt;phase&gt; &lt;at&gt; &lt;value&gt;         a phase began: WAITING (value 1 when the task takes the lock),
 *                                        HOLDING (value = what it read, or the row it inserted), WRITING (0)
 * T &lt;task&gt; &lt;t0&gt; &lt;acquired&gt; &lt;tailStart&gt; &lt;end&gt; &lt;read&gt; &lt;overwritten&gt; &lt;tail&gt; &lt;outcome&gt; &lt;locked&gt; [message]
 *                                        a task ended (its record, as a thread worker's lane would hold it);
 *                                        the message is the error, for FAILED only, and may contain spaces
 * B &lt;tasks&gt;                              bye: every task is done, the child exits 0
 * </pre>
 *
 * <p>The parent reads it strictly: a line that does not parse (unknown tag, wrong field count, a number that is not
 * one, a task out of range, a line longer than {@link #MAX_LENGTH}) cuts the child off. The parent sends the child
 * two commands on its standard input, {@code L 0|1} (lock off or on from the next task) and {@code H <nanos>} (the
 * hold from the next task); when that input ends (the parent stopped the run, or died) the child exits at once.
 */
public final class EventLine {

    /** The longest line the parent accepts, in characters. */
    public static final int MAX_LENGTH = 1024;

    private EventLine() {
    }

    /** One event from a child. Immutable. */
    public sealed interface Event permits Hello, PhaseAt, TaskEnd, Bye {
    }

    /** The child is ready. */
    public record Hello(long pid, long epochNanos) implements Event {
    }

    /** A phase of {@code task} began at {@code at}. */
    public record PhaseAt(int task, Phase phase, long at, long value) implements Event {
    }

    /** A task ended; times are nanoseconds since the hello. */
    public record TaskEnd(int task, long t0, long acquired, long tailStart, long end, long read, long overwritten,
                          Phase tail, Outcome outcome, boolean locked, String message) implements Event {
    }

    /** Every task is done. */
    public record Bye(int tasks) implements Event {
    }

    public static String hello(long pid, long epochNanos) {
        return "H " + pid + " " + epochNanos;
    }

    public static String phase(int task, Phase phase, long at, long value) {
        return "P " + task + " " + phase.name() + " " + at + " " + value;
    }

    public static String taskEnd(int task, long t0, long acquired, long tailStart, long end, long read,
                                 long overwritten, Phase tail, Outcome outcome, boolean locked, String message) {
        String line = "T " + task + " " + t0 + " " + acquired + " " + tailStart + " " + end + " " + read + " "
                + overwritten + " " + tail.name() + " " + outcome.name() + " " + (locked ? 1 : 0);
        return message == null ? line : line + " " + message.replace('\n', ' ').replace('\r', ' ');
    }

    public static String bye(int tasks) {
        return "B " + tasks;
    }

    /**
     * Parses one line.
     *
     * @param maxTask the child's task count: a task number outside 1..maxTask is refused
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    public static Event parse(String line, int maxTask) {
        if (line.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
        }
        if (line.length() < 3 || line.charAt(1) != ' ') {
            throw new IllegalArgumentException("not an event line");
        }
        char tag = line.charAt(0);
        return switch (tag) {
            case 'H' -> {
                String[] f = fields(line, 3, 3);
                yield new Hello(positive(f[1], "pid"), positive(f[2], "epochNanos"));
            }
            case 'P' -> {
                String[] f = fields(line, 5, 5);
                Phase phase = phaseOf(f[2]);
                if (phase != Phase.WAITING && phase != Phase.HOLDING && phase != Phase.WRITING) {
                    throw new IllegalArgumentException("phase " + phase + " cannot begin");
                }
                yield new PhaseAt(task(f[1], maxTask), phase, time(f[3]), number(f[4], "value"));
            }
            case 'T' -> {
                String[] f = fields(line, 11, 12);
                int task = task(f[1], maxTask);
                long t0 = time(f[2]);
                long acquired = time(f[3]);
                long tailStart = time(f[4]);
                long end = time(f[5]);
                if (!(t0 <= acquired && acquired <= tailStart && tailStart <= end)) {
                    throw new IllegalArgumentException("times out of order");
                }
                Outcome outcome = outcomeOf(f[9]);
                String message = f.length == 12 ? f[11] : null;
                if ((outcome == Outcome.FAILED) != (message != null)) {
                    throw new IllegalArgumentException("a message belongs to FAILED tasks only, and each has one");
                }
                yield new TaskEnd(task, t0, acquired, tailStart, end, number(f[6], "read"),
                        number(f[7], "overwritten"), phaseOf(f[8]), outcome, flag(f[10]), message);
            }
            case 'B' -> {
                String[] f = fields(line, 2, 2);
                yield new Bye(task(f[1], maxTask));
            }
            default -> throw new IllegalArgumentException("unknown event '" + tag + "'");
        };
    }

    private static String[] fields(String line, int min, int max) {
        String[] f = line.split(" ", max);
        if (f.length < min) {
            throw new IllegalArgumentException("expected " + min + " fields, found " + f.length);
        }
        if (f.length == max && max > min && f[max - 1].isEmpty()) {
            throw new IllegalArgumentException("an empty message");
        }
        if (max == min && f[max - 1].contains(" ")) {
            throw new IllegalArgumentException("more than " + max + " fields");
        }
        for (int i = 0; i < Math.min(f.length, min); i++) {
            if (f[i].isEmpty()) {
                throw new IllegalArgumentException("an empty field");
            }
        }
        return f;
    }

    private static long number(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
    }

    private static long positive(String text, String what) {
        long v = number(text, what);
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return v;
    }

    private static long time(String text) {
        long v = number(text, "time");
        if (v < 0) {
            throw new IllegalArgumentException("a time before the hello");
        }
        return v;
    }

    private static int task(String text, int maxTask) {
        long v = number(text, "task");
        if (v < 1 || v > maxTask) {
            throw new IllegalArgumentException("task " + v + " is not 1 to " + maxTask);
        }
        return (int) v;
    }

    private static boolean flag(String text) {
        return switch (text) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new IllegalArgumentException("locked must be 0 or 1, not '" + text + "'");
        };
    }

    private static Phase phaseOf(String text) {
        try {
            return Phase.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown phase '" + text.toLowerCase(Locale.ROOT) + "'");
        }
    }

    private static Outcome outcomeOf(String text) {
        try {
            return Outcome.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown outcome '" + text.toLowerCase(Locale.ROOT) + "'");
        }
    }
}
