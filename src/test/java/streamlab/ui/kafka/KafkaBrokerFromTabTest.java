package streamlab.ui.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import streamlab.testing.TestBroker;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;

/**
 * The built-in broker started from the tab, on a free port the test stores as the tab's setting: the tab's own broker
 * is this class's one broker. Closing the window stops it.
 */
@ExtendWith(ApplicationExtension.class)
class KafkaBrokerFromTabTest {

    @TempDir
    static Path outDir;

    /** Found off the FX thread: finding a port does I/O. */
    private static int port;
    private AppContext context;

    @BeforeAll
    static void findPort() {
        port = TestBroker.freePort();
    }

    @Start
    void start(Stage stage) {
        context = FxTestSupport.context(outDir);
        context.settings().put(KafkaSettings.BROKER_PORT, port);
        FxTestSupport.show(stage, context, "/streamlab/ui/kafka/KafkaView.fxml");
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void startConnectsTheTabAndClosingTheWindowStopsTheBroker(FxRobot robot) throws Exception {
        assertEquals(Integer.toString(port), robot.lookup("#brokerPort").queryAs(TextField.class).getText());
        robot.clickOn("#brokerStart");
        assertTrue(robot.lookup("#brokerStart").queryAs(Button.class).isDisabled(), "one start at a time");
        await().atMost(Duration.ofSeconds(60)).until(() -> text(robot, "#clusterStatus")
                .startsWith("Connected to localhost:" + port + " · "));
        assertTrue(text(robot, "#brokerStatus").startsWith("Built-in broker running on localhost:" + port),
                text(robot, "#brokerStatus"));
        assertTrue(Files.isDirectory(outDir.resolve("kafka")), "its data under out/kafka");
        assertFalse(robot.lookup("#brokerStop").queryAs(Button.class).isDisabled());

        long start = System.nanoTime();
        context.close();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < BrokerViewModel.CLOSE_WAIT_MS + 2_000, "closing took " + ms + " ms");
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, s.getLocalPort(), "the broker's port is free again");
        }
    }

    @Test
    void aBusyPortIsNamedWithAOneClickAlternative(FxRobot robot) throws Exception {
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            robot.clickOn("#brokerStart");
            await().atMost(Duration.ofSeconds(10)).until(() -> text(robot, "#brokerStatus")
                    .startsWith("The broker did not start: port " + port + " is in use"));
            Button alt = robot.lookup("#altPortButton").queryAs(Button.class);
            assertTrue(alt.isVisible());
            assertTrue(alt.getText().startsWith("Use port "), alt.getText());
            int offered = Integer.parseInt(alt.getText().substring("Use port ".length()));
            assertTrue(offered > port, alt.getText());
            assertTrue(text(robot, "#brokerStatus").contains("use port " + offered + " instead"),
                    "the button offers the port the message names: " + text(robot, "#brokerStatus"));
            assertFalse(robot.lookup("#brokerStart").queryAs(Button.class).isDisabled(), "Start again is possible");
            assertTrue(robot.lookup("#brokerStatus").queryAs(Label.class).getPseudoClassStates().stream()
                    .anyMatch(p -> p.getPseudoClassName().equals("error")));
        }
    }

    @Test
    void aDamagedFolderIsNamedAndResetOfferedAndAfterResetTheBrokerStartsEmpty(FxRobot robot) throws Exception {
        Path data = Files.createDirectories(outDir.resolve("kafka/data"));
        Files.writeString(data.resolve("meta.properties"), "\u0000\u0001 not a Kafka folder\n",
                java.nio.charset.StandardCharsets.UTF_8);
        robot.clickOn("#brokerStart");
        await().atMost(Duration.ofSeconds(60)).until(() -> text(robot, "#brokerStatus")
                .startsWith("The broker did not start: the data folder "));
        assertTrue(text(robot, "#brokerStatus").contains("cannot be read as Kafka data"), text(robot, "#brokerStatus"));
        javafx.scene.layout.HBox bar = robot.lookup("#brokerConfirm").queryAs(javafx.scene.layout.HBox.class);
        assertTrue(bar.isVisible(), "Reset is offered at once");
        assertEquals("The data folder cannot be read. Reset wipes it and starts clean.",
                robot.from(bar).lookup(".label").queryAs(Label.class).getText());

        robot.clickOn(robot.from(bar).lookup("Reset data").queryButton());
        await().atMost(Duration.ofSeconds(10)).until(() -> text(robot, "#brokerStatus")
                .startsWith("Data folder wiped"));
        assertFalse(Files.exists(data.resolve("meta.properties")), "the damaged file is gone");

        robot.clickOn("#brokerStart");
        await().atMost(Duration.ofSeconds(60)).until(() -> text(robot, "#clusterStatus")
                .startsWith("Connected to localhost:" + port + " · 0 topics"));
        assertTrue(Files.exists(data.resolve("meta.properties")), "formatted anew");
    }
}
