package streamlab.ui.stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import streamlab.ui.FxTestSupport;

/**
 * The Stream tab's view model without a window, in a fresh folder, closed after each test. Confined to the test
 * thread, which plays the FX thread.
 */
abstract class StreamViewModelTestBase {

    @TempDir
    Path dir;

    /** The view model under test, from {@link #open}; the base closes it. */
    StreamViewModel vm;

    /** A view model on a context under {@code dir/out} that streams to {@code dir/out9.txt}. */
    StreamViewModel open(Executor background) {
        vm = new StreamViewModel(FxTestSupport.context(dir.resolve("out"), new ArrayList<>()), background,
                Runnable::run);
        vm.outPath.set(dir.resolve("out9.txt").toString());
        return vm;
    }

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }
}
