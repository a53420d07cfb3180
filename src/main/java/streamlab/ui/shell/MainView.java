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
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import streamlab.StreamLabInfo;
import streamlab.report.ReportHeader;
import streamlab.ui.AppContext;
import streamlab.ui.RunControl;
import streamlab.ui.Screenshots;
import streamlab.ui.Theme;
import streamlab.ui.ZoomSizes;
import streamlab.ui.contention.ContentionView;
import streamlab.ui.export.ExportBundle;
import streamlab.ui.export.Exportable;
import streamlab.ui.export.RunExporter;

/** Controller of the window shell: menu, toolbar, tabs and status bar. Confined to the FX Application Thread. */
public final class MainView {

    private static final Logger LOG = LogManager.getLogger(MainView.class);
    /** Zoom steps for projectors; 1.0 is the theme's own size. */
    static final List<Double> ZOOM_STEPS = List.of(0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0);
    private static final DateTimeFormatter FOOTER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final AppContext context;
    private final RunExporter exporter;
    private Stage stage;
    private Theme theme = Theme.LIGHT;
    private double zoom = 1.0;
    private Path lastFolder;

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
    private Object contentionViewController;
    @FXML
    private Object streamViewController;
    @FXML
    private Object socketsViewController;

    public MainView(AppContext context) {
        this.context = context;
        this.exporter = new RunExporter(context.outDir(), context.background());
    }

    @FXML
    private void initialize() {
        openFolder.setVisible(false);
        openFolder.managedProperty().bind(openFolder.visibleProperty());
        darkThemeButton.selectedProperty().bindBidirectional(darkThemeItem.selectedProperty());
        darkThemeItem.selectedProperty().addListener((obs, was, dark) -> setTheme(dark ? Theme.DARK : Theme.LIGHT));
        setZoom(context.settings().getDouble("zoom", 1.0));
        setStatus("Ready. Outputs go to " + context.outDir());
    }

    void attach(Stage stage) {
        this.stage = stage;
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
        context.settings().put("theme", next.name());
    }

    public double zoom() {
        return zoom;
    }

    /** Scales every control and text by setting the root font size; the theme sizes in em, so all follows. */
    public void setZoom(double factor) {
        zoom = Math.max(ZOOM_STEPS.get(0), Math.min(ZOOM_STEPS.get(ZOOM_STEPS.size() - 1), factor));
        root.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", ZoomSizes.BASE_FONT_PX * zoom));
        context.settings().putDouble("zoom", zoom);
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
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        String id = tab == null || tab.getId() == null ? "window" : tab.getId();
        return id.replace("Tab", "").toLowerCase(Locale.ROOT);
    }

    /** The report header from the settings. */
    public ReportHeader reportHeader() {
        return context.settings().reportHeader();
    }

    /** Whether screenshots carry a footer with the report header and key parameters. */
    public boolean footerOnScreenshots() {
        return context.settings().getBoolean("report.footer", false);
    }

    /** Stores the report header and the footer choice. */
    public void setReportHeader(ReportHeader header, boolean footer) {
        context.settings().putReportHeader(header);
        context.settings().putBoolean("report.footer", footer);
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
        }, context.background()).whenComplete((saved, error) -> Platform.runLater(() -> {
            if (error == null) {
                LOG.info("Screenshot saved to {}", saved);
                setStatus("Screenshot saved: " + saved);
                showFolderLink(folder);
            } else {
                LOG.warn("Screenshot failed: {}", error.toString());
                setStatus("Could not save the screenshot to " + folder + ": " + rootMessage(error)
                        + ". Check that the folder is writable.");
            }
        }));
    }

    /**
     * Exports the selected tab's run into {@code out/<tab>-<timestamp>/}. Completes with the folder, or with empty
     * when the tab has nothing to export.
     */
    @FXML
    public CompletableFuture<Optional<Path>> exportRun() {
        Optional<Exportable> selected = selectedExportable();
        if (selected.isEmpty()) {
            setStatus("This tab has nothing to export yet.");
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Exportable tab = selected.get();
        ExportBundle bundle = tab.exportBundle();
        Image shot = decorate(Screenshots.snapshot(tab.exportNode()));
        setStatus("Exporting the " + tab.exportName() + " run…");
        return exporter.export(tab.exportName(), bundle, shot).handle((folder, error) -> {
            Platform.runLater(() -> {
                if (error == null) {
                    LOG.info("Run exported to {}", folder);
                    setStatus("Run exported: " + folder);
                    showFolderLink(folder);
                } else {
                    LOG.warn("Export failed: {}", error.toString());
                    setStatus("Could not export the run to " + context.outDir() + ": " + rootMessage(error)
                            + ". Check that the folder is writable and has free space.");
                }
            });
            return Optional.ofNullable(folder);
        });
    }

    private Object selectedController() {
        return tabController(tabs.getSelectionModel().getSelectedIndex());
    }

    /** The controller of tab 0 (Contention), 1 (Stream) or 2 (Sockets). */
    public Object tabController(int index) {
        return switch (index) {
            case 0 -> contentionViewController;
            case 1 -> streamViewController;
            case 2 -> socketsViewController;
            default -> null;
        };
    }

    private Optional<Exportable> selectedExportable() {
        return selectedController() instanceof Exportable e ? Optional.of(e) : Optional.empty();
    }

    /** F5: starts or stops the run on the selected tab. */
    @FXML
    void startOrStop() {
        if (selectedController() instanceof RunControl control) {
            control.startOrStop();
        } else {
            setStatus("This tab has no run to start.");
        }
    }

    /** Ctrl+L: flips the Contention tab's lock, also during a run. */
    @FXML
    void toggleLock() {
        if (contentionViewController instanceof ContentionView contention) {
            tabs.getSelectionModel().select(0);
            contention.toggleLock();
        }
    }

    /** Adds the footer line to a screenshot when the user asked for one. */
    private Image decorate(WritableImage image) {
        if (!footerOnScreenshots()) {
            return image;
        }
        Map<String, String> params = selectedExportable().map(Exportable::keyParameters).orElse(Map.of());
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
    private void showContention() {
        tabs.getSelectionModel().select(0);
    }

    @FXML
    private void showStream() {
        tabs.getSelectionModel().select(1);
    }

    @FXML
    private void showSockets() {
        tabs.getSelectionModel().select(2);
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
    private void showShortcuts() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(stage);
        alert.setTitle("Keyboard shortcuts");
        alert.setHeaderText("Keyboard shortcuts");
        alert.getDialogPane().setContent(Shortcuts.table());
        alert.show();
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
}
