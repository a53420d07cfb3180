package streamlab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Thread-safe (no state): writes a file whole or not at all. The content goes to a temporary file beside the target
 * ({@code NAME.<random>.part}), which is then moved over the target in one atomic step, so a reader sees the old file
 * or the new one, never half of one. When writing fails, the temporary file is deleted and the old file is untouched.
 * The folder must exist. Depends on the JDK only.
 */
public final class AtomicFiles {

    /** Writes something that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T target) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes the file through a buffered stream, which {@code body} must not close. */
    public static Path write(Path file, IoConsumer<OutputStream> body) throws IOException {
        return writeVia(file, tmp -> {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                body.accept(out);
            }
        });
    }

    /** Writes the text as UTF-8; text that UTF-8 cannot encode (a lone surrogate) fails rather than be replaced. */
    public static Path writeString(Path file, String text) throws IOException {
        return writeVia(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** Writes each line as UTF-8 followed by the platform's line separator, as {@link Files#write} does. */
    public static Path writeLines(Path file, Iterable<? extends CharSequence> lines) throws IOException {
        return writeVia(file, tmp -> Files.write(tmp, lines, StandardCharsets.UTF_8));
    }

    /**
     * For a writer that needs a path (a file copy, an image encoder): {@code writeTemp} writes the whole content to
     * the path it is given, which does not exist yet, and the result is moved over {@code file}.
     */
    public static Path writeVia(Path file, IoConsumer<Path> writeTemp) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
        try {
            writeTemp.accept(tmp);
            return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
