package streamlab.ui;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;

/**
 * Helpers for UI tests: a context on a temporary folder and pixel statistics. Every test under {@code streamlab.ui}
 * that runs JavaFX also fails when StreamLab code blocks the FX thread ({@link FxThreadBlockingGuard}, installed by
 * {@link FxThreadBlockingExtension}).
 */
public final class FxTestSupport {

    /** Every test's settings live under this node, which is removed when the test JVM ends. */
    private static final String TEST_NODE = "streamlab-test";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Preferences.userRoot().node(TEST_NODE).removeNode();
                Preferences.userRoot().flush();
            } catch (java.util.prefs.BackingStoreException | IllegalStateException e) {
                // Left behind: harmless, and removed by the next run.
            }
        }, "remove-test-settings"));
    }

    private FxTestSupport() {
    }

    /** A context writing under {@code outDir}, with fresh settings, recording what it was asked to open. */
    public static AppContext context(Path outDir, List<String> opened) {
        Settings settings = new Settings(Preferences.userRoot().node(TEST_NODE + "/" + System.nanoTime()));
        settings.clear();
        return new AppContext(outDir, settings, Collections.synchronizedList(opened)::add);
    }

    /**
     * Loads a tab's FXML the way the window does (controllers from the context's factory) and shows it alone in
     * {@code stage} at 1280 × 760 in the light theme. Call on the FX Application Thread.
     */
    public static javafx.fxml.FXMLLoader show(Stage stage, AppContext context, String fxml) {
        javafx.fxml.FXMLLoader loader = new javafx.fxml.FXMLLoader(FxTestSupport.class.getResource(fxml));
        loader.setControllerFactory(context.controllerFactory());
        javafx.scene.Parent root;
        try {
            root = loader.load();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Theme.LIGHT.apply();
        stage.setScene(new javafx.scene.Scene(root, 1280, 760));
        stage.setWidth(1280);
        stage.setHeight(760);
        stage.show();
        return loader;
    }

    public static AppContext context(Path outDir) {
        return context(outDir, new ArrayList<>());
    }

    /** How many distinct RGB colours the image has. */
    public static int distinctColours(BufferedImage img) {
        Map<Integer, Integer> counts = histogram(img);
        return counts.size();
    }

    /** The share of pixels taken by the most common colour, from 0 to 1. */
    public static double dominantShare(BufferedImage img) {
        int max = histogram(img).values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return (double) max / ((long) img.getWidth() * img.getHeight());
    }

    /** Mean luminance from 0 (black) to 255 (white). */
    public static double meanLuminance(BufferedImage img) {
        double sum = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                sum += 0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff);
            }
        }
        return sum / ((long) img.getWidth() * img.getHeight());
    }

    /** Whether the pixel {@code rgb} is the colour {@code c}, give or take 5 in each channel (anti-aliasing, rounding). */
    public static boolean near(int rgb, Color c) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return Math.abs(r - c.getRed() * 255) < 6 && Math.abs(g - c.getGreen() * 255) < 6
                && Math.abs(b - c.getBlue() * 255) < 6;
    }

    private static Map<Integer, Integer> histogram(BufferedImage img) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                counts.merge(img.getRGB(x, y) & 0xffffff, 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The labels (buttons, combo box cells) under {@code root} whose text shows shorter than it is. Labels that wrap
     * are left out (their text node holds the whole text on several lines), and so are titled panes, whose first text
     * node belongs to their content.
     */
    public static List<String> clipped(Parent root) {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Parent parent, List<String> out) {
        for (Node n : parent.getChildrenUnmodifiable()) {
            if (!n.isVisible()) {
                // Not shown, so not cut short: a chart's hidden legend, for example.
                continue;
            }
            if (n instanceof Labeled l && !(n instanceof javafx.scene.control.TitledPane) && !l.isWrapText()
                    && l.isVisible() && l.getText() != null && !l.getText().isEmpty()) {
                String full = l.isMnemonicParsing() ? l.getText().replaceFirst("_(?=.)", "") : l.getText();
                Node shown = l.lookup(".text");
                String text = shown instanceof Text t ? t.getText() : null;
                if (!full.equals(text)) {
                    out.add("'" + full + "' shows as '" + text + "'");
                }
            }
            if (n instanceof Parent p) {
                collect(p, out);
            }
        }
    }

    /** Computes a value on the FX Application Thread and waits at most 20 s for it. */
    public static <T> T onFx(java.util.function.Supplier<T> s) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(s::get).get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * Waits, at most 10 s, until the FX thread has drawn {@code frames} more frames (pulses), so that anything drawn
     * once per frame, such as the contention timeline, shows the latest state.
     */
    public static void awaitFrames(int frames) throws Exception {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        javafx.animation.AnimationTimer timer = new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                seen.incrementAndGet();
            }
        };
        onFx(() -> {
            timer.start();
            return null;
        });
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> seen.get() >= frames);
        } finally {
            onFx(() -> {
                timer.stop();
                return null;
            });
        }
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }
}
