package streamlab.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Immutable. What inspecting a CSV file found, before streaming it.
 *
 * @param options           the options used, with the delimiter filled in
 * @param bom               whether the file starts with a UTF-8 byte order mark (it is skipped)
 * @param delimiterDetected whether the delimiter was detected rather than set by hand
 * @param columns           the column names: the header row made unique by {@link #uniqueNames}, or
 *                          {@code Column1..N} without a header
 * @param preview           the first data rows (at most {@link CsvSource#PREVIEW_ROWS}); a row longer than
 *                          {@link CsvSource#PREVIEW_ROW_BYTES} is cut: at most {@link CsvSource#PREVIEW_VALUES}
 *                          values of at most {@link CsvSource#PREVIEW_VALUE_CHARS} characters, a cut one ending
 *                          with {@code …}
 * @param totalRecords      the number of data rows, or -1 when the file is too large to count up front
 * @param size              the file size in bytes
 */
public record CsvInfo(CsvOptions options, boolean bom, boolean delimiterDetected, List<String> columns,
                      List<CsvRecord> preview, long totalRecords, long size) {

    public CsvInfo {
        // Every format, template and the preview look columns up by name: two columns with one name would lose one.
        columns = uniqueNames(columns);
    }

    public char delimiter() {
        return options.delimiter();
    }

    /**
     * Gives every column a distinct, non-empty name. An empty name becomes {@code column} and its 1-based position
     * ({@code column3}); a repeated name gets {@code _2}, {@code _3}, … in order of appearance ({@code a, a_2}),
     * skipping a suffix that is already a name in the header. Names compare case-sensitively, as JSON keys do.
     */
    public static List<String> uniqueNames(List<String> names) {
        List<String> base = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i) == null ? "" : names.get(i);
            base.add(n.isEmpty() ? "column" + (i + 1) : n);
        }
        Set<String> taken = new HashSet<>(base);
        Set<String> used = new HashSet<>();
        List<String> out = new ArrayList<>(base.size());
        for (String b : base) {
            String name = b;
            int k = 2;
            while (used.contains(name)) {
                do {
                    name = b + "_" + k++;
                } while (taken.contains(name));
            }
            used.add(name);
            out.add(name);
        }
        // Not List.copyOf: callers ask indexOf(null) and contains(null) of it (no selection), which List.of refuses.
        return Collections.unmodifiableList(out);
    }

    /**
     * The names of {@code count} fields: the columns, then names for fields beyond them (a bad row sent anyway), by
     * the same rule as an empty header name.
     */
    public List<String> namesFor(int count) {
        if (count <= columns.size()) {
            return columns;
        }
        List<String> padded = new ArrayList<>(columns);
        while (padded.size() < count) {
            padded.add("");
        }
        return uniqueNames(padded);
    }
}
