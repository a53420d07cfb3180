package streamlab;

import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import streamlab.cli.StreamLabCommand;
import streamlab.launch.Desktop;
import streamlab.launch.LogFolder;
import streamlab.ui.App;
import streamlab.ui.Settings;

/**
 * Launcher: no arguments opens the window, any argument runs the command line.
 *
 * <p>It does not extend {@link Application}, so a plain {@code java -jar} on the class path can start JavaFX.
 */
public final class Main {

    /**
     * Classes the FX thread needs before the first frame: the shell's FXML controllers and the controls its FXML
     * names. Loaded but not initialised, so no JavaFX static initialiser runs before the toolkit has started.
     */
    private static final List<String> SHELL_CLASSES = List.of(
            "javafx.fxml.FXMLLoader", "streamlab.ui.AppContext", "streamlab.ui.Settings",
            "streamlab.ui.LabTabs", "streamlab.ui.shell.MainWindow", "streamlab.ui.shell.MainView",
            "streamlab.ui.shell.TabRegistry", "streamlab.ui.shell.Shortcuts", "streamlab.ui.shell.FirstFrame",
            "javafx.scene.control.Button", "javafx.scene.control.CheckMenuItem", "javafx.scene.control.Hyperlink",
            "javafx.scene.control.Label", "javafx.scene.control.Menu", "javafx.scene.control.MenuBar",
            "javafx.scene.control.MenuItem", "javafx.scene.control.SeparatorMenuItem", "javafx.scene.control.TabPane",
            "javafx.scene.control.Tab", "javafx.scene.control.ToggleButton", "javafx.scene.control.ToolBar",
            "javafx.scene.control.Tooltip", "javafx.scene.input.KeyCodeCombination",
            "javafx.scene.layout.BorderPane", "javafx.scene.layout.HBox", "javafx.scene.layout.VBox",
            "javafx.scene.control.skin.TabPaneSkin", "javafx.scene.control.skin.MenuBarSkin",
            "javafx.scene.control.skin.ToolBarSkin", "javafx.scene.control.skin.ButtonSkin",
            "javafx.scene.control.skin.LabelSkin", "javafx.css.CssParser");

    private Main() {
    }

    /**
     * Starts, on a daemon {@code preload} thread, the work JavaFX's own start-up (about half a second) would otherwise
     * be followed by on the FX thread: reading the stored settings (an XML file) and loading the shell's classes.
     * Nothing waits for it: a class the FX thread asks for first is simply loaded there, and a class being loaded
     * here is waited for by the JVM only as long as that one load takes. Log4j is not started here: on a busy
     * machine its configuration (XML, plugins, the log file) competed with the first frame for the CPU; the first
     * log line, the first-frame time on {@code window-io}, starts it after that frame.
     */
    private static void preloadInBackground() {
        Thread preload = new Thread(() -> {
            Settings.preloadUserNode();
            ClassLoader loader = Main.class.getClassLoader();
            for (String name : SHELL_CLASSES) {
                try {
                    Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // Only a head start: the FX thread loads it itself, and reports a real problem there.
                }
            }
        }, "preload");
        preload.setDaemon(true);
        preload.start();
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            openWindow(args);
        } else {
            // Before anything logs: log4j reads the folder chosen here when it starts.
            LogFolder.configure().ifPresent(System.err::println);
            System.exit(StreamLabCommand.run(args));
        }
    }

    private static void openWindow(String[] args) {
        Optional<String> noDisplay = Desktop.missingDisplay(System.getProperty("os.name"), System.getenv(),
                System.getProperty("glass.platform"));
        if (noDisplay.isPresent()) {
            System.err.println(noDisplay.get());
            System.exit(Desktop.NO_WINDOW_EXIT);
        }
        LogFolder.configure().ifPresent(System.err::println);
        // The window's log lines are worth seeing in a terminal; the CLI keeps stderr for problems only.
        if (System.getProperty("streamlab.console.level") == null) {
            System.setProperty("streamlab.console.level", "info");
        }
        preloadInBackground();
        try {
            Application.launch(App.class, args);
        } catch (RuntimeException e) {
            // A display that is set but cannot be opened, or no GTK: only JavaFX itself finds out.
            Optional<String> why = Desktop.explain(e);
            if (why.isEmpty()) {
                throw e;
            }
            System.err.println(why.get());
            System.exit(Desktop.NO_WINDOW_EXIT);
        }
    }
}
