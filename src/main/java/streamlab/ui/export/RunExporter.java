package streamlab.ui.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.scene.image.Image;
import streamlab.io.AtomicFiles;
import streamlab.report.RunReport;

/**
 * Writes an export folder {@code out/<tab>-<yyyyMMdd-HHmmss>/} with {@code report.md}, {@code screenshot.png} and the
 * raw data. Thread-safe: call {@link #export} on the FX Application Thread with a finished snapshot; the writing
 * happens on the executor.
 */
public final class RunExporter {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Path outDir;
    private final Executor executor;

    public RunExporter(Path outDir, Executor executor) {
        this.outDir = outDir;
        this.executor = executor;
    }

    /** The folder an export of this tab at this time goes to; a suffix keeps two exports in one second apart. */
    public Path folderFor(String tab, LocalDateTime when) {
        String base = tab + "-" + STAMP.format(when);
        Path folder = outDir.resolve(base);
        for (int i = 2; Files.exists(folder); i++) {
            folder = outDir.resolve(base + "-" + i);
        }
        return folder;
    }

    /**
     * Writes the bundle and the screenshot into a new folder. The report is written last, so a folder with a
     * {@code report.md} is complete.
     */
    public CompletableFuture<Path> export(String tab, ExportBundle bundle, Image screenshot) {
        Path folder = folderFor(tab, bundle.report().when());
        return CompletableFuture.supplyAsync(() -> {
            try {
                Files.createDirectories(folder);
                for (ExportBundle.RawFile f : bundle.files()) {
                    AtomicFiles.writeVia(folder.resolve(f.name()), f.writer()::write);
                }
                streamlab.ui.Screenshots.writePng(screenshot, folder.resolve(RunReport.SCREENSHOT));
                // The report embeds the screenshot written beside it.
                AtomicFiles.writeString(folder.resolve("report.md"),
                        bundle.report().withScreenshot("the " + tab + " tab at the time of the export").toMarkdown());
                return folder;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }
}
