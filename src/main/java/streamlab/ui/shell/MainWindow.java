package streamlab.ui.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import streamlab.ui.AppContext;
import streamlab.ui.Settings;
import streamlab.ui.Theme;

/** Builds the main window, restores its bounds and theme, and saves them on close. */
public final class MainWindow {

    private static final Logger LOG = LogManager.getLogger(MainWindow.class);

    public static final String TITLE = "StreamLab";
    static final double DEFAULT_WIDTH = 1200;
    static final double DEFAULT_HEIGHT = 780;

    private MainWindow() {
    }

    /**
     * Loads the shell and the selected tab into the stage and shows them, in one first frame. Call on the FX
     * Application Thread.
     */
    public static MainView open(Stage stage, AppContext context) {
        return open(stage, context, false);
    }

    /**
     * Loads the shell into the stage and shows it. Call on the FX Application Thread.
     *
     * @param tabAfterFirstFrame build the selected tab only once the shell's first frame is painted (at start-up,
     *                           so the window appears at once), instead of before it
     */
    public static MainView open(Stage stage, AppContext context, boolean tabAfterFirstFrame) {
        FXMLLoader loader = new FXMLLoader(MainWindow.class.getResource("/streamlab/ui/shell/MainView.fxml"));
        loader.setControllerFactory(context.controllerFactory());
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the main window", e);
        }
        MainView view = loader.getController();

        Settings settings = context.settings();
        Theme theme = Theme.valueOf(settings.get("theme", Theme.LIGHT.name()));
        view.setTheme(theme);

        double width = settings.getDouble("window.width", DEFAULT_WIDTH);
        double height = settings.getDouble("window.height", DEFAULT_HEIGHT);
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(
                Objects.requireNonNull(MainWindow.class.getResource("/streamlab/ui/app.css")).toExternalForm());
        stage.setScene(scene);
        stage.setTitle(TITLE);
        stage.setMinWidth(800);
        stage.setMinHeight(560);
        var icon = MainWindow.class.getResourceAsStream("/streamlab/ui/icon.png");
        if (icon != null) {
            stage.getIcons().add(new Image(icon));
        }
        restorePosition(stage, settings);
        stage.setMaximized(settings.getBoolean("window.maximized", false));

        stage.setOnHidden(e -> saveBounds(stage, settings));
        view.attach(stage);
        FirstFrame.whenShown(scene, context.background(), ms -> LOG.info("first frame after {} ms", ms));
        if (tabAfterFirstFrame) {
            // The tab's controls cost more than the shell; painting the shell first shows the window sooner.
            FirstFrame.afterNextLayout(scene, () -> context.fx().execute(() -> {
                view.labTabs().buildSelected();
                FirstFrame.whenShown(scene, context.background(),
                        ms -> LOG.info("first tab shown after {} ms", ms));
            }));
        } else {
            view.labTabs().buildSelected();
        }
        stage.show();
        return view;
    }

    private static void restorePosition(Stage stage, Settings settings) {
        var x = settings.optDouble("window.x");
        var y = settings.optDouble("window.y");
        if (x.isEmpty() || y.isEmpty()) {
            stage.centerOnScreen();
            return;
        }
        // A window saved on a monitor that is gone would open out of reach.
        Rectangle2D title = new Rectangle2D(x.get(), y.get(), Math.max(100, stage.getMinWidth()), 40);
        if (Screen.getScreensForRectangle(title).isEmpty()) {
            stage.centerOnScreen();
        } else {
            stage.setX(x.get());
            stage.setY(y.get());
        }
    }

    private static void saveBounds(Stage stage, Settings settings) {
        settings.putBoolean("window.maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            settings.putDouble("window.x", stage.getX());
            settings.putDouble("window.y", stage.getY());
            settings.putDouble("window.width", stage.getScene().getWidth());
            settings.putDouble("window.height", stage.getScene().getHeight());
        }
        settings.flush();
    }
}
