package streamlab.ui.export;

import java.util.Map;
import javafx.scene.Node;

/** A tab whose current run can be exported, and whose key parameters can be printed under a screenshot. */
public interface Exportable {

    /** The tab's short name, used in folder names: contention, stream or sockets. */
    String exportName();

    /** The node to put in {@code screenshot.png}: usually the tab's root. */
    Node exportNode();

    /**
     * A snapshot of the current run, taken on the FX Application Thread. Its raw-file writers run later on a
     * background thread, so they must capture immutable data, not live controls.
     */
    ExportBundle exportBundle();

    /** A few key parameters for a screenshot footer, for example {@code threads=3, lock=off}. */
    Map<String, String> keyParameters();
}
