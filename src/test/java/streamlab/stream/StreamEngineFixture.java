package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real {@link StreamEngine} per test, closed after it, with a temporary folder for its files. Confined to the test
 * thread.
 */
abstract class StreamEngineFixture {

    static final Path COURSE = Path.of("data/batchfile_0_farenheit.csv");

    @TempDir
    Path dir;

    final StreamEngine engine = new StreamEngine();

    @AfterEach
    void stopEngine() {
        engine.close();
    }

    /** Starts the run and waits for it to end by itself, failing the test after {@code seconds}. */
    StreamSnapshot runToEnd(StreamConfig config, long seconds) throws Exception {
        engine.start(config);
        assertTrue(engine.awaitEnd(seconds, TimeUnit.SECONDS), "the stream ends by itself");
        return engine.snapshot();
    }
}
