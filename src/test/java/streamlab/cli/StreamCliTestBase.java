package streamlab.cli;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import streamlab.testing.CliRun;

/** {@code streamlab stream} run in this JVM, with its output captured and a folder for its files. Test-confined. */
abstract class StreamCliTestBase {

    static final String COURSE = "data/batchfile_0_farenheit.csv";

    @TempDir
    Path dir;

    final CliRun cli = new CliRun();
    final StringWriter out = cli.out;
    final StringWriter err = cli.err;

    /** Runs {@code streamlab stream <args>}, adding to what earlier runs of this test printed. */
    int stream(String... args) {
        return cli.exec(CliRun.prepend(List.of("stream"), args));
    }
}
