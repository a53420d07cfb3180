package streamlab.ui;

import java.util.List;
import java.util.Optional;

/** The lab tabs, each registered once, in the window's order (Ctrl+1 to Ctrl+4). Immutable. */
public final class LabTabs {

    public static final List<LabTab> ALL = List.of(
            new LabTab("contention", "Contention", "_Contention",
                    "Threads contend for a shared counter or SQLite database (Ctrl+1)",
                    "/streamlab/ui/contention/ContentionView.fxml"),
            new LabTab("stream", "Stream", "_Stream",
                    "Replay a CSV file as a live stream into a file, UDP, TCP or the log (Ctrl+2)",
                    "/streamlab/ui/stream/StreamView.fxml"),
            new LabTab("sockets", "Sockets", "S_ockets",
                    "Send and receive over UDP and TCP, and compare the two (Ctrl+3)",
                    "/streamlab/ui/net/SocketsView.fxml"),
            new LabTab("kafka", "Kafka", "_Kafka",
                    "A Kafka broker, its topics, messages and consumer groups, in one window (Ctrl+4)",
                    "/streamlab/ui/kafka/KafkaView.fxml"));

    private LabTabs() {
    }

    /** The tab with this id. */
    public static Optional<LabTab> byId(String id) {
        return ALL.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
