package streamlab.ui.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.stream.StreamState;
import streamlab.ui.Screenshots;
import streamlab.ui.TabTestBase;

class StreamViewTest extends TabTestBase {

    private StreamView view;
    private Parent root;

    StreamViewTest() {
        super("/streamlab/ui/stream/StreamView.fxml");
    }

    @Start
    void start(Stage stage) {
        view = showOnFreshContext(stage);
        root = tab.root();
    }

    private StreamViewModel vm() {
        return view.viewModel();
    }

    /** Sets the output file to {@code out9.txt} in the folder {@code run} and the interval; returns the file. */
    private Path outputTo(FxRobot robot, String run, String interval) {
        Path out = outDir.resolve(run).resolve("out9.txt");
        robot.interact(() -> {
            vm().outPath.set(out.toString());
            vm().interval.set(interval);
        });
        return out;
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not met within 15 s; status: " + vm().status.get(), e);
        }
    }

    @Test
    void aTcpOutputWithNobodyListeningShowsItsStateInTheDangerColour(FxRobot robot) throws Exception {
        waitFor(() -> vm().info.get() != null);
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        int port = closedPort;
        robot.interact(() -> {
            vm().fileOn.set(false);
            vm().tcpOn.set(true);
            vm().tcpTarget.set("127.0.0.1:" + port);
            vm().interval.set("40ms");
            vm().loop.set(true);
        });
        robot.clickOn("#startButton");
        try {
            waitFor(() -> !vm().sinks.isEmpty() && vm().sinks.get(0).state().startsWith("reconnecting"));
            // The table redraws its cells on a later pulse, and a reused cell may briefly be empty:
            // wait for the visible cell that shows the state.
            java.util.concurrent.atomic.AtomicReference<javafx.scene.control.Labeled> cell =
                    new java.util.concurrent.atomic.AtomicReference<>();
            waitFor(() -> {
                robot.lookup(".sink-failing").queryAllAs(javafx.scene.control.Labeled.class).stream()
                        .filter(l -> l.isVisible() && l.getText() != null)
                        .findFirst().ifPresent(cell::set);
                return cell.get() != null;
            });
            javafx.scene.control.Labeled state = cell.get();
            assertTrue(state.getText().startsWith("reconnecting"), state.getText());
            javafx.scene.paint.Color fill = (javafx.scene.paint.Color) state.getTextFill();
            assertTrue(fill.getRed() > fill.getGreen() + 0.2 && fill.getRed() > fill.getBlue() + 0.2,
                    "the danger colour, not " + fill);
        } finally {
            robot.clickOn("#stopButton");
        }
    }

    @Test
    void courseFileStreamsIntoTheFileTableAndChartUntilStopped(FxRobot robot) throws Exception {
        waitFor(() -> vm().info.get() != null);
        assertEquals(List.of("Year", "Month", "Day", "Time", "TempF"), vm().info.get().columns());
        assertEquals("TempF", vm().chartColumn.get());
        assertEquals("[2023, 1, 3, 7:55, 12]", vm().formatPreview.get());
        TableView<?> preview = robot.lookup("#previewTable").queryAs(TableView.class);
        assertEquals(20, preview.getItems().size());
        assertEquals(6, preview.getColumns().size());

        Path out = outputTo(robot, "run1", "40ms");
        // Looping, so the stream is still running when Stop is clicked, however slow the machine.
        robot.interact(() -> vm().loop.set(true));
        robot.clickOn("#startButton");
        waitFor(() -> vm().sent.get() >= 6);
        robot.clickOn("#stopButton");
        waitFor(() -> vm().state.get() == StreamState.STOPPED);
        // One more frame drains the last events.
        waitFor(() -> vm().recent.size() == Math.min(vm().sent.get(), StreamViewModel.RECENT_ROWS));
        WaitForAsyncUtils.waitForFxEvents();

        long sent = vm().sent.get();
        List<String> lines = Files.readAllLines(out);
        assertEquals(sent, lines.size(), "out9.txt has one line per sent record");
        assertEquals(sent, vm().sinks.get(0).sent());
        assertEquals("[2023, 1, 3, 7:55, 12]", lines.get(0));
        TableView<?> recent = robot.lookup("#recentTable").queryAs(TableView.class);
        assertEquals(Math.min(sent, StreamViewModel.RECENT_ROWS), recent.getItems().size());
        assertEquals(sent, vm().currentSeq.get(), "the last record is the highlighted one");
        LineChart<?, ?> chart = robot.lookup("#chart").queryAs(LineChart.class);
        assertEquals(Math.min(sent, StreamViewModel.CHART_POINTS), chart.getData().get(0).getData().size());
        if (sent <= StreamViewModel.CHART_POINTS) {
            assertEquals(12.0, ((Number) chart.getData().get(0).getData().get(0).getYValue()).doubleValue());
        }
        assertTrue(vm().status.get().startsWith("Stream stopped: " + sent + " records"), vm().status.get());
        waitFor(() -> vm().tail.get().endsWith(lines.get(lines.size() - 1) + "\n"));
        assertTrue(robot.lookup(".current-row").tryQuery().isPresent(), "the current row is highlighted");

        // Another file: the last run's line must not stay drawn under the new column's name.
        robot.interact(() -> vm().load(Path.of("data", "messy-sample.csv")));
        waitFor(() -> "TempC".equals(vm().chartColumn.get()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, chart.getData().get(0).getData().size());
        javafx.scene.shape.Path line = (javafx.scene.shape.Path) chart.lookup(".chart-series-line");
        assertTrue(line.getElements().isEmpty(), "no line left from the last run: " + line.getElements().size());

        // The snapshot is taken on the FX thread; the PNG is written off it.
        javafx.scene.image.WritableImage[] shot = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> shot[0] = Screenshots.snapshot(root.getScene()));
        Screenshots.writePng(shot[0], Path.of("target", "stream-tab.png"));
    }

    @Test
    void stepSendsOneRecordAtATimeAndBadSettingsAreNamed(FxRobot robot) throws Exception {
        waitFor(() -> vm().info.get() != null);
        Path out = outputTo(robot, "run2", "1h");
        robot.interact(() -> vm().reverse.set(true));
        robot.clickOn("#stepButton");
        waitFor(() -> vm().sent.get() == 1 && vm().state.get() == StreamState.PAUSED);
        robot.clickOn("#stepButton");
        waitFor(() -> vm().sent.get() == 2);
        assertEquals(List.of("[2023, 1, 1, 0:15, 27]", "[2023, 1, 1, 0:35, 27]"), Files.readAllLines(out));
        robot.clickOn("#stopButton");
        waitFor(() -> vm().state.get() == StreamState.STOPPED);

        robot.interact(() -> vm().interval.set("soon"));
        robot.clickOn("#startButton");
        Label status = robot.lookup("#statusLabel").queryAs(Label.class);
        assertTrue(status.getText().contains("Cannot read the interval 'soon'"), status.getText());
        assertTrue(status.getStyleClass().contains("error"));

        robot.interact(() -> vm().load(outDir.resolve("missing.csv")));
        waitFor(() -> status.getText().startsWith("File not found"));
    }
}
