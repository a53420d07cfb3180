package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The csv message format: the file's own text, or RFC 4180 quoting when a value holds a line break. */
class RecordFormatCsvTest {

    @TempDir
    Path dir;

    private CsvSource source(String name, String text) throws IOException, StreamInputException {
        return CsvSource.inspect(CsvOptions.of(Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8)));
    }

    private static List<CsvRecord> records(CsvSource source) throws IOException {
        List<CsvRecord> out = new ArrayList<>();
        try (CsvSource.Cursor c = source.open(false)) {
            for (CsvRecord r = c.next(); r != null; r = c.next()) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<String> formatted(CsvSource source) throws IOException, StreamInputException {
        RecordFormat.Formatter csv = RecordFormat.CSV.compile(source.info().columns());
        return records(source).stream().map(csv::format).toList();
    }

    @Test
    void aLineBreakInAValueStaysALineBreakInsideQuotes() throws Exception {
        List<String> rows = formatted(source("nl.csv", "a,b\n1,\"two\nlines\"\n2,two\\nchars\n"));
        assertEquals("1,\"two\nlines\"", rows.get(0));
        // A literal backslash-n is the file's text, and no longer reads the same as a line break.
        assertEquals("2,two\\nchars", rows.get(1));
    }

    @Test
    void aRecordWithoutALineBreakIsTheFileTextByteForByte() throws Exception {
        String row = "\"q,1\" ,\"say \"\"hi\"\"\",ab\"c, spaced ";
        CsvSource s = source("raw.csv", "a,b,c,d\n" + row + "\r\n");
        assertEquals(row, RecordFormat.CSV.compile(s.info().columns()).format(records(s).get(0)));
    }

    @Test
    void aRecordWithALineBreakIsWrittenAgainInTheFilesDelimiterWithQuotesDoubled() throws Exception {
        // Lenient text after a closing quote, a quote, the delimiter and a CRLF and a lone CR inside values.
        CsvSource s = source("semi.csv", "a;b;c\n\"x\"\"y\" z;\"p;\r\nq\";\"old\rmac\"\n\"one\ntwo\"x;;\"\"\n");
        List<String> rows = formatted(s);
        assertEquals("\"x\"\"y z\";\"p;\r\nq\";\"old\rmac\"", rows.get(0));
        assertEquals("\"one\ntwox\";;", rows.get(1));
        assertEquals(';', RecordFormat.delimiterOf(records(s).get(0)));
    }

    @Test
    void pythonsCsvModuleReadsEveryValueBackExactly() throws Exception {
        assumeTrue(python(), "python3 is here to read the output as the course's scripts do");
        for (char d : new char[] {',', ';', '\t', '|'}) {
            String text = ("h1,h2,h3\n"
                    + "plain,\"two\nlines\",x\n"
                    + "\"crlf\r\ninside\",\"say \"\"hi\"\"\",\"lone\rcr\"\n"
                    + "\"lenient\"tail,\"a,b\nc\",\" lead\"\n"
                    + "back\\nslash,,\"\"\"\n\"\"\"\n").replace(',', d);
            CsvSource s = source("py" + (int) d + ".csv", text);
            RecordFormat.Formatter csv = RecordFormat.CSV.compile(s.info().columns());
            List<CsvRecord> rows = records(s);
            // As out9.txt holds it: one message and a line feed per record.
            StringBuilder out = new StringBuilder();
            List<List<String>> expected = new ArrayList<>();
            for (CsvRecord r : rows) {
                out.append(csv.format(r)).append('\n');
                expected.add(r.fields());
            }
            Path out9 = Files.writeString(dir.resolve("out9-" + (int) d + ".txt"), out, StandardCharsets.UTF_8);
            assertEquals(expected, readWithPython(out9, d), "delimiter " + CsvOptions.delimiterName(d) + ":\n" + out);
        }
    }

    private static boolean python() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import csv").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private List<List<String>> readWithPython(Path file, char delimiter) throws Exception {
        String script = "import csv, json, sys\n"
                + "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
                + "    print(json.dumps(list(csv.reader(f, delimiter=sys.argv[2]))))\n";
        Path json = dir.resolve("py.json");
        Process p = new ProcessBuilder("python3", "-c", script, file.toString(), String.valueOf(delimiter))
                .redirectOutput(json.toFile()).redirectError(dir.resolve("py.err").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python3 finishes");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("py.err")));
        return new ObjectMapper().readValue(json.toFile(), new TypeReference<List<List<String>>>() { });
    }
}
