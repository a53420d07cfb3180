package streamlab.ui.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import streamlab.ui.AppContext;
import streamlab.ui.LabTab;
import streamlab.ui.LabView;
import streamlab.ui.RunControl;

/**
 * Confined to the FX Application Thread. The window's lab tabs, each registered once: a {@link Tab} per
 * {@link LabTab}, whose FXML is loaded the first time the tab is shown (or asked for by id). At start only the
 * selected tab is built ({@link #buildSelected()}).
 */
public final class TabRegistry {


    /** Immutable. A tab whose FXML has been loaded: its root and its controller. */
    public record Built(LabTab tab, Parent root, LabView view) {

        /** The tab's run control and export. */
        public LabTab.Controls controls() {
            return view.controls();
        }
    }

    private final AppContext context;
    private final TabPane pane;
    private final List<LabTab> specs;
    private final Map<String, Tab> tabs = new LinkedHashMap<>();
    private final Map<String, Built> built = new LinkedHashMap<>();

    TabRegistry(AppContext context, TabPane pane, List<LabTab> specs) {
        this.context = context;
        this.pane = pane;
        this.specs = List.copyOf(specs);
        for (LabTab spec : this.specs) {
            ScrollPane scroll = new ScrollPane();
            scroll.setFitToWidth(true);
            scroll.setFitToHeight(true);
            scroll.getStyleClass().add("tab-scroll");
            Tab tab = new Tab(spec.title(), scroll);
            tab.setId(spec.id() + "Tab");
            tab.setTooltip(new Tooltip(spec.tooltip()));
            tabs.put(spec.id(), tab);
        }
        pane.getTabs().setAll(tabs.values());
        // A tab is built when it is first shown; the first one by buildSelected(), at start.
        pane.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null) {
                build(idOf(now));
            }
        });
    }

    /** Builds the selected tab, if it is not yet: the window does this at start, before or after its first frame. */
    public void buildSelected() {
        selected();
    }

    /** The registered tabs, in window order. */
    public List<LabTab> specs() {
        return specs;
    }

    /** Whether the tab's FXML has been loaded. */
    public boolean isBuilt(String id) {
        return built.containsKey(id);
    }

    /** The ids of the tabs built so far, in the order they were built. */
    public List<String> builtIds() {
        return List.copyOf(built.keySet());
    }

    /** The tab with this id, built now if it was not yet. */
    public Built get(String id) {
        return build(id);
    }

    /** Shows the tab with this id (which builds it). */
    public Built select(String id) {
        pane.getSelectionModel().select(tab(id));
        return build(id);
    }

    /** Shows the tab with this id and returns its run control (F5, Ctrl+L), typed, whatever the tab's class. */
    public RunControl showRunControl(String id) {
        return select(id).controls();
    }

    /** The selected tab, if any; built, since selecting builds. */
    public Optional<Built> selected() {
        Tab tab = pane.getSelectionModel().getSelectedItem();
        return tab == null ? Optional.empty() : Optional.of(build(idOf(tab)));
    }

    /** The id of the selected tab, or {@code window} when none is. */
    public String selectedId() {
        Tab tab = pane.getSelectionModel().getSelectedItem();
        return tab == null ? "window" : idOf(tab);
    }

    Tab tab(String id) {
        Tab tab = tabs.get(id);
        if (tab == null) {
            throw new IllegalArgumentException("No tab '" + id + "': the tabs are " + tabs.keySet());
        }
        return tab;
    }

    private String idOf(Tab tab) {
        return tabs.entrySet().stream().filter(e -> e.getValue() == tab).map(Map.Entry::getKey).findFirst()
                .orElseThrow();
    }

    private Built build(String id) {
        Built b = built.get(id);
        if (b != null) {
            return b;
        }
        LabTab spec = specs.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No tab '" + id + "'"));
        long start = System.nanoTime();
        FXMLLoader loader = new FXMLLoader(TabRegistry.class.getResource(spec.fxml()));
        loader.setControllerFactory(context.controllerFactory());
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the " + spec.title() + " tab", e);
        }
        LabView view = loader.getController();
        b = new Built(spec, root, view);
        built.put(id, b);
        ((ScrollPane) tab(id).getContent()).setContent(root);
        log().debug("Built the {} tab in {} ms", id, (System.nanoTime() - start) / 1_000_000);
        return b;
    }

    /** Looked up when first used, so that loading this class before the first frame does not start log4j. */
    private static Logger log() {
        return LogManager.getLogger(TabRegistry.class);
    }
}
