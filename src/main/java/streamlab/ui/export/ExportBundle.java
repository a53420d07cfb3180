package streamlab.ui.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import streamlab.report.RunReport;

/**
 * Immutable. A run, ready to be written: the report and the raw data files beside it.
 *
 * @param report the report, written as {@code report.md}
 * @param files  the raw data files, each written into the export folder
 */
public record ExportBundle(RunReport report, List<RawFile> files) {

    public ExportBundle {
        files = List.copyOf(files);
    }

    /** Writes one raw-data file into a folder. May be invoked outside of the FX Application Thread. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    /**
     * Immutable. One raw-data file of an export.
     *
     * @param name        the file name in the export folder
     * @param description what it holds, for the report's file list
     * @param writer      writes it; captures immutable data only
     */
    public record RawFile(String name, String description, Writer writer) {
    }
}
