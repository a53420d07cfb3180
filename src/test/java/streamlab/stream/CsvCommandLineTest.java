package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamlab stream} in a child JVM, as a user runs it, on files that StreamLab once misread. */
class CsvCommandLineTest {

    @TempDir
    Path dir;

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run stream(String... args) throws Exception {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = StreamChild.builder(dir, List.of(), args).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command ends by itself");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aQuoteLeftOpenIsAUserErrorNamingItsLineAndNothingIsWritten() throws Exception {
        Path csv = Files.writeString(dir.resolve("open.csv"), "n,v\n1,a\n2,b\n3,c\n4,d\n5,e\n6,\"oops\n7,g\n");
        Path out = dir.resolve("o.txt");
        Run run = stream(csv.toString(), "--interval", "0", "--out", out.toString());
        assertEquals(2, run.exit(), run.stderr());
        assertTrue(run.stderr().contains("line 7: a quote opened here is never closed"), run.stderr());
        assertFalse(run.stderr().contains("\tat "), "no stack trace:\n" + run.stderr());
        assertFalse(Files.exists(out), "nothing is sent");
    }

    @Test
    void anOldMacFileWithRepeatedHeaderNamesStreamsEveryValueAsJson() throws Exception {
        Path csv = Files.writeString(dir.resolve("mac.csv"), "t,t,\r1,2,3\r4,\"five\rlines\",6\r");
        Path out = dir.resolve("o.txt");
        Run run = stream(csv.toString(), "--interval", "0", "--format", "json", "--out", out.toString());
        assertEquals(0, run.exit(), run.stderr());
        assertEquals(List.of("{\"t\":\"1\",\"t_2\":\"2\",\"column3\":\"3\"}",
                "{\"t\":\"4\",\"t_2\":\"five\\rlines\",\"column3\":\"6\"}"),
                Files.readAllLines(out, StandardCharsets.UTF_8));
    }

    @Test
    void aQuoteAsDelimiterIsRefusedWithTheRealReason() throws Exception {
        Run run = stream("data/batchfile_0_farenheit.csv", "--delimiter", "\"", "--out",
                dir.resolve("o.txt").toString());
        assertEquals(2, run.exit(), run.stderr());
        assertTrue(run.stderr().contains("cannot be the double quote"), run.stderr());
    }
}
