package streamlab.ui.shell;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import streamlab.StreamLabInfo;
import streamlab.report.ReportHeader;
import streamlab.ui.AppContext;
import streamlab.ui.LabTab;
import streamlab.ui.LabTabs;
import streamlab.ui.Screenshots;
import streamlab.ui.Theme;
import streamlab.ui.ZoomSizes;
import streamlab.ui.export.ExportBundle;
import streamlab.ui.export.RunExporter;

/** Controller of the window shell: menu, toolbar, tabs and status bar. Confined to the FX Application Thread. */
public final class MainView {

    /** Zoom steps for projectors; 1.0 is the theme's own size. */
    static final List<Double> ZOOM_STEPS = List.of(0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0);
    private static final DateTimeFormatter FOOTER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final AppContext context;
    private Stage stage;
    private Theme theme = Theme.LIGHT;
    private double zoom = 1.0;
    private Path lastFolder;
    /** The keyboard shortcuts dialog (F1), once opened; it follows the zoom like the window. */
    private Alert shortcutsDialog;

    @FXML
    private BorderPane root;
    @FXML
    private TabPane tabs;
    @FXML
    private Label status;
    @FXML
    private Hyperlink openFolder;
    @FXML
    private CheckMenuItem darkThemeItem;
    @FXML
    private ToggleButton darkThemeButton;
    @FXML
    private Menu viewMenu;
    private TabRegistry registry;

    public MainView(AppContext context) {
        this.context = context;
    }

