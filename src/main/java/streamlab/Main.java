package streamlab;

import javafx.application.Application;
import streamlab.cli.StreamLabCommand;
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
            // The window's log lines are worth seeing in a terminal; the CLI keeps stderr for problems only.
            if (System.getProperty("streamlab.console.level") == null) {
                System.setProperty("streamlab.console.level", "info");
            }
            Application.launch(App.class, args);
        } else {
            System.exit(StreamLabCommand.run(args));
        }
    }
}
