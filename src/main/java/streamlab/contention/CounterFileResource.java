package streamlab.contention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import streamlab.io.AtomicFiles;

/**
 * Thread-safe (immutable settings): the counter that process workers share, a small text file. The run writes 0
 * before the children start and reads the value once they have ended; the children themselves read, hold and write
 * it (see {@code streamlab.contention.process}). The run never opens a session on it.
 *
 * <p>The value is {@link #WIDTH} decimal digits and a newline, so every write is one same-sized write at offset 0,
 * and {@code cat counter.txt} shows it.
 */
public final class CounterFileResource implements SharedResource {

    /** Digits of the value, zero padded. */
    public static final int WIDTH = 20;

    private final Path file;

    CounterFileResource(Path file) {
        this.file = file;
    }

    /** The text stored for a value: {@link #WIDTH} digits and a newline. */
    public static byte[] encode(long value) {
        return String.format(java.util.Locale.ROOT, "%0" + WIDTH + "d%n", value).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a stored value.
     *
     * @throws NumberFormatException when the text is not a value written by {@link #encode}
     */
    public static long decode(byte[] bytes, int length) {
        return Long.parseLong(new String(bytes, 0, length, StandardCharsets.US_ASCII).trim());
    }

    @Override
    public void prepare() {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFiles.write(file, out -> out.write(encode(0)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot prepare the counter file " + file + ": " + e.getMessage()
                    + ". Choose a writable folder for --db (the counter file sits beside it).", e);
        }
    }

    @Override
    public Session open(int worker) throws TaskFailure {
        throw new TaskFailure("the counter file is opened by process workers, not by threads");
    }

    @Override
    public boolean instant() {
        return false;
    }

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public long liveValue() {
        // Reading it would touch the disk on the caller's thread (the FX thread, once a frame).
        return 0;
    }

    @Override
    public boolean countsRows() {
        return false;
    }

    @Override
    public long finalCount() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return decode(bytes, bytes.length);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Cannot read the counter file " + file + ": " + e.getMessage(), e);
        }
    }
}
