package streamlab.ui.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javafx.scene.Node;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.contention.RunSummary;
import streamlab.report.ReportHeader;
import streamlab.testing.LogOrder;
import streamlab.ui.Screenshots;
import streamlab.ui.MainWindowTestBase;

class ContentionExportTest extends MainWindowTestBase {

    private Node tab;

    @Start
    void start(Stage stage) {
        openWindow(stage);
        tab = main.tabs().getTabs().get(0).getContent();
    }


    private void configure(FxRobot robot, int threads, int tasks, double holdMs, boolean lock) {
        @SuppressWarnings("unchecked")
        Spinner<Integer> t = robot.from(tab).lookup("#threads").queryAs(Spinner.class);
        @SuppressWarnings("unchecked")
        Spinner<Integer> k = robot.from(tab).lookup("#tasks").queryAs(Spinner.class);
        Slider hold = robot.from(tab).lookup("#hold").queryAs(Slider.class);
        ToggleButton lockToggle = robot.from(tab).lookup("#lockToggle").queryAs(ToggleButton.class);
        robot.interact(() -> {
            t.getValueFactory().setValue(threads);
            k.getValueFactory().setValue(tasks);
            hold.setValue(ContentionViewModel.positionFor(java.time.Duration.ofNanos((long) (holdMs * 1e6))));
            lockToggle.setSelected(lock);
        });
    }

    @Test
    void exportRunWritesReportWithTheEngineNumbersLogAndEvents(FxRobot robot) throws Exception {
        robot.interact(() -> main.setReportHeader(new ReportHeader("Ada", "Streaming", "Module 3"), false));
        configure(robot, 4, 5, 20, false);
        robot.type(KeyCode.F5);
        TableView<?> history = robot.from(tab).lookup("#historyTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> history.getItems().size() == 1);
        ContentionView controller = controller(robot);
        RunSummary s = controller.model().summaryProperty().get();
        assertEquals(20, s.expected());

        Path folder = exportRun(robot);
        assertTrue(folder.getFileName().toString().matches("contention-\\d{8}-\\d{6}(-\\d+)?"), folder.toString());

        String md = Files.readString(folder.resolve("report.md"));
        assertTrue(md.startsWith("# Contention run\n\n**Ada · Streaming · Module 3**"), md);
        assertTrue(md.contains("| Threads | 4 |") && md.contains("| Lock | off |"), md);
        String lostSentence = s.lost() == 0
                ? "With the lock off, all 20 increments were kept"
                : String.format(Locale.ROOT, "With the lock off, %,d of 20 increments were lost.", s.lost());
        assertTrue(md.contains(lostSentence), lostSentence + " in\n" + md);
        assertTrue(md.contains("| 20 | " + String.format(Locale.ROOT, "%,d", s.actual()) + " | " + s.lost() + " | "),
                md);

        List<String> log = Files.readAllLines(folder.resolve("run-log.txt"), StandardCharsets.UTF_8);
        assertEquals(controller.model().runLog(), log);
        assertTrue(log.size() >= 20, "a line per phase of 20 tasks");

        List<String> events = Files.readAllLines(folder.resolve("events.csv"), StandardCharsets.UTF_8);
        assertTrue(events.get(0).startsWith("kind,worker,task"), events.get(0));
        long phaseRows = events.stream().filter(l -> l.startsWith("phase,")).count();
        assertEquals(3 * 20, phaseRows, "three phases for each of the 20 tasks");

        BufferedImage png = ImageIO.read(folder.resolve("screenshot.png").toFile());
        assertEquals((int) Math.round(tab.getLayoutBounds().getWidth()), png.getWidth());
    }

    @Test
    void exportedRunLogHasEveryWriteInCounterOrderWithTimeNeverGoingBackAndTheSummaryLast(FxRobot robot)
            throws Exception {
        configure(robot, 4, 500, 0, true);
        robot.type(KeyCode.F5);
        TableView<?> history = robot.from(tab).lookup("#historyTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> history.getItems().size() == 1);

        Path folder = exportRun(robot);
        List<String> log = Files.readAllLines(folder.resolve("run-log.txt"), StandardCharsets.UTF_8);
        assertEquals(List.of(), LogOrder.problems(log, 2_000));
        String md = Files.readString(folder.resolve("report.md"));
        assertTrue(md.contains(log.get(log.size() - 1)), "the report's log excerpt ends with the summary");
    }

    @Test
    void exportedScreenshotCarriesTheFooterOnlyWhenAskedFor(FxRobot robot) throws Exception {
        int tabHeight = (int) Math.round(tab.getLayoutBounds().getHeight());
        int tabWidth = (int) Math.round(tab.getLayoutBounds().getWidth());

        robot.interact(() -> main.setReportHeader(new ReportHeader("Ada Lovelace", "Streaming", "Module 3"), true));
        BufferedImage withFooter = ImageIO.read(exportRun(robot).resolve("screenshot.png").toFile());
        assertEquals(tabHeight + Screenshots.FOOTER_HEIGHT, withFooter.getHeight());
        assertEquals(tabWidth, withFooter.getWidth());
        // A dark strip under the tab, with a line of light text that runs well across it (header, tab, time and
        // the key parameters).
        assertEquals(0x24292f, withFooter.getRGB(tabWidth - 3, withFooter.getHeight() - 3) & 0xffffff);
        int lit = 0;
        int rightmost = 0;
        for (int y = tabHeight; y < withFooter.getHeight(); y++) {
            for (int x = 0; x < tabWidth; x++) {
                int rgb = withFooter.getRGB(x, y);
                if (((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) > 200 && (rgb & 0xff) > 200) {
                    lit++;
                    rightmost = Math.max(rightmost, x);
                }
            }
        }
        assertTrue(lit > 300, "light text pixels in the footer: " + lit);
        assertTrue(rightmost > 500, "the footer line reaches x=" + rightmost);

        robot.interact(() -> main.setReportHeader(new ReportHeader("Ada Lovelace", "Streaming", "Module 3"), false));
        BufferedImage plain = ImageIO.read(exportRun(robot).resolve("screenshot.png").toFile());
        assertEquals(tabHeight, plain.getHeight());
    }

    @Test
    void f5StartsAndStopsALongRun(FxRobot robot) throws Exception {
        configure(robot, 3, 2, 3000, true);
        ContentionView controller = controller(robot);
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> controller.model().runningProperty().get());
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> !controller.model().runningProperty().get());
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> controller.model().summaryProperty().get() != null);
        assertTrue(controller.model().summaryProperty().get().stopped());
    }

