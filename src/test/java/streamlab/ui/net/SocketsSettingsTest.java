package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import streamlab.net.Protocol;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.Settings;
import streamlab.ui.TabTestBase;

/** The Sockets tab's ports, send box and experiment settings come back when the tab opens again. */
class SocketsSettingsTest extends TabTestBase {

    SocketsSettingsTest() {
        super("/streamlab/ui/net/SocketsView.fxml");
    }

    @Start
    void start(Stage stage) {
        tab.start(stage);
    }

    /** Field id to text typed in, in the order typed. */
    private static final Map<String, String> TYPED = ordered("#udpPort", "9411", "#tcpPort", "9412",
            "#sendHost", "localhost", "#sendPort", "9412", "#expCount", "500", "#expRate", "200", "#expDrop", "5",
            "#expReorder", "2.5");

    private static final Map<String, String> DEFAULTS = ordered("#udpPort", "9999", "#tcpPort", "9999",
            "#sendHost", "127.0.0.1", "#sendPort", "9999", "#expCount", "10000", "#expRate", "0", "#expDrop", "0",
            "#expReorder", "0");

    private static Map<String, String> ordered(String... idThenText) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < idThenText.length; i += 2) {
            m.put(idThenText[i], idThenText[i + 1]);
        }
        return m;
    }

    private void assertTexts(FxRobot robot, Map<String, String> expected) {
        expected.forEach((id, text) -> assertEquals(text, field(robot, id).getText(), id));
    }

    private TextField field(FxRobot robot, String id) {
        return node(robot, id, TextField.class);
    }

    @SuppressWarnings("unchecked")
    private ComboBox<Protocol> protocol(FxRobot robot) {
        return robot.from(tab.root()).lookup("#sendProtocol").queryAs(ComboBox.class);
    }

    private CheckBox allInterfaces(FxRobot robot) {
        return robot.from(tab.root()).lookup("#allInterfaces").queryAs(CheckBox.class);
    }

    @Test
    void portsSendBoxAndExperimentComeBackButListeningStaysOnLoopback(FxRobot robot) {
        tab.open(robot, FxTestSupport.context(outDir));
        robot.interact(() -> {
            allInterfaces(robot).setSelected(true);
            protocol(robot).setValue(Protocol.TCP);
            TYPED.forEach((id, text) -> field(robot, id).setText(text));
        });

        tab.reopen(robot);

        assertTexts(robot, TYPED);
        assertEquals("UDP :9411", robot.from(tab.root()).lookup("#udpToggle").queryAs(ToggleButton.class).getText());
        assertEquals("TCP :9412", robot.from(tab.root()).lookup("#tcpToggle").queryAs(ToggleButton.class).getText());
        assertFalse(allInterfaces(robot).isSelected(), "each start listens on loopback until the user opts in again");
        assertEquals(Protocol.TCP, protocol(robot).getValue());
    }

    @Test
    void aListenerOnAFreePortKeepsThePortThatWasTyped(FxRobot robot) {
        tab.open(robot, FxTestSupport.context(outDir));
        TextField udpPort = field(robot, "#udpPort");
        robot.interact(() -> udpPort.setText("0"));
        robot.clickOn(robot.from(tab.root()).lookup("#udpToggle").queryAs(ToggleButton.class));
        assertTrue(robot.from(tab.root()).lookup("#udpToggle").queryAs(ToggleButton.class).isSelected());
        assertFalse(udpPort.getText().equals("0"), "the field shows the port the system picked");

        tab.reopen(robot);

        assertEquals("0", field(robot, "#udpPort").getText(), "0 again picks a free port, not the old one");
    }

    @Test
    void unreadableSavedValuesFallBackToTheDefaultsQuietly(FxRobot robot) {
        AppContext ctx = FxTestSupport.context(outDir);
        // Written as text, as a hand edit or another version would leave them.
        Map.of(SocketsSettings.UDP_PORT, "ninety", SocketsSettings.TCP_PORT, "70000",
                SocketsSettings.SEND_PROTOCOL, "SCTP", SocketsSettings.SEND_HOST, " ", SocketsSettings.SEND_PORT, "0",
                SocketsSettings.EXPERIMENT_COUNT, "many", SocketsSettings.EXPERIMENT_RATE, "-1",
                SocketsSettings.EXPERIMENT_DROP, "150", SocketsSettings.EXPERIMENT_REORDER, "NaN")
                .forEach((key, text) -> ctx.settings().put(Settings.Key.ofString(key.name(), ""), text));
        tab.open(robot, ctx);

        assertTexts(robot, DEFAULTS);
        assertEquals(Protocol.UDP, protocol(robot).getValue());
        assertEquals("", robot.from(tab.root()).lookup("#listenerStatus").queryAs(Label.class).getText());
    }
}