    @FXML
    private void initialize() {
        registry = new TabRegistry(context, tabs, LabTabs.ALL);
        for (int i = 0; i < registry.specs().size(); i++) {
            LabTab tab = registry.specs().get(i);
            MenuItem show = new MenuItem(tab.menuText());
            show.setAccelerator(new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf(i + 1)),
                    KeyCombination.SHORTCUT_DOWN));
            show.setOnAction(e -> registry.select(tab.id()));
            viewMenu.getItems().add(i, show);
        }
        context.onExportRequest(this::exportRun);
        openFolder.setVisible(false);
        openFolder.managedProperty().bind(openFolder.visibleProperty());
        darkThemeButton.selectedProperty().bindBidirectional(darkThemeItem.selectedProperty());
        darkThemeItem.selectedProperty().addListener((obs, was, dark) -> setTheme(dark ? Theme.DARK : Theme.LIGHT));
        setZoom(context.settings().get(WindowSettings.ZOOM));
        setStatus("Ready. Outputs go to " + context.outDir());
    }

    void attach(Stage stage) {
        this.stage = stage;
    }

    /** The lab tabs: each reachable by id, built when first shown. */
    public TabRegistry labTabs() {
        return registry;
    }

    /** The tab pane, for tests and for the shortcuts. */
    public TabPane tabs() {
        return tabs;
    }

    /** The status bar text. */
    public String statusText() {
        return status.getText();
    }

    public void setStatus(String text) {
        status.setText(text);
    }

    public Theme theme() {
        return theme;
    }

    /** Switches and remembers the theme. */
    public void setTheme(Theme next) {
        theme = next;
        next.apply();
        darkThemeItem.setSelected(next == Theme.DARK);
        context.settings().put(WindowSettings.THEME, next);
    }

    public double zoom() {
        return zoom;
    }

    /** Scales every control and text by setting the root font size; the theme sizes in em, so all follows. */
    public void setZoom(double factor) {
        zoom = Math.max(ZOOM_STEPS.get(0), Math.min(ZOOM_STEPS.get(ZOOM_STEPS.size() - 1), factor));
        root.setStyle(zoomStyle());
        if (shortcutsDialog != null) {
            shortcutsDialog.getDialogPane().setStyle(zoomStyle());
            if (shortcutsDialog.isShowing()) {
                fitShortcutsDialog();
            }
        }
        context.settings().put(WindowSettings.ZOOM, zoom);
    }

    /** The root font size for the zoom: the window and its dialogs set it, and every size in em follows. */
    private String zoomStyle() {
        return String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", ZoomSizes.BASE_FONT_PX * zoom);
    }

    /** The keyboard shortcuts dialog, or null before F1; for tests. */
    Alert shortcutsDialog() {
        return shortcutsDialog;
    }

    @FXML
    void zoomIn() {
        ZOOM_STEPS.stream().filter(z -> z > zoom + 1e-6).findFirst().ifPresent(this::setZoom);
        setStatus("Zoom " + Math.round(zoom * 100) + " %");
    }

    @FXML
    void zoomOut() {
        ZOOM_STEPS.stream().filter(z -> z < zoom - 1e-6).reduce((a, b) -> b).ifPresent(this::setZoom);
        setStatus("Zoom " + Math.round(zoom * 100) + " %");
    }

    @FXML
    void zoomReset() {
        setZoom(1.0);
        setStatus("Zoom 100 %");
    }

    /** The short name of the selected tab, as used in file names: contention, stream or sockets. */
    public String selectedTabName() {
        return registry.selectedId();
    }

    /** The report header from the settings. */
    public ReportHeader reportHeader() {
        return context.settings().reportHeader();
    }

    /** Whether screenshots carry a footer with the report header and key parameters. */
    public boolean footerOnScreenshots() {
        return context.settings().get(WindowSettings.REPORT_FOOTER);
    }

    /** Stores the report header and the footer choice. */
    public void setReportHeader(ReportHeader header, boolean footer) {
        context.settings().putReportHeader(header);
        context.settings().put(WindowSettings.REPORT_FOOTER, footer);
        context.settings().flush();
    }

    /**
     * Writes a PNG of the whole window to {@code out/screenshots/} on a background thread. The returned future
     * completes with the file once it is fully written.
     */
    @FXML
    public CompletableFuture<Path> screenshot() {
        Image image = decorate(Screenshots.snapshot(tabs.getScene()));
        Path folder = context.outDir().resolve("screenshots");
        Path file = Screenshots.fileFor(folder, selectedTabName(), LocalDateTime.now());
        setStatus("Saving screenshot…");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Screenshots.writePng(image, file);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, context.background()).whenCompleteAsync((saved, error) -> reportWrite(
                "Screenshot saved", saved, folder, error,
                "Could not save the screenshot to " + folder, "Check that the folder is writable."), context.fx());
    }

    /**
     * Exports the selected tab's run into {@code out/<tab>-<timestamp>/}. Completes with the folder, or with empty
     * when the tab has nothing to export.
     */
    @FXML
    public CompletableFuture<Optional<Path>> exportRun() {
        Optional<TabRegistry.Built> selected = registry.selected();
        if (selected.isEmpty()) {
            setStatus("This tab has nothing to export yet.");
            return CompletableFuture.completedFuture(Optional.empty());
        }
        TabRegistry.Built tab = selected.get();
        String id = tab.tab().id();
        ExportBundle bundle = tab.controls().exportBundle(reportHeader());
        Image shot = decorate(Screenshots.snapshot(tab.root()));
        setStatus("Exporting the " + id + " run…");
        // The tab's own sequential executor: an export waits for the tab's earlier background work.
        RunExporter exporter = new RunExporter(context.outDir(), context.io(id));
        return exporter.export(id, bundle, shot).handleAsync((folder, error) -> {
            reportWrite("Run exported", folder, folder, error, "Could not export the run to " + context.outDir(),
                    "Check that the folder is writable and has free space.");
            return Optional.ofNullable(folder);
        }, context.fx());
    }

    /**
     * Logs and shows in the status bar how a screenshot or an export ended: what was written with a link to its
     * folder, or why nothing was and what to check.
     */
    private void reportWrite(String done, Path written, Path folder, Throwable error, String failed, String fix) {
        if (error == null) {
            log().info("{}: {}", done, written);
            setStatus(done + ": " + written);
            showFolderLink(folder);
        } else {
            log().warn("{}: {}", failed, error.toString());
            setStatus(failed + ": " + rootMessage(error) + ". " + fix);
        }
    }

    /**
     * F5: starts or stops the run on the selected tab. A number still being typed into a spinner counts, as it does
     * for the tab's own Start button: the accelerator fires while the spinner keeps the focus, so it never committed.
     */
    @FXML
    void startOrStop() {
        SpinnerEdits.commitFocused(tabs.getScene());
        registry.selected().ifPresentOrElse(t -> t.controls().startOrStop(),
                () -> setStatus("This tab has no run to start."));
    }

    /** Ctrl+L: shows the Contention tab and flips its lock, also during a run. */
    @FXML
    void toggleLock() {
        registry.showRunControl("contention").toggleLock();
    }

    /** Adds the footer line to a screenshot when the user asked for one. */
    private Image decorate(WritableImage image) {
        if (!footerOnScreenshots()) {
            return image;
        }
        Map<String, String> params = registry.selected().map(t -> t.controls().keyParameters()).orElse(Map.of());
        StringBuilder line = new StringBuilder(reportHeader().oneLine());
        if (line.length() > 0) {
            line.append("  ·  ");
        }
        line.append("StreamLab ").append(selectedTabName()).append("  ·  ")
                .append(FOOTER_TIME.format(LocalDateTime.now()));
        if (!params.isEmpty()) {
            line.append("  ·  ").append(params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        return Screenshots.withFooter(image, line.toString());
    }

    private void showFolderLink(Path folder) {
        lastFolder = folder;
        openFolder.setText("Open folder");
        openFolder.setVisible(true);
    }

    @FXML
    private void openLastFolder() {
        context.open(lastFolder == null ? context.outDir() : lastFolder);
    }

    @FXML
    private void openOutFolder() {
        context.open(context.outDir());
    }

    @FXML
    private void editReportHeader() {
        ReportHeaderDialog.show(stage, reportHeader(), footerOnScreenshots())
                .ifPresent(r -> {
                    setReportHeader(r.header(), r.footer());
                    setStatus(r.header().isEmpty() ? "Report header cleared." : "Report header: " + r.header().oneLine());
                });
    }

    @FXML
    void showShortcuts() {
        if (shortcutsDialog == null) {
            shortcutsDialog = new Alert(Alert.AlertType.INFORMATION);
            shortcutsDialog.initOwner(stage);
            shortcutsDialog.setTitle("Keyboard shortcuts");
            shortcutsDialog.setHeaderText("Keyboard shortcuts");
            shortcutsDialog.getDialogPane().setContent(Shortcuts.table());
            // The dialog is a window of its own: it gets the zoom's font size from here, not from the main window.
            shortcutsDialog.getDialogPane().setStyle(zoomStyle());
            // The zoom keys still work while it is open, and it grows or shrinks with them.
            shortcutsDialog.getDialogPane().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
                if (e.isShortcutDown() && (e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.PLUS
                        || e.getCode() == KeyCode.ADD)) {
                    zoomIn();
                } else if (e.isShortcutDown() && (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT)) {
                    zoomOut();
                } else {
                    return;
                }
                e.consume();
            });
        }
        if (!shortcutsDialog.isShowing()) {
            shortcutsDialog.show();
        }
        fitShortcutsDialog();
        shortcutsDialog.getDialogPane().getScene().getWindow().requestFocus();
    }

    /** Sizes the shortcuts dialog to its text at the current zoom: it is measured with the zoom's font, not before. */
    private void fitShortcutsDialog() {
        javafx.scene.control.DialogPane pane = shortcutsDialog.getDialogPane();
        pane.applyCss();
        double width = Math.ceil(pane.prefWidth(-1));
        shortcutsDialog.setWidth(width);
        shortcutsDialog.setHeight(Math.ceil(pane.prefHeight(width)));
    }

    @FXML
    private void about() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(stage);
        alert.setTitle("About StreamLab");
        alert.setHeaderText("StreamLab " + StreamLabInfo.version());
        alert.setContentText("""
                A lab for a data-streaming course: watch threads contend for a shared counter or SQLite \
                database, replay a CSV file as a live stream, and send and receive over UDP and TCP.

                Java %s · JavaFX %s
                Outputs: %s""".formatted(System.getProperty("java.version"),
                System.getProperty("javafx.runtime.version"), context.outDir()));
        alert.show();
    }

    @FXML
    private void quit() {
        if (stage != null) {
            stage.close();
        }
        Platform.exit();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Looked up when first used, so that loading this class before the first frame does not start log4j. */
    private static Logger log() {
        return LogManager.getLogger(MainView.class);
    }
}
