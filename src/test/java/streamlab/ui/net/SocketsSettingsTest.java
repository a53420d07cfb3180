package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import streamlab.ui.TabTestBase;
import streamlab.ui.Settings;

/** The Sockets tab's ports, send box and experiment settings come back when the tab opens again. */
class SocketsSettingsTest extends TabTestBase {

    SocketsSettingsTest() {
        super("/streamlab/ui/net/SocketsView.fxml");
    }

    @Start
    void start(Stage stage) {
        tab.start(stage);
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
            field(robot, "#udpPort").setText("9411");
            field(robot, "#tcpPort").setText("9412");
            allInterfaces(robot).setSelected(true);
            protocol(robot).setValue(Protocol.TCP);
            field(robot, "#sendHost").setText("localhost");
            field(robot, "#sendPort").setText("9412");
            field(robot, "#expCount").setText("500");
            field(robot, "#expRate").setText("200");
            field(robot, "#expDrop").setText("5");
            field(robot, "#expReorder").setText("2.5");
        });

        tab.reopen(robot);

        assertEquals("9411", field(robot, "#udpPort").getText());
        assertEquals("9412", field(robot, "#tcpPort").getText());
        assertEquals("UDP :9411", robot.from(tab.root()).lookup("#udpToggle").queryAs(ToggleButton.class).getText());
        assertEquals("TCP :9412", robot.from(tab.root()).lookup("#tcpToggle").queryAs(ToggleButton.class).getText());
        assertFalse(allInterfaces(robot).isSelected(), "each start listens on loopback until the user opts in again");
        assertEquals(Protocol.TCP, protocol(robot).getValue());
        assertEquals("localhost", field(robot, "#sendHost").getText());
        assertEquals("9412", field(robot, "#sendPort").getText());
        assertEquals("500", field(robot, "#expCount").getText());
        assertEquals("200", field(robot, "#expRate").getText());
        assertEquals("5", field(robot, "#expDrop").getText());
        assertEquals("2.5", field(robot, "#expReorder").getText());
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
        Settings s = ctx.settings();
        s.put("sockets.udpPort", "ninety");
        s.put("sockets.tcpPort", "70000");
        s.put("sockets.send.protocol", "SCTP");
        s.put("sockets.send.host", " ");
        s.put("sockets.send.port", "0");
        s.put("sockets.experiment.count", "many");
        s.put("sockets.experiment.rate", "-1");
        s.put("sockets.experiment.drop", "150");
        s.put("sockets.experiment.reorder", "NaN");
        tab.open(robot, ctx);

        assertEquals("9999", field(robot, "#udpPort").getText());
        assertEquals("9999", field(robot, "#tcpPort").getText());
        assertEquals(Protocol.UDP, protocol(robot).getValue());
        assertEquals("127.0.0.1", field(robot, "#sendHost").getText());
        assertEquals("9999", field(robot, "#sendPort").getText());
        assertEquals("10000", field(robot, "#expCount").getText());
        assertEquals("0", field(robot, "#expRate").getText());
        assertEquals("0", field(robot, "#expDrop").getText());
        assertEquals("0", field(robot, "#expReorder").getText());
        assertEquals("", robot.from(tab.root()).lookup("#listenerStatus").queryAs(Label.class).getText());
    }
}
