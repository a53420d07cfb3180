package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tricky CSV files read by StreamLab and by Python's {@code csv} module (default dialect, the course's reader) must
 * give the same fields. Known, documented differences: StreamLab skips blank lines (Python gives an empty row), skips
 * a UTF-8 byte order mark (Python is run with {@code utf-8-sig} to do the same), and refuses a quote left open at the
 * end of the file (Python makes the rest of the file one value).
 */
class CsvPythonParityTest {

    private static final String PYTHON = "import csv,sys,json\n"
            + "a=sys.argv[1:]\n"
            + "print(json.dumps([list(csv.reader(open(f,newline='',encoding='utf-8-sig'),delimiter=d))"
            + " for d,f in zip(a[0::2],a[1::2])]))\n";

    private record Case(String text, char delimiter) {
    }

    private static final List<Case> CASES = List.of(
            new Case("1,ab\"c\n2,d\n", ','),
            new Case("\"x\" ,y\n", ','),
            new Case(" \"x\",y\n", ','),
            new Case("\"a\"b\"c\",d\n", ','),
            new Case("\"a\"\"b\",c\n", ','),
            new Case("a,b,\n1,2,\n", ','),
            new Case(",,\n,\n", ','),
            new Case("\"\",\"\"\n", ','),
            new Case("\uFEFFa,b\n1,2\n", ','),
            new Case("\uFEFF\"a\",b\r\n1,2\r\n", ','),
            new Case("a,b\r\n1,2\r\n", ','),
            new Case("a,b\r1,2\r3,4\r", ','),
            new Case("a,b\n1,2\r3,4\r\n5,6", ','),
            new Case("\"a\nb\",c\n", ','),
            new Case("\"a\r\nb\",c\r\n", ','),
            new Case("\"a\rb\",c\r", ','),
            new Case("a,b\n\n\nc,d\n\r\n", ','),
            new Case("  a  , b ,c \n", ','),
            new Case("a, \"b\",c\n", ','),
            new Case("\"a\" \"b\",c\n", ','),
            new Case("a\"b\"\",c\n", ','),
            new Case("\"a\"\"\"b\",c\n", ','),
            new Case("\"\"\"\",x\n", ','),
            new Case("\"a,b\",c\n", ','),
            new Case("a;b;\"c;d\"\n1;2,5;3\n", ';'),
            new Case("a\tb\t\"c\td\"\n\t\t\n", '\t'),
            new Case("a|b|\"c|d\"|\n", '|'),
            new Case("Z\u00fcrich,\u6771\u4eac,\"caf\u00e9, \uD83D\uDE00\"\n", ','),
            new Case("\"x\"y\"z\",w\n", ','),
            new Case("x\"\"y,z\n", ','),
            new Case("\"\",x,\"\"\n\"a\"\"\",b,\"\"\"\"\n", ','),
            new Case("a,\"b\"", ','),
            new Case("\"ab\"\r\n\"c\"\n", ','),
            new Case("a,\"b\n\nc\"\n", ','),
            new Case("  \n a\n", ','),
            new Case("a,\"b\"\rc,\"d\r\"\r", ','));

    @TempDir
    Path dir;

    @Test
    void trickyFilesSplitIntoTheSameFieldsAsPythonsCsvReader() throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "-c", PYTHON));
        for (int i = 0; i < CASES.size(); i++) {
            Path f = Files.writeString(dir.resolve("case" + i + ".csv"), CASES.get(i).text(), StandardCharsets.UTF_8);
            command.add(String.valueOf(CASES.get(i).delimiter()));
            command.add(f.toString());
        }
        List<List<List<String>>> python = runPython(command);
        assertEquals(CASES.size(), python.size());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            List<List<String>> expected = new ArrayList<>(python.get(i));
            expected.removeIf(List::isEmpty);
            CsvSource source = CsvSource.inspect(CsvOptions.of(dir.resolve("case" + i + ".csv")).withHeader(false)
                    .withDelimiter(CASES.get(i).delimiter()));
            List<List<String>> forward = read(source, false);
            List<List<String>> backward = read(source, true);
            Collections.reverse(backward);
            if (!expected.equals(forward) || !expected.equals(backward)) {
                mismatches.add("case " + i + " " + json(CASES.get(i).text()) + ": python " + json(expected)
                        + ", StreamLab " + json(forward) + ", reversed " + json(backward));
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void aQuoteLeftOpenAtTheEndIsRefusedWherePythonSwallowsTheRest() throws Exception {
        Path f = Files.writeString(dir.resolve("open.csv"), "a,b\n1,\"two\n3,4\n", StandardCharsets.UTF_8);
        List<List<List<String>>> python = runPython(List.of("python3", "-c", PYTHON, ",", f.toString()));
        assertEquals(List.of(List.of("a", "b"), List.of("1", "two\n3,4\n")), python.get(0));
        String message = assertThrows(StreamInputException.class,
                () -> CsvSource.inspect(CsvOptions.of(f))).getMessage();
        assertTrue(message.contains("line 2: a quote opened here is never closed"), message);
    }

    private static List<List<String>> read(CsvSource source, boolean reversed) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (CsvSource.Cursor c = source.open(reversed)) {
            for (CsvRecord r = c.next(); r != null; r = c.next()) {
                rows.add(r.fields());
            }
        }
        return rows;
    }

    private static String json(Object o) throws IOException {
        return new ObjectMapper().writeValueAsString(o);
    }

    private List<List<List<String>>> runPython(List<String> command) throws Exception {
        Path err = dir.resolve("python.err");
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import csv, json").redirectErrorStream(true)
                    .redirectOutput(err.toFile()).start();
            assertTrue(probe.waitFor(30, TimeUnit.SECONDS), "python3 starts");
            Assumptions.assumeTrue(probe.exitValue() == 0, "python3 cannot run here, so there is no reference"
                    + " reader to compare with: " + Files.readString(err).strip());
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed here, so there is no reference reader to compare with: "
                    + e.getMessage());
        }
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python3 finishes");
        assertEquals(0, p.exitValue(), Files.readString(err));
        return new ObjectMapper().readValue(out, new TypeReference<>() { });
    }
}
