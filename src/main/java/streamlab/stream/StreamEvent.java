package streamlab.stream;

import java.util.List;

/** Immutable. Something the engine did, for the UI's bounded event buffer and the CLI's listener. */
public sealed interface StreamEvent {

    /**
     * A record went to the sinks.
     *
     * @param seq     1-based count of records sent in this run (across cycles)
     * @param cycle   1-based pass over the file
     * @param record  the record
     * @param message the message as sent
     * @param sentAtMillis when it went to the sinks, in milliseconds since the epoch (shows the pacing in a report)
     */
    record Sent(long seq, long cycle, CsvRecord record, String message, long sentAtMillis) implements StreamEvent {
    }

    /**
     * A row whose field count differs from the header's.
     *
     * @param line     its 1-based line number
     * @param fields   how many fields it has
     * @param expected how many the header has
     * @param sentAnyway whether it was sent (the user's choice) or skipped
     */
    record BadRow(long line, int fields, int expected, boolean sentAnyway) implements StreamEvent {
        public String describe() {
            return "line " + line + ": " + fields + " fields, expected " + expected + " ("
                    + (sentAnyway ? "sent anyway" : "skipped") + ")";
        }
    }

    /** A sink could not deliver record {@code seq}; the others carried on. */
    record SinkFailed(String sink, long seq, String error) implements StreamEvent {
    }

    /** A record went out {@code lagMillis} later than its schedule: a sink cannot keep up with the pace. */
    record Behind(long seq, long lagMillis) implements StreamEvent {
    }

    /**
     * The gap between two timestamps was longer than the longest wait ({@link Pacing#MAX_WAIT}); the record waited
     * that long instead.
     */
    record WaitCapped(long seq, long gapSeconds, long waitedSeconds) implements StreamEvent {
    }

    /** A pass over the file ended; in loop mode the next one starts. */
    record CycleDone(long cycle, long records) implements StreamEvent {
    }

    /** The run ended; {@code run} is its number, as in {@link StreamSnapshot#run()}. */
    record Finished(StreamState state, long sent, String reason, List<SinkStats> sinks, long run)
            implements StreamEvent {
    }
}
