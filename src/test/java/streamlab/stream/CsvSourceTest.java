package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvSourceTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private String error(Path file) {
        return assertThrows(StreamInputException.class, () -> CsvSource.inspect(CsvOptions.of(file))).getMessage();
    }

    static Stream<Arguments> filesWithoutDataRows() {
        return Stream.of(
                arguments("empty.csv", "", "is empty"),
                arguments("blank.csv", "\uFEFF\r\n\r\n", "is empty"), // only blank lines count as empty
                arguments("header.csv", "Year,Month,Day\r\n", "has a header row but no data rows"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filesWithoutDataRows")
    void fileWithoutDataRowsIsRefusedBeforeTheStart(String name, String text, String message) throws IOException {
        Path f = write(name, text);
        assertTrue(error(f).contains(message), error(f));
    }

    @Test
    void headerOnlyFileIsOneDataRowWhenTheHeaderIsOff() throws Exception {
        Path f = write("header.csv", "Year,Month,Day\r\n");
        CsvInfo info = CsvSource.inspect(CsvOptions.of(f).withHeader(false)).info();
        assertEquals(List.of("Column1", "Column2", "Column3"), info.columns());
        assertEquals(1, info.totalRecords());
    }

    @Test
    void binaryFileIsRefusedBeforeTheStart() throws IOException {
        Path f = dir.resolve("image.png");
        Files.write(f, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'});
        assertTrue(error(f).contains("looks like a binary file"), error(f));
    }

    @Test
    void textInAnotherEncodingIsRefusedWithAHintAboutTheCharset() throws Exception {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, "City\nZ\u00fcrich\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(error(f).contains("not valid UTF-8"), error(f));
        CsvInfo info = CsvSource.inspect(CsvOptions.of(f).withCharset(StandardCharsets.ISO_8859_1)).info();
        assertEquals("Z\u00fcrich", info.preview().get(0).fields().get(0));
    }

    @Test
    void missingFileIsRefusedBeforeTheStart() {
        Path f = dir.resolve("nope.csv");
        assertTrue(error(f).startsWith("File not found: "), error(f));
    }

    @Test
    void directoryIsRefusedBeforeTheStart() {
        assertTrue(error(dir).contains("is a folder, not a CSV file"), error(dir));
    }

    @Test
    void unreadableFileIsRefusedBeforeTheStart() throws IOException {
        Path f = write("secret.csv", "a,b\n1,2\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(f), "running as root: every file is readable, so this case cannot be made");
        assertTrue(error(f).contains("permission denied"), error(f));
    }

    @Test
    void unbalancedQuoteThatSwallowsTheFileIsNamedWithItsLine() throws IOException {
        StringBuilder sb = new StringBuilder("name,size\nbolt,\"5 mm\nnut,6\n");
        String row = "washer,7\n".repeat(1000);
        while (sb.length() <= RecordScanner.MAX_RECORD) {
            sb.append(row);
        }
        Path f = write("quote.csv", sb.toString());
        String message = error(f);
        assertTrue(message.contains("line 2") && message.contains("never closed"), message);
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstColumnName() throws Exception {
        CsvInfo info = CsvSource.inspect(CsvOptions.of(Path.of("data/batchfile_0_farenheit.csv"))).info();
        assertTrue(info.bom());
        assertEquals(List.of("Year", "Month", "Day", "Time", "TempF"), info.columns());
        assertEquals(',', info.delimiter());
        assertEquals(168, info.totalRecords());
        assertEquals(List.of("2023", "1", "3", "7:55", "12"), info.preview().get(0).fields());
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() throws Exception {
        CsvInfo info = CsvSource.inspect(CsvOptions.of(Path.of("data/messy-sample.csv"))).info();
        List<CsvRecord> rows = info.preview();
        assertEquals("Cold, clear \"bise\" wind", rows.get(0).fields().get(4));
        assertEquals("Snow\r\novernight", rows.get(2).fields().get(4));
        assertEquals(4, rows.get(2).line());
        // The row after the quoted line break starts two lines later.
        assertEquals(6, rows.get(3).line());
        assertEquals(4, rows.get(3).fields().size());
        assertEquals(7, info.totalRecords());
    }

    @Test
    void delimiterIsDetectedAmongCommaSemicolonTabAndPipe() throws Exception {
        for (char d : new char[] {',', ';', '\t', '|'}) {
            String text = String.join(String.valueOf(d), "City", "Note", "TempC") + "\n"
                    + String.join(String.valueOf(d), "Bern", "\"a, b; c | d\"", "3,5") + "\n"
                    + String.join(String.valueOf(d), "Chur", "plain", "4") + "\n";
            Path f = write("d" + (int) d + ".csv", text);
            CsvInfo info = CsvSource.inspect(CsvOptions.of(f)).info();
            assertEquals(d, info.delimiter(), "detected for " + CsvOptions.delimiterName(d));
            assertTrue(info.delimiterDetected());
            assertEquals(List.of("City", "Note", "TempC"), info.columns());
        }
        Path semi = Path.of("data/semicolon-sample.csv");
        assertEquals(';', CsvSource.inspect(CsvOptions.of(semi)).info().delimiter());
        CsvInfo manual = CsvSource.inspect(CsvOptions.of(semi).withDelimiter(',')).info();
        assertEquals(',', manual.delimiter());
        assertFalse(manual.delimiterDetected());
    }

    @Test
    void reverseCursorReadsAcrossChunksWithoutHoldingTheFile() throws Exception {
        Path f = dir.resolve("big.csv");
        List<String> lines = new ArrayList<>(List.of("n,text"));
        for (int i = 0; i < 3 * CsvSource.CHUNK_RECORDS + 17; i++) {
            lines.add(i + "," + (i % 97 == 0 ? "\"multi\nline " + i + "\"" : "t" + i));
        }
        Files.write(f, lines, StandardCharsets.UTF_8);
        CsvSource source = CsvSource.inspect(CsvOptions.of(f));
        List<String> forward = new ArrayList<>();
        try (CsvSource.Cursor c = source.open(false)) {
            for (CsvRecord r = c.next(); r != null; r = c.next()) {
                forward.add(r.fields().get(0) + "@" + r.line());
            }
        }
        List<String> backward = new ArrayList<>();
        try (CsvSource.Cursor c = source.open(true)) {
            assertEquals(forward.size(), c.total());
            for (CsvRecord r = c.next(); r != null; r = c.next()) {
                backward.add(0, r.fields().get(0) + "@" + r.line());
            }
        }
        assertEquals(3 * CsvSource.CHUNK_RECORDS + 17, forward.size());
        assertEquals(forward, backward);
    }

    @Test
    void intervalsAndDelimitersParseAsWrittenOrNameTheProblem() {
        assertEquals(Pacing.Mode.AS_FAST_AS_POSSIBLE, Pacing.parse("0").mode());
        assertEquals(java.time.Duration.ofMillis(500), Pacing.parse("500ms").min());
        Pacing r = Pacing.parse("1s-3s");
        assertEquals(Pacing.Mode.RANDOM, r.mode());
        assertEquals(java.time.Duration.ofSeconds(3), r.max());
        assertEquals(java.time.Duration.ofMillis(1500), Pacing.parse("1.5s").min());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pacing.parse("soon")).getMessage()
                .contains("'soon'"));
        assertEquals('\t', CsvOptions.parseDelimiter("tab"));
        assertEquals(';', CsvOptions.parseDelimiter(";"));
        assertThrows(IllegalArgumentException.class, () -> CsvOptions.parseDelimiter(";;"));
    }
}
