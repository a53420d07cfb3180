package streamlab.ui.shell;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import streamlab.StreamLabInfo;
import streamlab.ui.AppContext;
import streamlab.ui.Screenshots;
import streamlab.ui.Theme;

/** Controller of the window shell: menu, toolbar, tabs and status bar. Confined to the FX Application Thread. */
public final class MainView {

    private static final Logger LOG = LogManager.getLogger(MainView.class);

    private final AppContext context;
    private Stage stage;
    private Theme theme = Theme.LIGHT;
    private Path lastFolder;

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

    public MainView(AppContext context) {
        this.context = context;
    }

    @FXML
    private void initialize() {
        openFolder.setVisible(false);
        openFolder.managedProperty().bind(openFolder.visibleProperty());
        darkThemeButton.selectedProperty().bindBidirectional(darkThemeItem.selectedProperty());
        darkThemeItem.selectedProperty().addListener((obs, was, dark) -> setTheme(dark ? Theme.DARK : Theme.LIGHT));
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

    /** The short name of the selected tab, as used in file names: contention, stream or sockets. */
    public String selectedTabName() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        String id = tab == null || tab.getId() == null ? "window" : tab.getId();
        return id.replace("Tab", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Writes a PNG of the whole window to {@code out/screenshots/} on a background thread. The returned future
     * completes with the file once it is fully written.
     */
    @FXML
    public CompletableFuture<Path> screenshot() {
        WritableImage image = Screenshots.snapshot(tabs.getScene());
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
