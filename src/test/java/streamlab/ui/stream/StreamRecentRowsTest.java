package streamlab.ui.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.TabTestBase;

/** The recent-records table's rows: the current record is marked, and rows the table drops can be collected. */
class StreamRecentRowsTest extends TabTestBase {

    private StreamView view;

    StreamRecentRowsTest() {
        super("/streamlab/ui/stream/StreamView.fxml");
    }

    @Start
    void start(Stage stage) {
        view = showOnFreshContext(stage);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowsTheTableDropsAreNotKeptAliveByTheCurrentRecord(FxRobot robot) throws Exception {
        TableView<StreamViewModel.RecentRow> table = robot.lookup("#recentTable").queryAs(TableView.class);
        List<WeakReference<TableRow<StreamViewModel.RecentRow>>> made = new ArrayList<>();
        robot.interact(() -> {
            for (int i = 0; i < 100; i++) {
                made.add(new WeakReference<>(table.getRowFactory().call(table)));
            }
        });
        // What a column rebuild or a resize does: the table makes new rows and forgets the old ones.
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
            System.gc();
            return made.stream().allMatch(r -> r.get() == null);
        });
    }

    @Test
    void theCurrentRecordsRowIsMarked(FxRobot robot) throws Exception {
        StreamViewModel vm = view.viewModel();
        robot.interact(() -> {
            vm.recent.setAll(new StreamViewModel.RecentRow(1, 2, List.of("a"), "[a]"),
                    new StreamViewModel.RecentRow(2, 3, List.of("b"), "[b]"));
            vm.currentSeq.set(1);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, robot.lookup(".current-row").queryAll().size());
        TableRow<?> marked = robot.lookup(".current-row").queryAs(TableRow.class);
        assertEquals(1, ((StreamViewModel.RecentRow) marked.getItem()).seq());
        robot.interact(() -> vm.currentSeq.set(2));
        WaitForAsyncUtils.waitForFxEvents();
        marked = robot.lookup(".current-row").queryAs(TableRow.class);
        assertTrue(marked.getItem() != null && ((StreamViewModel.RecentRow) marked.getItem()).seq() == 2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowsShowTheirValuesAgainAfterTheZoomRebuildsTheColumns(FxRobot robot) throws Exception {
        StreamViewModel vm = view.viewModel();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.info.get() != null);
        robot.interact(() -> vm.recent.setAll(new StreamViewModel.RecentRow(1, 2, List.of("2023", "1", "1", "0:15",
                "27"), "[2023, 1, 1, 0:15, 27]", 0, -1)));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<StreamViewModel.RecentRow> table = robot.lookup("#recentTable").queryAs(TableView.class);
        assertTrue(shown(table).contains("[2023, 1, 1, 0:15, 27]"), shown(table).toString());
        // What Ctrl+= does: a larger font on the tab; the columns, sized in ems, are made again.
        robot.interact(() -> table.getScene().getRoot().setStyle("-fx-font-size: 21px;"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> table.getScene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(shown(table).contains("[2023, 1, 1, 0:15, 27]"), "after the zoom: " + shown(table));
    }

    private static List<String> shown(TableView<?> table) {
        List<String> texts = new ArrayList<>();
        table.lookupAll(".table-row-cell .table-cell").forEach(n -> {
            String t = ((javafx.scene.control.TableCell<?, ?>) n).getText();
            if (t != null && !t.isEmpty()) {
                texts.add(t);
            }
        });
        return texts;
    }
}
