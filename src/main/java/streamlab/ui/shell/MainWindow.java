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
        Settings settings = context.settings();
        Theme theme = settings.get(WindowSettings.THEME);
        // Before the first control exists: a control class, when it is initialised, loads JavaFX's own Modena
        // stylesheet unless a user-agent stylesheet is set, and the theme would replace it at once.
        theme.apply();
        FXMLLoader loader = new FXMLLoader(MainWindow.class.getResource("/streamlab/ui/shell/MainView.fxml"));
        loader.setControllerFactory(context.controllerFactory());
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the main window", e);
        }
        MainView view = loader.getController();

        view.setTheme(theme);

        double width = settings.get(WindowSettings.WIDTH);
        double height = settings.get(WindowSettings.HEIGHT);
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
        stage.setMaximized(settings.get(WindowSettings.MAXIMIZED));

        stage.setOnHidden(e -> saveBounds(stage, settings));
        view.attach(stage);
        FirstFrame.whenShown(scene, context.background(), ms -> log().info("first frame after {} ms", ms));
        if (tabAfterFirstFrame) {
            // The tab's controls cost more than the shell; painting the shell first shows the window sooner.
            FirstFrame.afterNextLayout(scene, () -> context.fx().execute(() -> {
                view.labTabs().buildSelected();
                FirstFrame.whenShown(scene, context.background(),
                        ms -> log().info("first tab shown after {} ms", ms));
            }));
        } else {
            view.labTabs().buildSelected();
        }
        stage.show();
        return view;
    }

    private static void restorePosition(Stage stage, Settings settings) {
        double x = settings.get(WindowSettings.X);
        double y = settings.get(WindowSettings.Y);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            stage.centerOnScreen();
            return;
        }
        // A window saved on a monitor that is gone would open out of reach.
        Rectangle2D title = new Rectangle2D(x, y, Math.max(100, stage.getMinWidth()), 40);
        if (Screen.getScreensForRectangle(title).isEmpty()) {
            stage.centerOnScreen();
        } else {
            stage.setX(x);
            stage.setY(y);
        }
    }

    private static void saveBounds(Stage stage, Settings settings) {
        settings.put(WindowSettings.MAXIMIZED, stage.isMaximized());
        if (!stage.isMaximized()) {
            settings.put(WindowSettings.X, stage.getX());
            settings.put(WindowSettings.Y, stage.getY());
            settings.put(WindowSettings.WIDTH, stage.getScene().getWidth());
            settings.put(WindowSettings.HEIGHT, stage.getScene().getHeight());
        }
        settings.flush();
    }

    /** Looked up when first used, so that loading this class before the first frame does not start log4j. */
    private static Logger log() {
        return LogManager.getLogger(MainWindow.class);
    }
}
