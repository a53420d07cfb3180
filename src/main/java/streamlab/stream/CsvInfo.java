package streamlab.stream;

import java.util.List;

/**
 * Immutable. What inspecting a CSV file found, before streaming it.
 *
 * @param options           the options used, with the delimiter filled in
 * @param bom               whether the file starts with a UTF-8 byte order mark (it is skipped)
 * @param delimiterDetected whether the delimiter was detected rather than set by hand
 * @param columns           the column names: the header row, or {@code Column1..N} without a header
 * @param preview           the first data rows (at most {@link CsvSource#PREVIEW_ROWS})
 * @param totalRecords      the number of data rows, or -1 when the file is too large to count up front
 * @param size              the file size in bytes
 */
public record CsvInfo(CsvOptions options, boolean bom, boolean delimiterDetected, List<String> columns,
                      List<CsvRecord> preview, long totalRecords, long size) {

    public char delimiter() {
        return options.delimiter();
    }
}
