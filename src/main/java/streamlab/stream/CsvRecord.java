package streamlab.stream;

import java.util.List;

/**
 * Immutable. One CSV record as read from the file.
 *
 * @param index  the 0-based position of the record among the data rows of the file
 * @param line   the 1-based line number where the record starts (a quoted field may span lines)
 * @param raw    the record's text as in the file, without its line ending (in a preview, a long record's text is
 *               cut and ends with {@code …}; see {@link CsvInfo#preview()})
 * @param fields the parsed fields
 */
public record CsvRecord(long index, long line, String raw, List<String> fields) {
}
