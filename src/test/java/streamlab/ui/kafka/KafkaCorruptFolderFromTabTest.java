package streamlab.ui.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
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
 * A data folder Kafka cannot read: Start names the problem and offers Reset in the confirmation bar; Reset wipes the
 * folder, and the next Start gives a working, empty broker.
 */
@ExtendWith(ApplicationExtension.class)
class KafkaCorruptFolderFromTabTest {

    @TempDir
    static Path outDir;

    private static int port;
    private AppContext context;

    @BeforeAll
    static void damageTheFolder() throws Exception {
        port = TestBroker.freePort();
        Path data = Files.createDirectories(outDir.resolve("kafka/data"));
        Files.writeString(data.resolve("meta.properties"), "\u0000\u0001 not a Kafka folder\n",
                StandardCharsets.UTF_8);
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
    void aDamagedFolderIsNamedAndResetOfferedAndAfterResetTheBrokerStartsEmpty(FxRobot robot) throws Exception {
        robot.clickOn("#brokerStart");
        await().atMost(Duration.ofSeconds(60)).until(() -> text(robot, "#brokerStatus")
                .startsWith("The broker did not start: the data folder "));
        assertTrue(text(robot, "#brokerStatus").contains("cannot be read as Kafka data"), text(robot, "#brokerStatus"));
        HBox bar = robot.lookup("#brokerConfirm").queryAs(HBox.class);
        assertTrue(bar.isVisible(), "Reset is offered at once");
        assertEquals("The data folder cannot be read. Reset wipes it and starts clean.",
                robot.from(bar).lookup(".label").queryAs(Label.class).getText());

        robot.clickOn(robot.from(bar).lookup("Reset data").queryButton());
        await().atMost(Duration.ofSeconds(10)).until(() -> text(robot, "#brokerStatus")
                .startsWith("Data folder wiped"));
        assertFalse(Files.exists(outDir.resolve("kafka/data/meta.properties")), "the damaged file is gone");

        robot.clickOn("#brokerStart");
        await().atMost(Duration.ofSeconds(60)).until(() -> text(robot, "#clusterStatus")
                .startsWith("Connected to localhost:" + port + " · 0 topics"));
        assertTrue(Files.exists(outDir.resolve("kafka/data/meta.properties")), "formatted anew");
    }
}
