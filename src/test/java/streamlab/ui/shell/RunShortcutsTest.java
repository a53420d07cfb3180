package streamlab.ui.shell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import streamlab.contention.ContentionRun;
import streamlab.ui.MainWindowTestBase;
import streamlab.ui.contention.ContentionViewModel;

/** F5 and Ctrl+L as the user presses them, on the whole window. */
class RunShortcutsTest extends MainWindowTestBase {

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    private ContentionViewModel contention() {
        return (ContentionViewModel) main.labTabs().get("contention").controls();
    }

    /** The run F5 started, once there is one. */
    private ContentionRun awaitRun() {
        await().atMost(Duration.ofSeconds(10)).until(() -> contention().runProperty().get() != null);
        return contention().runProperty().get();
    }

    private void stopRun(FxRobot robot) {
        robot.interact(() -> {
            if (contention().runningProperty().get()) {
                contention().startOrStop();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !contention().runningProperty().get());
    }

    private Spinner<?> threadsSpinner(FxRobot robot) {
        return robot.from(main.tabs().getTabs().get(0).getContent()).lookup("#threads").queryAs(Spinner.class);
    }

    @Test
    void f5StartsTheRunWithTheNumberStillBeingTypedIntoASpinner(FxRobot robot) {
        Spinner<?> threads = threadsSpinner(robot);
        robot.doubleClickOn(threads.getEditor());
        robot.eraseText(8).write("7");
        assertTrue(threads.getEditor().isFocused(), "the spinner keeps the focus: nothing committed the text yet");

        robot.type(KeyCode.F5);

        ContentionRun run = awaitRun();
        assertEquals(7, run.scenario().threads(), "the run uses the typed number of threads");
        assertEquals(7, threads.getValue());
        assertEquals("7", threads.getEditor().getText());
        stopRun(robot);
    }

    @Test
    void f5WithUnreadableSpinnerTextStartsWithTheLastGoodValueAndShowsIt(FxRobot robot) {
        Spinner<?> threads = threadsSpinner(robot);
        int before = (Integer) threads.getValue();
        robot.doubleClickOn(threads.getEditor());
        robot.eraseText(8).write("x");

        robot.type(KeyCode.F5);

        assertEquals(before, awaitRun().scenario().threads());
        assertEquals(String.valueOf(before), threads.getEditor().getText());
        stopRun(robot);
    }

    @Test
    void ctrlLShowsTheContentionTabAndFlipsItsLockThroughTheRegistry(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        assertEquals("sockets", main.selectedTabName());
        boolean was = contention().lockOnProperty().get();

        robot.press(KeyCode.CONTROL, KeyCode.L).release(KeyCode.L, KeyCode.CONTROL);

        assertEquals("contention", main.selectedTabName());
        assertEquals(!was, contention().lockOnProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.L).release(KeyCode.L, KeyCode.CONTROL);
        assertEquals(was, contention().lockOnProperty().get());
    }

    @Test
    void ctrlLOnATabWithoutALockChangesNothingThere(FxRobot robot) {
        assertFalse(main.labTabs().specs().isEmpty());
        // The Stream tab's run control has no lock: the interface's default leaves it alone.
        robot.interact(() -> main.labTabs().showRunControl("stream").toggleLock());
        assertEquals("stream", main.selectedTabName());
    }
}
