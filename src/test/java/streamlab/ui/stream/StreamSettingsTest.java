package streamlab.ui.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.event.ActionEvent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.stream.RecordFormat;
import streamlab.stream.StreamConfig;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.TabTestBase;
import streamlab.ui.Settings;

/** The Stream tab's settings come back when the tab opens again with the same settings node. */
class StreamSettingsTest extends TabTestBase {

    StreamSettingsTest() {
        super("/streamlab/ui/stream/StreamView.fxml");
    }

    @Start
    void start(Stage stage) {
        tab.start(stage);
    }

    private StreamViewModel vm() {
        return tab.<StreamView>controller().viewModel();
    }

    @SuppressWarnings("unchecked")
    private <T> ComboBox<T> combo(FxRobot robot, String id) {
        return node(robot, id, ComboBox.class);
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not met within 15 s; status: " + vm().status.get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void everyStreamSettingComesBackWhenTheTabOpensAgain(FxRobot robot) throws Exception {
        Path csv = outDir.resolve("readings.csv");
        Files.writeString(csv, "when,temp\n2023-01-01 00:00:00,1\n2023-01-01 00:00:02,2\n");
        Path custom = outDir.resolve("custom").resolve("stream.txt");
        tab.open(robot, FxTestSupport.context(outDir));
        waitFor(() -> vm().info.get() != null);

        robot.interact(() -> {
            node(robot, "#headerBox", CheckBox.class).setSelected(false);
            combo(robot, "#delimiterBox").setValue(",");
            combo(robot, "#charsetBox").setValue("ISO-8859-1");
            TextField file = node(robot, "#filePath", TextField.class);
            file.setText(csv.toString());
            file.fireEvent(new ActionEvent());
        });
        waitFor(() -> csv.equals(vm().file.get()) && vm().info.get() != null
                && vm().info.get().columns().equals(List.of("Column1", "Column2")));
        robot.interact(() -> {
            combo(robot, "#timestampBox").setValue("Column1");
            node(robot, "#intervalField", TextField.class).setText("250ms-750ms");
            node(robot, "#speedField", TextField.class).setText("2.5");
            node(robot, "#limitField", TextField.class).setText("42");
            node(robot, "#reverseBox", CheckBox.class).setSelected(true);
            node(robot, "#loopBox", CheckBox.class).setSelected(true);
            node(robot, "#templateField", TextField.class).setText("{Column2} at {Column1}");
            combo(robot, "#formatBox").setValue(RecordFormat.Kind.JSON);
            combo(robot, "#badRowsBox").setValue(StreamConfig.BadRows.SEND);
            node(robot, "#outPathField", TextField.class).setText(custom.toString());
            node(robot, "#appendBox", CheckBox.class).setSelected(true);
            node(robot, "#fileSinkBox", CheckBox.class).setSelected(false);
            node(robot, "#udpSinkBox", CheckBox.class).setSelected(true);
            node(robot, "#udpField", TextField.class).setText("127.0.0.1:7001");
            node(robot, "#tcpSinkBox", CheckBox.class).setSelected(true);
            node(robot, "#tcpField", TextField.class).setText("localhost:7002");
            node(robot, "#logSinkBox", CheckBox.class).setSelected(true);
        });

        tab.reopen(robot);
        waitFor(() -> vm().info.get() != null);

        assertEquals(csv.toString(), node(robot, "#filePath", TextField.class).getText(), "the last CSV is loaded");
        assertEquals(List.of("Column1", "Column2"), vm().info.get().columns());
        assertFalse(node(robot, "#headerBox", CheckBox.class).isSelected());
        assertEquals(",", combo(robot, "#delimiterBox").getValue());
        assertEquals("ISO-8859-1", combo(robot, "#charsetBox").getValue());
        assertEquals("Column1", combo(robot, "#timestampBox").getValue());
        assertEquals("250ms-750ms", node(robot, "#intervalField", TextField.class).getText());
        assertEquals("2.5", node(robot, "#speedField", TextField.class).getText());
        assertEquals(2.5, vm().speed.get());
        assertEquals("42", node(robot, "#limitField", TextField.class).getText());
        assertTrue(node(robot, "#reverseBox", CheckBox.class).isSelected());
        assertTrue(node(robot, "#loopBox", CheckBox.class).isSelected());
        assertEquals(RecordFormat.Kind.JSON, combo(robot, "#formatBox").getValue());
        assertEquals("{Column2} at {Column1}", node(robot, "#templateField", TextField.class).getText());
        assertEquals(StreamConfig.BadRows.SEND, combo(robot, "#badRowsBox").getValue());
        assertFalse(node(robot, "#fileSinkBox", CheckBox.class).isSelected());
        assertEquals(custom.toString(), node(robot, "#outPathField", TextField.class).getText());
        assertTrue(node(robot, "#appendBox", CheckBox.class).isSelected());
        assertTrue(node(robot, "#udpSinkBox", CheckBox.class).isSelected());
        assertEquals("127.0.0.1:7001", node(robot, "#udpField", TextField.class).getText());
        assertTrue(node(robot, "#tcpSinkBox", CheckBox.class).isSelected());
        assertEquals("localhost:7002", node(robot, "#tcpField", TextField.class).getText());
        assertTrue(node(robot, "#logSinkBox", CheckBox.class).isSelected());
    }

