package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.text.Printable;

/**
 * Property: any table written by a correct RFC 4180 writer reads back value for value, forwards and backwards, with
 * the right line numbers, and every message format carries the values. Thousands of random tables from a fixed seed;
 * a failure prints the table's seed and its CSV, so it can be replayed alone with {@link #replay}.
 */
class CsvRoundTripPropertyTest {

    private static final long SEED = 0x5EED_C5F0_2026L;
    private static final int TABLES = 2000;
    private static final char[] DELIMITERS = {',', ';', '|', '\t'};
    private static final String[] PIECES = {"a", "b", "Z", "7", " ", "  ", "\"", "\"\"", ",", ";", "|", "\t", "\n",
        "\r\n", "\r", "\u00e9", "\u00fc", "\u6771\u4eac", "\uD83D\uDE00", "\\", "\\n", "n", "x y", "'", "{", "}",
        "-1.5"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A table as written: header names, rows of values, the file text, and the line each data row starts on. */
    private record Table(char delimiter, List<String> header, List<List<String>> rows, String text,
                         List<String> rowTexts, List<Long> rowLines) {
    }

    @Test
    void randomTablesReadBackValueForValueInBothDirectionsAndEveryFormat() throws Exception {
        SplittableRandom seeds = new SplittableRandom(SEED);
        int checked = 0;
        for (int t = 0; t < TABLES; t++) {
            long seed = seeds.nextLong();
            if (replay(seed, t)) {
                checked++;
            }
        }
        assertTrue(checked > TABLES * 9 / 10, "most tables are checked, not skipped: " + checked);
    }

    /** Checks the table made from {@code seed}; false when the table is all blank (refused as empty, by design). */
    boolean replay(long seed, int number) throws Exception {
        Table table = randomTable(new SplittableRandom(seed));
        if (table.text().replace("\uFEFF", "").isBlank()) {
            return false;
        }
        Path file = dir.resolve("table.csv");
        Files.writeString(file, table.text(), StandardCharsets.UTF_8);
        try {
            check(table, file);
        } catch (AssertionError | Exception e) {
            fail("table " + number + " (seed " + seed + "L, delimiter "
                    + CsvOptions.delimiterName(table.delimiter()) + ") fails: " + e.getMessage() + "\nCSV:\n"
                    + Printable.escape(table.text()), e);
        }
        return true;
    }

    private static void check(Table table, Path file) throws Exception {
        CsvSource source = CsvSource.inspect(CsvOptions.of(file).withDelimiter(table.delimiter()));
        CsvInfo info = source.info();
        List<String> columns = expectedNames(table.header());
        assertEquals(columns, info.columns(), "column names");
        assertEquals(table.rows().size(), info.totalRecords(), "record count");
        RecordFormat.Formatter json = RecordFormat.JSON.compile(info.columns());
        RecordFormat.Formatter all = RecordFormat.DEFAULT.compile(info.columns());
        RecordFormat.Formatter csv = RecordFormat.CSV.compile(info.columns());
        // A name with a brace cannot be written in a template; the default template still shows it.
        boolean nameable = columns.get(0).indexOf('{') < 0 && columns.get(0).indexOf('}') < 0;
        RecordFormat.Formatter first = RecordFormat.template(nameable ? "<{" + columns.get(0) + "}>" : "<{column1}>")
                .compile(List.of(nameable ? columns.get(0) : "column1"));

        List<CsvRecord> forward = readAll(source, false);
        assertEquals(table.rows().size(), forward.size(), "records read forwards");
        for (int i = 0; i < forward.size(); i++) {
            CsvRecord r = forward.get(i);
            List<String> values = table.rows().get(i);
            String where = "record " + i;
            assertEquals(values, r.fields(), where);
            assertEquals(i, r.index(), where);
            assertEquals(table.rowLines().get(i), r.line(), where + " line");
            if (i < info.preview().size()) {
                assertEquals(r, info.preview().get(i), where + " in the preview");
            }

            LinkedHashMap<String, String> object = JSON.readValue(json.format(r), new TypeReference<>() { });
            assertEquals(columns, new ArrayList<>(object.keySet()), where + " JSON keys");
            assertEquals(values, new ArrayList<>(object.values()), where + " JSON values");

            assertOneLine(all.format(r), where + " template");
            String one = first.format(r);
            assertOneLine(one, where + " template");
            assertEquals(values.get(0).replace("\r\n", "\n"),
                    RecordFormat.unescapeValue(one.substring(1, one.length() - 1)), where + " template value");

            String line = csv.format(r);
            assertEquals(values, RecordScanner.split(line, table.delimiter()), where + " csv reads back");
            if (!table.rowTexts().get(i).contains("\n") && !table.rowTexts().get(i).contains("\r")) {
                assertEquals(table.rowTexts().get(i), line, where + " csv keeps the file's text");
            }
        }
        List<CsvRecord> backward = readAll(source, true);
        List<CsvRecord> reversed = new ArrayList<>(backward);
        java.util.Collections.reverse(reversed);
        assertEquals(forward, reversed, "records read backwards");
    }

    private static void assertOneLine(String message, String what) {
        assertFalse(message.contains("\n") || message.contains("\r"), what + " is one line: " + message);
    }

    private static List<CsvRecord> readAll(CsvSource source, boolean reversed) throws Exception {
        List<CsvRecord> out = new ArrayList<>();
        try (CsvSource.Cursor c = source.open(reversed)) {
            for (CsvRecord r = c.next(); r != null; r = c.next()) {
                out.add(r);
            }
        }
        return out;
    }

    /** The documented rule, written again independently: strip; empty → columnN; repeats → name_2, name_3 …. */
    static List<String> expectedNames(List<String> header) {
        List<String> base = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String s = header.get(i).strip();
            base.add(s.isEmpty() ? "column" + (i + 1) : s);
        }
        Set<String> used = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String b : base) {
            String name = b;
            for (int k = 2; used.contains(name) || !name.equals(b) && base.contains(name); k++) {
                name = b + "_" + k;
            }
            used.add(name);
            out.add(name);
        }
        return out;
    }

    private static Table randomTable(SplittableRandom r) {
        char d = DELIMITERS[r.nextInt(DELIMITERS.length)];
        int columns = 1 + r.nextInt(6);
        // A few tables cross a reverse-reading chunk (CsvSource.CHUNK_RECORDS).
        int rows = r.nextInt(400) == 0 ? CsvSource.CHUNK_RECORDS + 1 + r.nextInt(400) : 1 + r.nextInt(8);
        String style = new String[] {"\n", "\r\n", "\r", "mixed"}[r.nextInt(4)];
        List<String> header = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            int kind = r.nextInt(10);
            if (kind == 0) {
                header.add("");
            } else if (kind == 1 && c > 0) {
                header.add(header.get(r.nextInt(c)));
            } else if (kind == 2) {
                header.add(" " + (c > 0 ? header.get(r.nextInt(c)).strip() : "h") + " ");
            } else if (kind == 3) {
                header.add("h_" + (2 + r.nextInt(2)));
            } else {
                header.add(randomValue(r));
            }
        }
        StringBuilder text = new StringBuilder(r.nextInt(3) == 0 ? "\uFEFF" : "");
        long[] line = {1};
        writeRecord(text, header, d, line);
        List<List<String>> data = new ArrayList<>();
        List<String> rowTexts = new ArrayList<>();
        List<Long> rowLines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            text.append(lineEnd(style, r));
            line[0]++;
            List<String> values = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                values.add(randomValue(r));
            }
            data.add(values);
            rowLines.add(line[0]);
            int from = text.length();
            writeRecord(text, values, d, line);
            rowTexts.add(text.substring(from));
        }
        if (r.nextInt(5) > 0) {
            text.append(lineEnd(style, r));
        }
        return new Table(d, header, data, text.toString(), rowTexts, rowLines);
    }

    private static String lineEnd(String style, SplittableRandom r) {
        return style.equals("mixed") ? new String[] {"\n", "\r\n", "\r"}[r.nextInt(3)] : style;
    }

    private static String randomValue(SplittableRandom r) {
        if (r.nextInt(5) == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    /** An RFC 4180 writer: quotes a field holding the delimiter, a quote, CR or LF (and a lone empty field). */
    private static void writeRecord(StringBuilder out, List<String> values, char d, long[] line) {
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (i > 0) {
                out.append(d);
            }
            boolean quote = v.indexOf(d) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
                    || v.indexOf('\r') >= 0 || values.size() == 1 && v.isEmpty();
            if (quote) {
                out.append('"').append(v.replace("\"", "\"\"")).append('"');
                line[0] += v.replace("\r\n", "\n").chars().filter(c -> c == '\n' || c == '\r').count();
            } else {
                out.append(v);
            }
        }
    }
}