    @Test
    void courseRunsWriteOut0AndOut3WithTheRunsLogs(FxRobot robot) throws Exception {
        ContentionView controller = controller(robot);
        controller.courseHold = java.time.Duration.ofMillis(50);
        Path[] folder = new Path[1];
        robot.interact(() -> controller.courseRuns().thenAccept(f -> folder[0] = f));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> folder[0] != null);
        assertTrue(folder[0].getFileName().toString().startsWith("contention-course-"), folder[0].toString());
        List<String> out0 = Files.readAllLines(folder[0].resolve("out0.txt"));
        List<String> out3 = Files.readAllLines(folder[0].resolve("out3.txt"));
        assertTrue(out0.get(out0.size() - 1).startsWith("Summary: expected 6, actual 6, lost 0"), out0.toString());
        assertTrue(out3.stream().anyMatch(l -> l.contains("holding 50 ms")), out3.toString());
        assertTrue(out3.stream().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d .* - worker-\\d - (INFO|WARNING) - .*")),
                "lines in the course script's logging shape: " + out3);
        assertTrue(out3.get(out3.size() - 1).startsWith("Summary: expected 6, actual "), out3.toString());
        String readme = Files.readString(folder[0].resolve("README.txt"));
        assertTrue(readme.contains("Quick tasks: 6 of 6 increments kept, 0 lost"), readme);
    }

    private ContentionView controller(FxRobot robot) {
        return (ContentionView) main.labTabs().get("contention").view();
    }
}
