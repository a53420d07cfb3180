package streamlab.ui.shell;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import javafx.scene.Scene;

/**
 * Start-up time as the user sees it: from the JVM's start to the first frame of a scene. Call on the FX Application
 * Thread; the report runs on the given executor.
 */
public final class FirstFrame {

    private FirstFrame() {
    }

    /**
     * Calls {@code report} once, with the milliseconds from the JVM's start to the end of the first layout pulse of
     * the scene, the frame that is painted next. The JVM's start time is read only then, off the FX thread, so
     * reading it (the management classes load) costs the first frame nothing.
     */
    public static void whenShown(Scene scene, Executor executor, LongConsumer report) {
        afterNextLayout(scene, () -> {
            long now = System.currentTimeMillis();
            executor.execute(() -> report.accept(now - ManagementFactory.getRuntimeMXBean().getStartTime()));
        });
    }

    /**
     * Runs {@code action} once, at the end of the next layout pulse of the scene. To run something after that frame
     * is painted, have the action hand it to {@code Platform::runLater}.
     */
    public static void afterNextLayout(Scene scene, Runnable action) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            action.run();
        };
        scene.addPostLayoutPulseListener(once[0]);
    }
}
