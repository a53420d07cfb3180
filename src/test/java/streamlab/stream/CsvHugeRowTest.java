package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows of megabytes: inspecting holds little of them, and a small heap still ends in one line, not a stack trace. */
class CsvHugeRowTest {

    private static final int MB = 1024 * 1024;

    @TempDir
    Path dir;

    /** Writes a header, then {@code rows} rows "i,xxx…,end" of about {@code bytes} each, without building them. */
    private Path rows(String name, int rows, int bytes) throws IOException {
        Path f = dir.resolve(name);
        byte[] x = "x".repeat(bytes).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("n,text,tail\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 1; i <= rows; i++) {
                out.write((i + ",").getBytes(StandardCharsets.US_ASCII));
                out.write(x);
                out.write(",end\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        return f;
    }

    @Test
    void aLongRowIsCutInThePreviewAndStreamedWhole() throws Exception {
        String value = "\u00e9\u6771\n".repeat(70_000);
        Path f = Files.writeString(dir.resolve("long.csv"), "n,text,tail\n1,\"" + value + "\",end\n2,short,z\n",
                StandardCharsets.UTF_8);
        CsvSource source = CsvSource.inspect(CsvOptions.of(f));
        CsvRecord first = source.info().preview().get(0);
        assertEquals(3, first.fields().size());
        assertEquals("1", first.fields().get(0));
        assertEquals(value.substring(0, CsvSource.PREVIEW_VALUE_CHARS) + "\u2026", first.fields().get(1));
        assertEquals("end", first.fields().get(2));
        assertTrue(first.raw().length() <= CsvSource.PREVIEW_VALUE_CHARS + 1, "the preview's text is cut too");
        assertEquals(2, first.line());
        assertEquals(List.of("2", "short", "z"), source.info().preview().get(1).fields());
        assertEquals(2, source.info().totalRecords());
        try (CsvSource.Cursor c = source.open(false)) {
            assertEquals(List.of("1", value, "end"), c.next().fields(), "the stream sends the whole row");
        }
    }

    @Test
    void aLongFirstRowWithoutAHeaderStillNamesEveryColumn() throws Exception {
        Path f = Files.writeString(dir.resolve("wide.csv"), "x".repeat(70_000) + ",".repeat(3000) + "\n"
                + ",".repeat(3000) + "\n");
        CsvInfo info = CsvSource.inspect(CsvOptions.of(f).withHeader(false).withDelimiter(',')).info();
        assertEquals(3001, info.columns().size(), "the columns count the whole first row, not its preview");
        assertEquals(CsvSource.PREVIEW_VALUES, info.preview().get(0).fields().size());
        assertEquals(3001, info.preview().get(1).fields().size());
    }

    @Test
    void manyLongRowsFitInASmallHeapWhileTheFileIsChecked() throws Exception {
        // Ten rows of 2 MB: the preview once held them whole (about 40 MB), more than this heap has. One record is
        // sent, so what is measured is the check before the start.
        Path f = rows("many.csv", 10, 2 * MB);
        Path out = dir.resolve("many-out.txt");
        Child c = streamlab(List.of("-Xmx32m"), f.toString(), "--interval", "0", "--quiet", "--format", "csv",
                "--limit", "1", "--out", out.toString());
        assertEquals(0, c.exit, c.err);
        assertEquals(1, Files.readAllLines(out).size());
    }

    @Test
    void runningOutOfMemoryOnTheMainThreadOverAHugeRowIsOneLineWithoutAStackTrace() throws Exception {
        // 24 MB cannot hold the 15 MB row while the scanner grows to it: the check before the start runs out.
        Path f = rows("huge.csv", 1, 15 * MB);
        Child c = streamlab(List.of("-Xmx24m"), f.toString(), "--interval", "0", "--quiet", "--out",
                dir.resolve("huge-out.txt").toString());
        assertEquals(1, c.exit, c.err);
        assertFalse(c.err.contains("\tat "), c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.startsWith("streamlab stream: out of memory (Java heap space)."), c.err);
        assertTrue(c.err.contains("Details in "), c.err);
    }

    @Test
    void aRowOverTheLimitIsRefusedWithItsLineBeforeTheStart() throws Exception {
        Path f = dir.resolve("over.csv");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("n,text\n1,a\n2,".getBytes(StandardCharsets.US_ASCII));
            byte[] y = "y".repeat(MB).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i <= RecordScanner.MAX_RECORD / MB; i++) {
                out.write(y);
            }
        }
        // Enough heap to reach the limit: the scanner holds up to 16 MB of the row before it can tell.
        Child c = streamlab(List.of("-Xmx256m"), f.toString(), "--interval", "0", "--quiet", "--out",
                dir.resolve("over-out.txt").toString());
        assertEquals(2, c.exit, c.err);
        assertFalse(c.err.contains("\tat "), c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains("line 3: the record is longer than 16 MB, the most StreamLab reads as one record."
                + " Split the row into shorter ones"), c.err);
        assertFalse(Files.exists(dir.resolve("over-out.txt")) && Files.size(dir.resolve("over-out.txt")) > 0);
    }

    private record Child(int exit, String err) {
    }

    private Child streamlab(List<String> jvm, String... args) throws Exception {
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = StreamChild.builder(dir.resolve("out"), jvm, args).directory(dir.toFile())
                .redirectOutput(Files.createTempFile(dir, "stdout", ".txt").toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("streamlab " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Child(p.exitValue(), Files.readString(err));
    }
}
