package streamlab.ui;

/**
 * Immutable. One lab tab as the window registers it: its id (used in file names and export folders), its title and
 * menu text, its tooltip and its FXML. The FXML's controller is a {@link LabView}; the window reaches the tab's run
 * control and export through {@link LabView#controls()}.
 *
 * @param id       short name: {@code contention}, {@code stream}, {@code sockets} or {@code kafka}
 * @param title    the tab's title
 * @param menuText the View menu's item, with its mnemonic
 * @param tooltip  the tab's tooltip
 * @param fxml     the tab's FXML resource
 */
public record LabTab(String id, String title, String menuText, String tooltip, String fxml) {

    /** What the window does with a built tab: F5, Export run and the screenshot footer. Called on the FX thread. */
    public interface Controls extends RunControl, streamlab.ui.export.Exportable {
    }
}
