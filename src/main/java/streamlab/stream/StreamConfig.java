package streamlab.stream;

import java.util.List;

/**
 * Immutable. Everything one stream run needs.
 *
 * @param csv     how to read the file
 * @param reverse play the rows last to first
 * @param loop    start again at the end, forever (until stopped or the limit)
 * @param limit   stop after this many records; 0 = no limit
 * @param pacing  when to send each record
 * @param format  how a record becomes a message
 * @param badRows what to do with a row whose field count differs from the header's
 * @param sinks   where the messages go
 */
public record StreamConfig(CsvOptions csv, boolean reverse, boolean loop, long limit, Pacing pacing,
                           RecordFormat format, BadRows badRows, List<SinkSpec> sinks) {

    /** What to do with a ragged row; either way it is reported with its line number. */
    public enum BadRows { SKIP, SEND }

    public StreamConfig {
        sinks = List.copyOf(sinks);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (none) or more");
        }
    }
}