    @Test
    void theDefaultOutputFileFollowsTheOutputFolder(FxRobot robot) throws Exception {
        tab.open(robot, FxTestSupport.context(outDir));
        robot.interact(() -> {
            TextField out = node(robot, "#outPathField", TextField.class);
            String standard = out.getText();
            out.setText(outDir.resolve("other.txt").toString());
            out.setText(standard);
            node(robot, "#udpSinkBox", CheckBox.class).setSelected(true);
        });
        Path elsewhere = outDir.resolve("elsewhere");
        tab.reopen(robot, elsewhere);
        assertEquals(elsewhere.resolve("out9.txt").toString(), node(robot, "#outPathField", TextField.class).getText());
        assertTrue(node(robot, "#udpSinkBox", CheckBox.class).isSelected());
    }

    @Test
    void aSavedCsvThatIsGoneAndUnreadableValuesFallBackQuietly(FxRobot robot) throws Exception {
        AppContext ctx = FxTestSupport.context(outDir);
        Settings s = ctx.settings();
        // Written as text, as a hand edit or another version would leave them.
        s.put(StreamSettings.RECENT, outDir.resolve("deleted.csv").toString());
        s.put(asText(StreamSettings.DELIMITER), "#");
        s.put(asText(StreamSettings.CHARSET), "no-such-charset");
        s.put(asText(StreamSettings.INTERVAL), "soon");
        s.put(asText(StreamSettings.SPEED), "fast");
        s.put(asText(StreamSettings.LIMIT), "-3");
        s.put(asText(StreamSettings.FORMAT), "XML");
        s.put(asText(StreamSettings.BAD_ROWS), "maybe");
        s.put(asText(StreamSettings.UDP_TARGET), "nohost");
        s.put(asText(StreamSettings.TCP_TARGET), "localhost:99999");
        tab.open(robot, ctx);
        waitFor(() -> vm().info.get() != null);

        Label status = node(robot, "#statusLabel", Label.class);
        assertFalse(vm().statusIsError.get(), status.getText());
        assertFalse(status.getStyleClass().contains("error"), status.getText());
        assertTrue(status.getText().startsWith("batchfile_0_farenheit.csv: 168 rows"), status.getText());
        assertEquals(Path.of("data", "batchfile_0_farenheit.csv").toString(),
                node(robot, "#filePath", TextField.class).getText(), "the course file instead of the deleted one");
        assertEquals(StreamViewModel.DETECT, combo(robot, "#delimiterBox").getValue());
        assertEquals("UTF-8", combo(robot, "#charsetBox").getValue());
        assertEquals("1s-3s", node(robot, "#intervalField", TextField.class).getText());
        assertEquals("1", node(robot, "#speedField", TextField.class).getText());
        assertEquals("0", node(robot, "#limitField", TextField.class).getText());
        assertEquals(RecordFormat.Kind.TEMPLATE, combo(robot, "#formatBox").getValue());
        assertEquals(StreamConfig.BadRows.SKIP, combo(robot, "#badRowsBox").getValue());
        assertEquals("localhost:9999", node(robot, "#udpField", TextField.class).getText());
        assertEquals("localhost:9998", node(robot, "#tcpField", TextField.class).getText());

        // Chosen from Recent, the deleted file is named as missing, and Recent stops offering it.
        Path gone = outDir.resolve("deleted.csv").toAbsolutePath().normalize();
        assertTrue(vm().recentFiles.contains(gone), vm().recentFiles.toString());
        robot.interact(() -> vm().load(gone));
        waitFor(() -> vm().statusIsError.get());
        assertTrue(vm().status.get().startsWith("File not found"), vm().status.get());
        assertFalse(vm().recentFiles.contains(gone), vm().recentFiles.toString());
        assertFalse(s.get(StreamSettings.RECENT).contains("deleted.csv"), s.get(StreamSettings.RECENT));
    }

    /** The same stored name, read and written as plain text. */
    private static Settings.Key<String> asText(Settings.Key<?> key) {
        return Settings.Key.ofString(key.name(), "");
    }
}
