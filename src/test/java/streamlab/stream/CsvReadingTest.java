package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that StreamLab once misread, each written to disk and read the way a stream reads it. */
class CsvReadingTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String refusal(Path file) {
        return assertThrows(StreamInputException.class, () -> CsvSource.inspect(CsvOptions.of(file))).getMessage();
    }

    /** Each record as "line:field|field|…", in the order the cursor gives them. */
    private static List<String> read(CsvSource source, boolean reversed) throws IOException {
        List<String> out = new ArrayList<>();
        try (CsvSource.Cursor c = source.open(reversed)) {
            for (CsvRecord r = c.next(); r != null; r = c.next()) {
                out.add(r.line() + ":" + String.join("|", r.fields()));
            }
        }
        return out;
    }

    @Test
    void repeatedAndEmptyHeaderNamesKeepEveryValueInJson() throws Exception {
        CsvSource source = CsvSource.inspect(CsvOptions.of(write("dup.csv", "a,a,b\n1,2,3\n")));
        assertEquals(List.of("a", "a_2", "b"), source.info().columns());
        RecordFormat.Formatter json = RecordFormat.JSON.compile(source.info().columns());
        assertEquals("{\"a\":\"1\",\"a_2\":\"2\",\"b\":\"3\"}", json.format(source.info().preview().get(0)));

        // a_2 is a real header, so the repeated a skips it; the empty 4th name is named after its position.
        CsvSource mixed = CsvSource.inspect(CsvOptions.of(write("mixed.csv", "a,a,a_2, ,x,a\n1,2,3,4,5,6\n")));
        assertEquals(List.of("a", "a_3", "a_2", "column4", "x", "a_4"), mixed.info().columns());
        String line = RecordFormat.JSON.compile(mixed.info().columns()).format(mixed.info().preview().get(0));
        assertEquals("{\"a\":\"1\",\"a_3\":\"2\",\"a_2\":\"3\",\"column4\":\"4\",\"x\":\"5\",\"a_4\":\"6\"}", line);
        assertEquals("2 3 4", RecordFormat.template("{a_3} {a_2} {column4}").compile(mixed.info().columns())
                .format(mixed.info().preview().get(0)));
    }

    @Test
    void columnNamesCanBeAskedForNoColumn() throws Exception {
        // The window asks this when no chart or timestamp column is chosen.
        List<String> columns = CsvSource.inspect(CsvOptions.of(write("n.csv", "a,a\n1,2\n"))).info().columns();
        assertEquals(-1, columns.indexOf(null));
        assertTrue(!columns.contains(null));
    }

    @Test
    void extraFieldsOfABadRowSentAnywayDoNotOverwriteAColumnInJson() throws Exception {
        CsvSource source = CsvSource.inspect(CsvOptions.of(write("extra.csv", "a,column3\n1,2,3\n")));
        String line = RecordFormat.JSON.compile(source.info().columns()).format(source.info().preview().get(0));
        assertEquals("{\"a\":\"1\",\"column3\":\"2\",\"column3_2\":\"3\"}", line);
    }

    @Test
    void defaultTemplateWorksWithABraceInAColumnName() throws Exception {
        CsvSource source = CsvSource.inspect(CsvOptions.of(write("brace.csv", "x{y},z}\n1,2\n")));
        assertEquals("[1, 2]", RecordFormat.DEFAULT.compile(source.info().columns())
                .format(source.info().preview().get(0)));
    }

    @Test
    void quoteLeftOpenAtTheEndIsRefusedWithTheLineWhereItOpened() throws IOException {
        String rows = "n,text\n1,a\n2,b\n3,c\n4,d\n5,e\n6,\"never closed\n7,g\n8,h\n";
        String message = refusal(write("open.csv", rows));
        assertTrue(message.contains("line 7: a quote opened here is never closed"), message);
    }

    @Test
    void quoteLeftOpenInAFileThatChangedAfterInspectionFailsTheReadInBothDirections() throws Exception {
        Path file = write("grows.csv", "n,text\n1,a\n2,b\n");
        CsvSource source = CsvSource.inspect(CsvOptions.of(file));
        write("grows.csv", "n,text\n1,a\n2,b\n3,\"open\n4,d\n");
        IOException forward = assertThrows(IOException.class, () -> read(source, false));
        assertTrue(forward.getMessage().contains("line 4: a quote opened here is never closed"), forward.getMessage());
        IOException reverse = assertThrows(IOException.class, () -> source.open(true));
        assertTrue(reverse.getMessage().contains("line 4: a quote opened here is never closed"), reverse.getMessage());
    }

    /** 2,000 lines of 40 bytes: the bad byte at line 2,002 is past the first 64 KB. */
    private static byte[] validThenBadByte() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("n,text\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 2000; i++) {
            out.writeBytes(String.format("%06d,%-32s\n", i, "caf\u00e9 text").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("2000,Z".getBytes(StandardCharsets.UTF_8));
        out.write(0xFC);
        out.writeBytes("rich\n2001,end\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void invalidUtf8AfterTheFirst64KbIsRefusedWithItsLineAndOffset() throws Exception {
        byte[] bytes = validThenBadByte();
        int offset = indexOf(bytes, (byte) 0xFC);
        assertTrue(offset > 64 * 1024);
        Path file = Files.write(dir.resolve("late.csv"), bytes);
        String message = refusal(file);
        assertTrue(message.contains("line 2002 (byte offset " + offset + "): not valid UTF-8"), message);
    }

    @Test
    void invalidUtf8InAFileThatChangedAfterInspectionFailsTheReadWithItsLineAndOffset() throws Exception {
        Path file = write("changes.csv", "n,text\n1,a\n");
        CsvSource source = CsvSource.inspect(CsvOptions.of(file));
        byte[] bytes = validThenBadByte();
        Files.write(file, bytes);
        int offset = indexOf(bytes, (byte) 0xFC);
        IOException e = assertThrows(IOException.class, () -> read(source, false));
        assertTrue(e.getMessage().contains("line 2002 (byte offset " + offset + "): not valid UTF-8"), e.getMessage());
        // Reversed, the first pass finds it before any record is given out.
        e = assertThrows(IOException.class, () -> source.open(true));
        assertTrue(e.getMessage().contains("line 2002 (byte offset " + offset + "): not valid UTF-8"), e.getMessage());
    }

    @Test
    void invalidUtf8InTheFirst64KbNamesItsLineToo() throws Exception {
        byte[] bytes = "City\nBern\nZ\u00fcrich\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("latin1.csv"), bytes);
        String message = refusal(file);
        assertTrue(message.contains("latin1.csv, line 3 (byte offset 11): not valid UTF-8 text"), message);
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void carriageReturnOnlyLineEndsAreReadWithTheirLineNumbers() throws Exception {
        CsvSource mac = CsvSource.inspect(CsvOptions.of(write("mac.csv", "a,b\r1,2\r3,\"x\ry\"\r4,5\r")));
        assertEquals(List.of("a", "b"), mac.info().columns());
        assertEquals(3, mac.info().totalRecords());
        List<String> expected = List.of("2:1|2", "3:3|x\ry", "5:4|5");
        assertEquals(expected, read(mac, false));
        assertEquals(reversed(expected), read(mac, true));
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Test
    void mixedLineEndsAreOneLineEachAndBlankLinesAreSkipped() throws Exception {
        CsvSource mixed = CsvSource.inspect(CsvOptions.of(write("mixed.csv",
                "a;b\r\n1;2\n3;4\r\r\n5;\"p\r\nq\nr\"\r6;7")));
        assertEquals(';', mixed.info().delimiter());
        List<String> expected = List.of("2:1|2", "3:3|4", "5:5|p\r\nq\nr", "8:6|7");
        assertEquals(expected, read(mixed, false));
        assertEquals(reversed(expected), read(mixed, true));
    }

    @Test
    void templateTellsALineBreakFromALiteralBackslashN() throws Exception {
        CsvSource source = CsvSource.inspect(CsvOptions.of(write("nl.csv",
                "v\n\"two\nlines\"\ntwo\\nchars\n\"crlf\r\nend\"\n\"old\rmac\"\nC:\\temp\n")));
        RecordFormat.Formatter t = RecordFormat.DEFAULT.compile(source.info().columns());
        List<String> messages = source.info().preview().stream().map(t::format).toList();
        assertEquals(List.of("[two\\nlines]", "[two\\\\nchars]", "[crlf\\nend]", "[old\\rmac]", "[C:\\\\temp]"),
                messages);
        assertNotEquals(messages.get(0), messages.get(1));
        RecordFormat.Formatter json = RecordFormat.JSON.compile(source.info().columns());
        assertEquals("{\"v\":\"two\\nlines\"}", json.format(source.info().preview().get(0)));
        assertEquals("{\"v\":\"two\\\\nchars\"}", json.format(source.info().preview().get(1)));
    }

    @Test
    void csvFormatKeepsTheFileTextAndQuotesALineBreak() throws Exception {
        CsvSource source = CsvSource.inspect(CsvOptions.of(write("raw.csv",
                "a,b\n\"q,1\",\"say \"\"hi\"\"\"\n1,\"two\nlines\"\n")));
        RecordFormat.Formatter csv = RecordFormat.CSV.compile(source.info().columns());
        assertEquals("\"q,1\",\"say \"\"hi\"\"\"", csv.format(source.info().preview().get(0)));
        assertEquals("1,\"two\nlines\"", csv.format(source.info().preview().get(1)));
    }

    @Test
    void quotesInOddPlacesAreReadAsPythonReadsThem() throws Exception {
        CsvSource a = CsvSource.inspect(CsvOptions.of(write("mid.csv", "n,v\n1,ab\"c\n2,d\n")));
        assertEquals(List.of("2:1|ab\"c", "3:2|d"), read(a, false));
        CsvSource b = CsvSource.inspect(CsvOptions.of(write("after.csv", "n,v\n\"x\" ,y\n\"a\"b\"c\",d\n")));
        assertEquals(List.of("2:x |y", "3:ab\"c\"|d"), read(b, false));
        assertEquals(List.of("3:ab\"c\"|d", "2:x |y"), read(b, true));
    }

    @Test
    void delimitersAreAcceptedAsDocumentedOrRefusedWithTheRealProblem() {
        assertEquals(',', CsvOptions.parseDelimiter(","));
        assertEquals(';', CsvOptions.parseDelimiter("semicolon"));
        assertEquals('|', CsvOptions.parseDelimiter("PIPE"));
        assertEquals('\t', CsvOptions.parseDelimiter("\t"));
        assertEquals('\t', CsvOptions.parseDelimiter("\\t"));
        assertEquals(':', CsvOptions.parseDelimiter(":"));
        assertEquals('^', CsvOptions.parseDelimiter("^"));
        assertRefused("\"", "cannot be the double quote");
        assertRefused("x", "'x' is a letter");
        assertRefused("7", "'7' is a digit");
        assertRefused("\n", "cannot be a line break");
        assertRefused("\r", "cannot be a line break");
        assertRefused(" ", "cannot be a space");
        assertRefused(";;", "';;' is not one character");
        assertRefused("", "is empty");
        assertRefused("\u00a7", "not an ASCII character");
        assertRefused("\u001b", "'\\e' is a control character");
    }

    private static void assertRefused(String text, String problem) {
        String m = assertThrows(IllegalArgumentException.class, () -> CsvOptions.parseDelimiter(text)).getMessage();
        assertTrue(m.contains(problem), m);
        assertTrue(m.contains("Use , ; | or tab"), m);
    }

    @Test
    void aDelimiterSetInCodeIsCheckedLikeATypedOne() throws Exception {
        Path file = write("q.csv", "a,b\n1,2\n");
        String m = assertThrows(StreamInputException.class,
                () -> CsvSource.inspect(CsvOptions.of(file).withDelimiter('\u00a7'))).getMessage();
        assertTrue(m.contains("not an ASCII character"), m);
    }

    @Test
    void aFileReadWithAColonDelimiterSplitsOnIt() throws Exception {
        Path file = write("colon.csv", "a:b\n1:\"x:y\"\n");
        CsvSource source = CsvSource.inspect(CsvOptions.of(file).withDelimiter(CsvOptions.parseDelimiter(":")));
        assertEquals(List.of("2:1|x:y"), read(source, false));
    }
}
