package streamlab.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** JavaFX calls {@code App.stop} on the FX thread: closing from there must hand the waiting to another thread. */
@ExtendWith(ApplicationExtension.class)
class AppContextCloseOnFxThreadTest {

    @TempDir
    Path outDir;

    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void closeOnTheFxThreadReturnsAtOnceAndStillShutsEverythingDown(FxRobot robot) throws Exception {
        AppContext context = FxTestSupport.context(outDir);
        ExecutorService stream = context.io("stream");
        ExecutorService window = context.background();
        // A task that holds the tab's executor for a while: a close that waited for it would block the FX thread.
        stream.execute(() -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        });
        long[] tookNanos = new long[1];
        robot.interact(() -> {
            long t0 = System.nanoTime();
            context.close();
            tookNanos[0] = System.nanoTime() - t0;
        });
        long ms = TimeUnit.NANOSECONDS.toMillis(tookNanos[0]);
        assertTrue(ms < 200, "close on the FX thread took " + ms + " ms");
        context.closed().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(stream.isTerminated(), "the tab's executor is shut down once closing is done");
        assertTrue(window.isTerminated(), "the window's executor is shut down once closing is done");
        assertTrue(context.io("late").isShutdown(), "an executor asked for after close takes no task");
    }
}
