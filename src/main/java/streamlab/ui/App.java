package streamlab.ui;

import javafx.application.Application;
import javafx.stage.Stage;
import org.apache.logging.log4j.LogManager;
import streamlab.StreamLabInfo;
import streamlab.ui.shell.MainWindow;

/** The JavaFX application: one window with the Contention, Stream and Sockets tabs. */
public final class App extends Application {

    private AppContext context;

    @Override
    public void start(Stage stage) {
        // Configuring log4j (XML, plugins, the log file) takes longer than building the shell; a logger asked for
        // meanwhile gets its configuration when it is ready, so the FX thread need not wait for it.
        Thread logInit = new Thread(() -> LogManager.getLogger(App.class), "log-init");
        logInit.setDaemon(true);
        logInit.start();
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
