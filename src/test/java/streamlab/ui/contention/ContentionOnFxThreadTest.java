package streamlab.ui.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static streamlab.ui.FxTestSupport.onFx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.contention.ContentionRun;
import streamlab.contention.Resource;
import streamlab.ui.AppContext;
import streamlab.ui.FxThreadBlockingGuard;

/** Start, Stop and closing the tab, pressed on the FX thread as in the window, never wait for a worker or a file. */
class ContentionOnFxThreadTest {

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newCachedThreadPool(AppContext.daemonThreads("test-bg"));

    @BeforeAll
    static void guard() {
        FxThreadBlockingGuard.install();
    }

    @AfterEach
    void stopBackground() throws Exception {
        background.shutdownNow();
        assertTrue(background.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void aSqliteRunStartsStopsAndClosesWithoutBlockingTheFxThread() throws Exception {
        ContentionViewModel vm = onFx(() -> {
            ContentionViewModel m = new ContentionViewModel(dir, background, Platform::runLater);
            m.resourceProperty().set(Resource.SQLITE);
            m.tasksProperty().set(100);
            m.holdPositionProperty().set(ContentionViewModel.positionFor(Duration.ofSeconds(1)));
            return m;
        });
        ContentionRun run = onFx(vm::start).get(10, TimeUnit.SECONDS);
        assertTrue(Files.exists(dir.resolve("shared.db")), "the run made its database");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> onFx(() -> {
            vm.tick();
            return vm.runningProperty().get();
        }));

        onFx(vm::stop).get(5, TimeUnit.SECONDS);
        assertTrue(run.join(Duration.ofSeconds(1)), "the workers ended");
        onFx(() -> {
            vm.tick();
            vm.runAgain();
            return null;
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onFx(() -> vm.runProperty().get() != run));
        ContentionRun second = onFx(() -> vm.runProperty().get());
        onFx(() -> {
            vm.close();
            return null;
        });
        assertTrue(second.join(Duration.ofSeconds(2)), "closing stopped the second run");
        assertEquals(List.of(), FxThreadBlockingGuard.drainViolations());
    }
}
