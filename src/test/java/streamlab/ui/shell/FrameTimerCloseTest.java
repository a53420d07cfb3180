package streamlab.ui.shell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.stage.Stage;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;

/**
 * Closing the window while a frame is being drawn: the Stream tab's frame timer must not hand work to its executor
 * after the executor has shut down (it used to, and {@code StreamViewModel.refreshTail} got a
 * RejectedExecutionException on the FX thread).
 */
@ExtendWith(ApplicationExtension.class)
class FrameTimerCloseTest {

    @TempDir
    static Path outDir;

    private AppContext context;
    private MainView view;

    @Start
    void start(Stage stage) {
        context = FxTestSupport.context(outDir);
        view = MainWindow.open(stage, context);
    }

    @Test
    void closingDuringAFrameStopsTheStreamTimerBeforeItsExecutorShutsDown(FxRobot robot) throws Exception {
        List<Throwable> fxErrors = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler[] previous = new Thread.UncaughtExceptionHandler[1];
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Started before the Stream tab is built, so it runs before the Stream tab's timer in each frame: it holds
        // one frame open while the window closes from another thread.
        AnimationTimer holder = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (armed.compareAndSet(true, false)) {
                    held.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        robot.interact(() -> {
            previous[0] = Thread.currentThread().getUncaughtExceptionHandler();
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> fxErrors.add(e));
            holder.start();
            view.labTabs().select("stream");
        });
        try {
            WaitForAsyncUtils.waitForFxEvents();
            armed.set(true);
            assertTrue(held.await(5, TimeUnit.SECONDS), "a frame started");
            Thread closer = new Thread(context::close, "test-closer");
            closer.start();
            try {
                // Long enough for the Stream tab's tail read to fall due (every 0.8 s when idle). A close that
                // waits for the FX thread to stop the timers never ends while the frame is held.
                await().pollDelay(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3))
                        .until(() -> !closer.isAlive() || closer.getState() == Thread.State.TIMED_WAITING);
            } catch (ConditionTimeoutException e) {
                // Still closing: the frame goes on below either way.
            }
            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(closer.isAlive(), "close returned");
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(List.of(), fxErrors, "exceptions on the FX thread");
        } finally {
            release.countDown();
            robot.interact(() -> {
                holder.stop();
                Thread.currentThread().setUncaughtExceptionHandler(previous[0]);
            });
        }
    }
}
