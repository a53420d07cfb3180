package streamlab;

import java.util.Optional;
import javafx.application.Application;
import streamlab.cli.StreamLabCommand;
import streamlab.launch.Desktop;
import streamlab.launch.LogFolder;
import streamlab.ui.App;

/**
 * Launcher: no arguments opens the window, any argument runs the command line.
 *
 * <p>It does not extend {@link Application}, so a plain {@code java -jar} on the class path can start JavaFX.
 */
public final class Main {

    private Main() {
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
