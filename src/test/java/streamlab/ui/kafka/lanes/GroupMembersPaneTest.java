package streamlab.ui.kafka.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.kafka.monitor.GroupState;
import streamlab.ui.Theme;

/** Each member a lane of partition chips in the lanes' colours; a partition nobody holds gets its own lane. */
@ExtendWith(ApplicationExtension.class)
class GroupMembersPaneTest {

    private Pane root;

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply();
        root = new Pane();
        stage.setScene(new Scene(root, 800, 400));
        stage.show();
    }

    @Test
    void eachMemberListsItsPartitionsAsChipsInTheirLaneColours(FxRobot robot) {
        GroupMembersPane pane = new GroupMembersPane();
        GroupState group = LanesScreenshotsTest.demoGroup();
        robot.interact(() -> {
            pane.show(group, "temperatures");
            root.getChildren().setAll(pane);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(List.of("P0", "P1"), List.of("P2"), List.of("P3")), pane.chipTexts());
        List<Node> chips = robot.from(pane).lookup(".partition-chip").queryAll().stream().toList();
        assertEquals(4, chips.size());
        for (Node n : chips) {
            Label chip = (Label) n;
            int p = Integer.parseInt(chip.getText().substring(1));
            BackgroundFill fill = chip.getBackground().getFills().get(0);
            assertEquals(LanePalette.partitionColour(p), fill.getFill(), chip.getText());
        }
        assertEquals("Group dashboard · Stable · 2 members",
                robot.from(pane).lookup(".member-client").queryAs(Label.class).getText());
        Node first = chips.get(0);
        robot.interact(() -> pane.show(group, "temperatures"));
        assertSame(first, robot.from(pane).lookup(".partition-chip").query(), "the same group is not rebuilt");
    }
}
