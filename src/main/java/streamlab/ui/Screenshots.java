package streamlab.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.imageio.ImageIO;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import streamlab.io.AtomicFiles;

/** Takes PNG screenshots of scenes and nodes. */
public final class Screenshots {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private Screenshots() {
    }

    /** The file name for a screenshot of a tab: {@code streamlab-<tab>-<yyyyMMdd-HHmmss>.png}. */
    public static Path fileFor(Path folder, String tab, LocalDateTime when) {
        String base = "streamlab-" + tab.toLowerCase(Locale.ROOT) + "-" + STAMP.format(when);
        Path file = folder.resolve(base + ".png");
        for (int i = 2; Files.exists(file); i++) {
            file = folder.resolve(base + "-" + i + ".png");
        }
        return file;
    }

    /** Renders the whole scene. Call on the FX Application Thread. */
    public static WritableImage snapshot(Scene scene) {
        return scene.snapshot(null);
    }

    /** Renders one node. Call on the FX Application Thread. */
    public static WritableImage snapshot(Node node) {
        return node.snapshot(null, null);
    }

    /** Height in pixels of the footer strip that {@link #withFooter} adds. */
    public static final int FOOTER_HEIGHT = 26;

    /**
     * The image with a dark strip below it that carries one line of text (the report header and key parameters), so
     * a screenshot pasted into a report says whose run it was and how it was set up. Call on the FX Application
     * Thread.
     */
    public static WritableImage withFooter(Image image, String text) {
        Canvas canvas = new Canvas(image.getWidth(), image.getHeight() + FOOTER_HEIGHT);
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.drawImage(image, 0, 0);
        g.setFill(Color.web("#24292f"));
        g.fillRect(0, image.getHeight(), image.getWidth(), FOOTER_HEIGHT);
        g.setFill(Color.WHITE);
        g.setFont(Font.font(13));
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, 10, image.getHeight() + FOOTER_HEIGHT / 2.0, image.getWidth() - 20);
        return canvas.snapshot(new SnapshotParameters(), null);
    }

    /**
     * Writes an image as PNG, first to a temporary file and then moved into place, so a reader never sees half an
     * image. Call it off the FX Application Thread (take the snapshot there, write it on a background executor): it
     * creates folders and writes a file.
     */
    public static Path writePng(Image image, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
        return AtomicFiles.writeVia(file, tmp -> {
            if (!ImageIO.write(buffered, "png", tmp.toFile())) {
                throw new IOException("No PNG writer is available");
            }
        });
    }
}
