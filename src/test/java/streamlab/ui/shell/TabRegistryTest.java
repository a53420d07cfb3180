package streamlab.ui.shell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.LabTab;
import streamlab.ui.LabTabs;
import streamlab.ui.contention.ContentionViewModel;
import streamlab.ui.MainWindowTestBase;

class TabRegistryTest extends MainWindowTestBase {

    private List<String> builtAtStart;

    @Start
    void start(Stage stage) {
        openWindow(stage);
        builtAtStart = main.labTabs().builtIds();
    }


    @Test
    void onlyTheFirstTabIsBuiltAtStart(FxRobot robot) {
        assertEquals(List.of("contention"), builtAtStart);
        for (Tab tab : main.tabs().getTabs().subList(1, 3)) {
            assertNull(((ScrollPane) tab.getContent()).getContent(), tab.getId() + " has no content yet");
        }
        robot.interact(() -> main.tabs().getSelectionModel().select(2));
        assertEquals(List.of("contention", "sockets"), main.labTabs().builtIds(), "selecting builds");
    }

    @Test
    void atStartUpTheFirstTabIsBuiltRightAfterTheShellsFirstFrame(FxRobot robot) {
        AppContext context = FxTestSupport.context(outDir.resolve("deferred"));
        try {
            List<List<String>> builtWhenShown = new ArrayList<>();
            MainView[] started = new MainView[1];
            robot.interact(() -> {
                started[0] = MainWindow.open(window.stage(), context, true);
                builtWhenShown.add(started[0].labTabs().builtIds());
            });
            assertEquals(List.of(List.of()), builtWhenShown, "nothing built before the shell's first frame");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> started[0].labTabs().builtIds().equals(List.of("contention")));
        } finally {
            context.close();
        }
    }

    @Test
    void everyTabIsReachableByIdAndBuiltOnce(FxRobot robot) {
        assertEquals(List.of("contention", "stream", "sockets", "kafka"), LabTabs.ALL.stream().map(LabTab::id).toList());
        for (LabTab spec : LabTabs.ALL) {
            robot.interact(() -> {
                TabRegistry.Built built = main.labTabs().select(spec.id());
                assertEquals(spec.id(), built.tab().id());
                assertEquals(spec.id(), main.selectedTabName());
                assertSame(built.root(), ((ScrollPane) main.tabs().getSelectionModel().getSelectedItem()
                        .getContent()).getContent());
                assertSame(built, main.labTabs().get(spec.id()), "built once");
            });
        }
        assertThrows(IllegalArgumentException.class, () -> main.labTabs().get("mqtt"));
    }

    @Test
    void ctrlDigitsShowTheTabsInRegistryOrder(FxRobot robot) {
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4};
        for (int i = digits.length - 1; i >= 0; i--) {
            robot.press(KeyCode.CONTROL, digits[i]).release(digits[i], KeyCode.CONTROL);
            assertEquals(LabTabs.ALL.get(i).id(), main.selectedTabName());
        }
    }

    @Test
    void f5AndExportRunReachTheSelectedTabsViewModel(FxRobot robot) throws Exception {
        ContentionViewModel model = (ContentionViewModel) main.labTabs().get("contention").controls();
        robot.interact(() -> {
            model.threadsProperty().set(2);
            model.tasksProperty().set(2);
        });
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.summaryProperty().get() != null);

        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> exportFolder("contention-") != null);
        Path folder = exportFolder("contention-");
        assertTrue(Files.readString(folder.resolve("report.md")).contains("Threads"), folder.toString());
        assertTrue(Files.exists(folder.resolve("events.csv")));
    }

    private static Path exportFolder(String prefix) throws Exception {
        try (Stream<Path> files = Files.list(outDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && Files.exists(p.resolve("report.md"))).findFirst().orElse(null);
        }
    }
}
