package streamlab.ui.shell;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

/** The keyboard shortcuts, as listed in Help → Keyboard shortcuts. Immutable. */
final class Shortcuts {

    /** Immutable. One shortcut: the keys and what they do. */
    record Shortcut(String keys, String action) {
    }

    static final List<Shortcut> ALL = List.of(
            new Shortcut("Ctrl+1 / Ctrl+2 / Ctrl+3 / Ctrl+4", "Show the Contention / Stream / Sockets / Kafka tab"),
            new Shortcut("F5", "Start or stop the run on the current tab (Kafka: the built-in consumers)"),
            new Shortcut("Ctrl+L", "Contention: toggle the lock, even during a run"),
            new Shortcut("Ctrl+Shift+S", "Screenshot of the whole window into out/screenshots"),
            new Shortcut("Ctrl+E", "Export the current tab's run into out/<tab>-<time>/"),
            new Shortcut("Ctrl+= / Ctrl+- / Ctrl+0", "Zoom in / zoom out / actual size (for projectors)"),
            new Shortcut("Ctrl+Shift+D", "Dark or light theme"),
            new Shortcut("F1", "This list"),
            new Shortcut("Ctrl+Q", "Quit"));

    private Shortcuts() {
    }

    /** A two-column grid of the shortcuts. */
    static GridPane table() {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(6);
        for (int i = 0; i < ALL.size(); i++) {
            Label keys = new Label(ALL.get(i).keys());
            keys.getStyleClass().add("shortcut-keys");
            grid.addRow(i, keys, new Label(ALL.get(i).action()));
        }
        return grid;
    }
}
