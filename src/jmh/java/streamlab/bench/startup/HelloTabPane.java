package streamlab.bench.startup;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import streamlab.ui.shell.FirstFrame;

/** The baseline of {@link StartupBench}: a bare JavaFX window with a three-tab TabPane, timed like StreamLab. */
public final class HelloTabPane extends Application {

    @Override
    public void start(Stage stage) {
        TabPane tabs = new TabPane(new Tab("Contention", new Label("Hello")), new Tab("Stream", new Label("Hello")),
                new Tab("Sockets", new Label("Hello")));
        Scene scene = new Scene(tabs, 1200, 780);
        stage.setScene(scene);
        stage.setTitle("Hello");
        FirstFrame.whenShown(scene, Runnable::run, ms -> System.err.println("first frame after " + ms + " ms"));
        stage.show();
    }

    /** The entry point: a class that is not an Application, so JavaFX starts from the class path. */
    public static final class Main {

        private Main() {
        }

        public static void main(String[] args) {
            launch(HelloTabPane.class, args);
        }
    }
}
