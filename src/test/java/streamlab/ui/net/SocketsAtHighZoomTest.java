package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.net.Direction;
import streamlab.net.TrafficEntry;
import streamlab.ui.FxTestSupport;
import streamlab.ui.MainWindowTestBase;

/**
 * The Sockets tab as a report's screenshot shows it: at 150 % in a 1280x800 window the experiment's results, its
 * charts and the traffic events are whole, and a dozen lost messages read beside two thousand delivered.
 */
class SocketsAtHighZoomTest extends MainWindowTestBase {

    private SocketsView view;

    @Start
    void start(Stage stage) {
        openWindow(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
        main.tabs().getSelectionModel().select(2);
        view = (SocketsView) main.labTabs().get("sockets").view();
        main.setZoom(1.5);
    }

    private void runExperiment(FxRobot robot) throws Exception {
        robot.interact(() -> {
            robot.lookup("#expCount").queryAs(TextField.class).setText("2000");
            robot.lookup("#expDrop").queryAs(TextField.class).setText("1");
            robot.lookup("#expReorder").queryAs(TextField.class).setText("1");
            robot.lookup("#expSeed").queryAs(TextField.class).setText("7");
            view.model().experiment().run();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.resultsTable().getItems().size() == 7);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> main.tabs().getScene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Bounds inScene(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }

    @Test
    void theExperimentsResultsAndChartsAreWholeAt150Percent(FxRobot robot) throws Exception {
        runExperiment(robot);
        Parent area = robot.lookup("#experimentArea").queryAs(Parent.class);
        assertEquals(List.of(), FxTestSupport.clipped(area), "text cut short in the experiment");

        TableView<String[]> results = view.resultsTable();
        Bounds table = inScene(results);
        for (Node cell : results.lookupAll(".table-cell")) {
            if (cell instanceof TableCell<?, ?> c && c.getText() != null && !c.getText().isEmpty()) {
                assertTrue(inScene(cell).getMaxX() <= table.getMaxX() + 0.5,
                        "cell '" + c.getText() + "' ends at " + inScene(cell).getMaxX() + ", the table at "
                                + table.getMaxX());
            }
        }

        ScrollPane scroll = (ScrollPane) main.tabs().getSelectionModel().getSelectedItem().getContent();
        double viewport = scroll.getViewportBounds().getWidth();
        Region content = (Region) scroll.getContent();
        assertTrue(content.getWidth() <= viewport + 0.5,
                "the tab is " + content.getWidth() + " px wide in a viewport of " + viewport + ": it scrolls sideways");
        double right = inScene(scroll).getMinX() + viewport;
        for (StackedBarChart<String, Number> chart : view.charts()) {
            Bounds b = inScene(chart);
            assertTrue(b.getWidth() > 100 && b.getMaxX() <= right + 0.5,
                    chart.getTitle() + " chart spans " + b.getMinX() + " to " + b.getMaxX() + ", view ends at " + right);
            assertEquals(List.of(), FxTestSupport.clipped(chart), chart.getTitle() + ": labels cut short");
        }
    }

    @Test
    void nothingIsDrawnOverTheRowAboveAt150Percent(FxRobot robot) throws Exception {
        runExperiment(robot);
        double listeners = inScene(robot.lookup("#listenerStatus").query().getParent()).getMaxY();
        Bounds trafficBar = inScene(robot.lookup("#trafficBar").query());
        assertTrue(trafficBar.getMinY() >= listeners - 0.5,
                "the traffic bar starts at " + trafficBar.getMinY() + ", above the listeners' end " + listeners);
        double trafficEnd = inScene(robot.lookup("#trafficCount").query()).getMaxY();
        Bounds experiment = inScene(robot.lookup("#experimentArea").query());
        assertTrue(experiment.getMinY() >= trafficEnd - 0.5,
                "the experiment starts at " + experiment.getMinY() + ", above the traffic's end " + trafficEnd);
        Bounds bar = inScene(robot.lookup("#experimentBar").query());
        Bounds row = inScene(robot.lookup("#experimentRow").query());
        assertTrue(row.getMinY() >= bar.getMaxY() - 0.5, "the results start at " + row.getMinY()
                + ", inside the experiment's settings ending at " + bar.getMaxY());
        Bounds seedUsed = inScene(robot.lookup("#expSeedUsed").query());
        Bounds status = inScene(robot.lookup("#experimentStatus").query());
        assertTrue(seedUsed.getMinY() >= status.getMaxY() - 0.5 && seedUsed.getHeight() > 10,
                "the seed used starts at " + seedUsed.getMinY() + ", over the status ending at " + status.getMaxY());
    }

    @Test
    void lostAndOutOfOrderReadOnTheirOwnScaleBesideTwoThousandDelivered(FxRobot robot) throws Exception {
        runExperiment(robot);
        List<StackedBarChart<String, Number>> charts = view.charts();
        assertEquals(List.of("delivered", "lost", "out of order"), charts.stream().map(c -> c.getTitle()).toList());
        XYChart.Data<String, Number> delivered = charts.get(0).getData().get(1).getData().get(0);
        assertEquals(2000, delivered.getYValue().intValue(), "TCP delivers all");
        XYChart.Data<String, Number> lost = charts.get(1).getData().get(0).getData().get(0);
        assertTrue(lost.getYValue().intValue() > 0 && lost.getYValue().intValue() < 100, "UDP lost " + lost.getYValue());
        double plot = charts.get(1).lookup(".chart-plot-background").getLayoutBounds().getHeight();
        double bar = lost.getNode().getLayoutBounds().getHeight();
        assertTrue(bar >= 0.6 * plot, lost.getYValue() + " lost is a bar of " + bar + " px in a plot of " + plot);
    }

    @Test
    void aTrafficEventsWholeTextIsItsCellsTooltip(FxRobot robot) throws Exception {
        robot.interact(() -> {
            view.model().listeners().tcp().portTextProperty().set("0");
            view.model().listeners().tcp().setOn(true);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.model().listeners().tcp().runningProperty().get());
        int port = Integer.parseInt(view.model().listeners().tcp().portTextProperty().get());
        assertTrue(port > 0, "the field shows the port the system picked");
        robot.interact(() -> {
            view.model().send().protocolProperty().set(streamlab.net.Protocol.TCP);
            view.model().send().portProperty().set(String.valueOf(port));
            view.model().send().send();
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> view.trafficRows().stream().anyMatch(e -> e.direction() == Direction.EVENT));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            view.model().traffic().pauseScrollProperty().set(true);
            view.trafficTable().scrollTo(0);
            main.tabs().getScene().getRoot().layout();
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String> checked = new ArrayList<>();
        for (Node n : view.trafficTable().lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> cell && cell.getTableColumn().getText().equals("Text")
                    && cell.getTableRow() != null && cell.getTableRow().getItem() instanceof TrafficEntry e
                    && e.direction() == Direction.EVENT) {
                assertNotNull(cell.getTooltip(), "no tooltip on '" + e.text() + "'");
                assertEquals(e.text(), cell.getTooltip().getText());
                checked.add(e.text());
            }
        }
        assertTrue(!checked.isEmpty(), "no event row shown");
    }
}
