package streamlab.ui.kafka.lanes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.TopicPartitionId;

/**
 * The members of one consumer group, one lane each: its client id and host, and the partitions assigned to it as
 * chips in their partition colours (the same as the partition lanes' stripes), so a rebalance shows as chips moving
 * between lanes. Partitions of the shown topic that no member holds get a lane of their own. Rebuilt only when the
 * group changes. Confined to the FX Application Thread.
 */
public final class GroupMembersPane extends VBox {

    private final Label header = new Label();
    private final VBox rows = new VBox();
    private GroupState group;
    private String topic;
    private boolean shown;

    public GroupMembersPane() {
        getStyleClass().add("group-members");
        getStylesheets().add(LaneTheme.STYLESHEET);
        header.getStyleClass().add("member-client");
        header.setPadding(new Insets(4, 6, 4, 6));
        getChildren().addAll(header, rows);
        setFillWidth(true);
        show(null, null);
    }

    /**
     * Shows {@code group} (null for none); the partitions of {@code topic} get their colours, others are shown by
     * name in grey. Call once per snapshot; nothing is rebuilt when neither changed.
     */
    public void show(GroupState group, String topic) {
        if (shown && Objects.equals(group, this.group) && Objects.equals(topic, this.topic)) {
            return;
        }
        shown = true;
        this.group = group;
        this.topic = topic;
        rows.getChildren().clear();
        if (group == null) {
            header.setText("No group chosen");
            return;
        }
        int n = group.members().size();
        header.setText("Group " + group.groupId() + " · " + group.state() + " · " + n + (n == 1 ? " member" : " members"));
        if (n == 0) {
            Label none = new Label("No members: nobody reads for this group now.");
            none.getStyleClass().add("members-empty");
            none.setPadding(new Insets(2, 6, 4, 6));
            rows.getChildren().add(none);
        }
        List<Integer> held = new ArrayList<>();
        for (GroupState.Member m : group.members()) {
            List<Node> chips = new ArrayList<>();
            for (TopicPartitionId tp : m.assignment()) {
                chips.add(chip(tp));
                if (tp.topic().equals(topic)) {
                    held.add(tp.partition());
                }
            }
            rows.getChildren().add(row(m.clientId(), m.host(), chips));
        }
        List<Node> loose = new ArrayList<>();
        for (GroupState.PartitionLag pl : group.partitions()) {
            if (pl.topic().equals(topic) && !held.contains(pl.partition())) {
                loose.add(chip(new TopicPartitionId(pl.topic(), pl.partition())));
            }
        }
        if (!loose.isEmpty() && n > 0) {
            rows.getChildren().add(row("not assigned", "waiting for a rebalance", loose));
        }
    }

    public GroupState group() {
        return group;
    }

    /** The chips' texts per lane, top to bottom (for tests). */
    List<List<String>> chipTexts() {
        List<List<String>> out = new ArrayList<>();
        for (Node r : rows.getChildren()) {
            if (r instanceof HBox h && h.getChildren().get(1) instanceof FlowPane f) {
                out.add(f.getChildren().stream().map(c -> ((Label) c).getText()).toList());
            }
        }
        return out;
    }

    private HBox row(String client, String host, List<Node> chips) {
        Label c = new Label(client);
        c.getStyleClass().add("member-client");
        Label h = new Label(host);
        h.getStyleClass().add("member-host");
        VBox who = new VBox(1, c, h);
        who.setMinWidth(USE_PREF_SIZE);
        who.prefWidthProperty().bind(c.fontProperty().map(f -> f.getSize() * 13));
        FlowPane flow = new FlowPane(4, 4);
        flow.setAlignment(Pos.CENTER_LEFT);
        if (chips.isEmpty()) {
            Label none = new Label("no partitions");
            none.getStyleClass().add("member-host");
            flow.getChildren().add(none);
        } else {
            flow.getChildren().addAll(chips);
        }
        HBox.setHgrow(flow, Priority.ALWAYS);
        HBox row = new HBox(8, who, flow);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("member-row");
        return row;
    }

    private Label chip(TopicPartitionId tp) {
        boolean ours = tp.topic().equals(topic);
        Label chip = new Label(ours ? "P" + tp.partition() : tp.toString());
        chip.getStyleClass().add("partition-chip");
        Color fill = ours ? LanePalette.partitionColour(tp.partition()) : Color.gray(0.55);
        chip.setBackground(new Background(new BackgroundFill(fill, new CornerRadii(9), Insets.EMPTY)));
        chip.setTextFill(LanePalette.textOn(fill));
        GroupState.PartitionLag lag = group.partitions().stream()
                .filter(p -> p.topic().equals(tp.topic()) && p.partition() == tp.partition()).findFirst()
                .orElse(null);
        String tip = tp + (lag == null ? "" : lag.committed() < 0
                ? " · nothing committed · end " + lag.endOffset() + " · lag " + lag.lag()
                : " · committed " + lag.committed() + " · end " + lag.endOffset() + " · lag " + lag.lag());
        chip.setTooltip(new Tooltip(tip));
        return chip;
    }
}
