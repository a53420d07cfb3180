package streamlab.ui.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import streamlab.report.ReportHeader;
import streamlab.report.RunReport;

@ExtendWith(ApplicationExtension.class)
class RunExporterTest {

    @TempDir
    Path out;

    @Start
    void start(Stage stage) {
        // The toolkit must be up to create images.
    }

    @Test
    void exportWritesReportScreenshotAndRawFilesIntoATimestampedFolder() throws Exception {
        WritableImage image = new WritableImage(40, 30);
        for (int x = 0; x < 40; x++) {
            image.getPixelWriter().setColor(x, 5, Color.RED);
        }
        LocalDateTime when = LocalDateTime.of(2026, 11, 28, 10, 40, 12);
        RunReport report = new RunReport("Stream run", when, new ReportHeader("Ada", "", ""), Map.of("Rows", "3"),
                RunReport.Table.empty(), List.of("3 records were sent."), List.of("Sent: 1"),
                Map.of("out9.txt", "the records written"));
        ExportBundle bundle = new ExportBundle(report, List.of(
                new ExportBundle.RawFile("out9.txt", "the records written", f -> Files.writeString(f, "a\nb\nc\n"))));

        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            RunExporter exporter = new RunExporter(out, executor);
            Path folder = exporter.export("stream", bundle, image).get(10, TimeUnit.SECONDS);
            assertEquals(out.resolve("stream-20261128-104012"), folder);
            assertEquals("a\nb\nc\n", Files.readString(folder.resolve("out9.txt")));
            String md = Files.readString(folder.resolve("report.md"));
            assertTrue(md.startsWith("# Stream run\n\n**Ada**"), md);
            assertTrue(md.contains("- 3 records were sent."), md);
            // Any tab's report embeds the screenshot written beside it, listed or not among its files.
            assertTrue(md.contains("\n![Stream run at the time of the export](screenshot.png)\n"), md);
            assertTrue(md.contains("- `screenshot.png`: the stream tab at the time of the export"), md);
            byte[] bytes = Files.readAllBytes(folder.resolve("screenshot.png"));
            assertTrue(bytes.length > 8 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', "a PNG file");
            BufferedImage png = ImageIO.read(folder.resolve("screenshot.png").toFile());
            assertEquals(40, png.getWidth());
            assertEquals(0xff0000, png.getRGB(7, 5) & 0xffffff);
            assertFalse(Files.exists(folder.resolve("report.md.part")));

            Path second = exporter.export("stream", bundle, image).get(10, TimeUnit.SECONDS);
            assertEquals(out.resolve("stream-20261128-104012-2"), second, "a second export never overwrites");
        } finally {
            executor.shutdownNow();
        }
    }
}
