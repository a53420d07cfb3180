package streamlab.ui;

import javafx.application.Application;
import javafx.stage.Stage;
import streamlab.StreamLabInfo;
import streamlab.ui.shell.MainWindow;

/** The JavaFX application: one window with the Contention, Stream and Sockets tabs. */
public final class App extends Application {

    private AppContext context;

    @Override
    public void start(Stage stage) {
        context = new AppContext(StreamLabInfo.outDir(), Settings.forUser(), getHostServices()::showDocument);
        MainWindow.open(stage, context, true);
    }

    @Override
    public void stop() {
        if (context != null) {
            // On the FX thread: stops the frame timers here and leaves engines, tabs and executors to the non-daemon
            // app-closer thread, so the window closes at once and the JVM exits when everything has stopped.
            context.close();
        }
    }
}
