package streamlab.ui.contention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import streamlab.contention.ContentionRun;

/**
 * A Contention view model without a window, in a fresh folder, closed after each test. Confined to the test thread,
 * which stands in for the FX thread.
 */
abstract class ContentionViewModelTestBase {

    @TempDir
    Path dir;

    /** The view model under test; the test creates it, the base closes it. */
    ContentionViewModel vm;

    /** How long the run's workers may take to end after close: threads end fast, child JVMs take longer. */
    Duration workersEndWithin() {
        return Duration.ofSeconds(1);
    }

    @AfterEach
    void close() {
        if (vm != null) {
            ContentionRun run = vm.runProperty().get();
            vm.close();
            // close() does not wait; the next test class may count threads, so this one leaves none behind.
            if (run != null) {
                assertTrue(run.join(workersEndWithin()), "the run's workers end after close");
            }
        }
    }
}
