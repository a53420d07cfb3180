package streamlab.ui;

/**
 * The FXML controller of a lab tab, as the window's registry sees it. Confined to the FX Application Thread.
 *
 * <p>The view only binds; the run control and the export belong to the object it returns from {@link #controls()}:
 * the tab's ViewModel, or a thin adapter over it.
 */
public interface LabView {

    /** The tab's run control and export. */
    LabTab.Controls controls();
}
