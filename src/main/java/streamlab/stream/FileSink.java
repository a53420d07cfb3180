package streamlab.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Confined to the engine thread (counters are read by any thread; opened by the starting thread, which hands it over
 * when the engine thread starts, and closed only by the engine thread). Writes one line per record, so that the file
 * holds whole lines only, whatever happens to the process:
 * <ul>
 *   <li>Records are held in memory, whole, and written in chunks that never cross a page boundary of the file
 *   (4 KiB). Linux checks for a kill between the pages of one write call, not within a page, so a SIGKILL between or
 *   during write calls leaves whole lines. Only a record that itself crosses a page boundary is written alone in a
 *   call that can be cut; see docs/STREAM.md.</li>
 *   <li>The length of the whole lines written so far is tracked; after a failed or short write (a full disk), the file
 *   is cut back to it, and the records of that chunk are counted failed.</li>
 *   <li>The file is locked (an exclusive OS lock) while it is written, so two StreamLab runs never write into one
 *   file; the output may never be the input file, by any path or link.</li>
 * </ul>
 * The engine decides when held records go out ({@link #flush}): before it waits for a paced record, and at least every
 * {@link #MAX_HOLD_NANOS} while records come back to back.
 */
final class FileSink extends Sink {

    /** The write unit: a chunk of whole lines never crosses a multiple of this in the file. */
    static final int PAGE = 4096;
    /** Back-to-back records are held at most this long before they are written. */
    static final long MAX_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final SinkSpec.File spec;
    private FileChannel channel;
    private FileLock fileLock;
    private boolean regular;
    /** Length of the whole lines written: where the next chunk goes, and where a failed write is cut back to. */
    private long committed;
    private byte[] held = new byte[64 * 1024];
    private int heldLength;
    /** End offset in {@link #held} of each held record. */
    private int[] ends = new int[1024];
    private int heldCount;
    private long heldSince;
    private ByteBuffer direct;
    /** Exists while this sink writes a regular file, or null. */
    private Path marker;

    FileSink(SinkSpec.File spec) {
        super("file " + spec.file());
        this.spec = spec;
    }

    /**
     * Refuses an output that is the input file: the same path, a symbolic link to it or a hard link (same file key).
     * Writing it would empty the input, or with append read its own output until the disk fills.
     */
    static void refuseInput(Path output, Path input) throws StreamInputException {
        if (!Files.exists(output) || !Files.exists(input)) {
            return;
        }
        boolean same;
        try {
            same = Files.isSameFile(output, input);
            if (!same) {
                Object a = Files.readAttributes(output, BasicFileAttributes.class).fileKey();
                Object b = Files.readAttributes(input, BasicFileAttributes.class).fileKey();
                same = a != null && Objects.equals(a, b);
            }
        } catch (IOException e) {
            same = output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize());
        }
        if (same) {
            throw new StreamInputException("The output " + output + " is the input file " + input
                    + ": writing it would destroy the input. Choose another output file.");
        }
    }

    @Override
    void open() throws StreamInputException {
        Path file = spec.file();
        if (Files.isDirectory(file)) {
            throw new StreamInputException("The output " + file + " is a folder. Choose a file name, for example "
                    + file.resolve("out9.txt") + ".");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // Not TRUNCATE_EXISTING: a file that another run is writing must be left alone until the lock is held.
            // Append reads the last byte, to end an unfinished line.
            channel = spec.append()
                    ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.READ)
                    : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            regular = Files.isRegularFile(file);
            if (regular) {
                try {
                    fileLock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    fileLock = null;
                }
                if (fileLock == null) {
                    channel.close();
                    throw new StreamInputException("another StreamLab run is writing " + file
                            + ". Wait for it to end, or choose another output file.");
                }
            }
            boolean interrupted = false;
            if (regular) {
                marker = markerFor(file);
                interrupted = Files.exists(marker);
                try {
                    Files.write(marker, new byte[0]);
                } catch (IOException e) {
                    // Without the marker, a torn tail cannot be told from a user's unfinished line: it is then kept.
                    marker = null;
                }
            }
            if (!spec.append()) {
                if (regular) {
                    channel.truncate(0);
                }
                committed = 0;
            } else {
                committed = regular ? channel.size() : 0;
                if (interrupted && committed > 0 && !endsWithNewline()) {
                    // The last run was killed while it wrote a record across a page boundary (see the class
                    // comment): its torn last line goes, so the file is whole lines again.
                    committed = lastLineEnd();
                    channel.truncate(committed);
                }
                if (committed > 0 && !endsWithNewline()) {
                    // The old last line has no line ending (an editor, or a run cut short): end it, so the first
                    // record starts a line of its own.
                    channel.write(ByteBuffer.wrap(new byte[] {'\n'}), committed);
                    committed++;
                }
            }
        } catch (NoSuchFileException e) {
            closeQuietly();
            throw new StreamInputException("Cannot write the output file " + file + ": its folder does not exist."
                    + " Choose another path.");
        } catch (IOException e) {
            closeQuietly();
            throw new StreamInputException("Cannot write the output file " + file + ": " + e.getMessage()
                    + ". Choose another path.");
        }
    }

    /** The marker that says a run is writing {@code file}; left behind only by a run that was killed. */
    static Path markerFor(Path file) {
        Path name = file.getFileName();
        return file.resolveSibling("." + name + ".streamlab-writing");
    }

    /** The length of the file up to and including its last line ending, or 0. */
    private long lastLineEnd() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(PAGE);
        long end = committed;
        while (end > 0) {
            long from = Math.max(0, end - PAGE);
            b.clear().limit((int) (end - from));
            while (b.hasRemaining() && channel.read(b, from + b.position()) > 0) {
                // read the whole window
            }
            for (int i = b.position() - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }

    private boolean endsWithNewline() throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        return channel.read(last, committed - 1) == 1 && last.get(0) == '\n';
    }

    @Override
    void send(String message, byte[] utf8) throws IOException {
        int need = heldLength + utf8.length + 1;
        if (need > held.length) {
            held = Arrays.copyOf(held, Math.max(need, held.length * 2));
        }
        if (heldCount == 0) {
            heldSince = System.nanoTime();
        }
        System.arraycopy(utf8, 0, held, heldLength, utf8.length);
        heldLength += utf8.length;
        held[heldLength++] = '\n';
        if (heldCount == ends.length) {
            ends = Arrays.copyOf(ends, ends.length * 2);
        }
        ends[heldCount++] = heldLength;
        int limit = spec.flushEvery();
        if ((limit > 0 && heldCount >= limit) || heldLength >= 16 * PAGE
                || System.nanoTime() - heldSince >= MAX_HOLD_NANOS) {
            flush();
        }
    }

    /** True while records are held, not yet written. */
    boolean holding() {
        return heldCount > 0;
    }

    @Override
    void flush() throws IOException {
        if (heldCount == 0) {
            return;
        }
        int start = 0;
        int record = 0;
        try {
            while (record < heldCount) {
                // Whole lines up to the next page boundary of the file; at least one line.
                long pageEnd = (committed / PAGE + 1) * PAGE;
                int last = record;
                while (last + 1 < heldCount && committed + (ends[last + 1] - start) <= pageEnd) {
                    last++;
                }
                if (committed + (ends[last] - start) > pageEnd && last > record) {
                    last--;
                }
                int end = ends[last];
                writeFully(start, end - start);
                committed += end - start;
                sent.addAndGet(last - record + 1);
                start = end;
                record = last + 1;
            }
        } catch (IOException | RuntimeException e) {
            int lost = heldCount - record;
            failed.addAndGet(lost);
            lastError = describe(e);
            cutBack();
            heldLength = 0;
            heldCount = 0;
            throw new IOException(describe(e), e);
        }
        heldLength = 0;
        heldCount = 0;
    }

    private void writeFully(int offset, int length) throws IOException {
        if (direct == null || direct.capacity() < length) {
            direct = ByteBuffer.allocateDirect(Math.max(PAGE, length));
        }
        direct.clear();
        direct.put(held, offset, length).flip();
        long at = committed;
        while (direct.hasRemaining()) {
            int n = regular ? channel.write(direct, at) : channel.write(direct);
            if (n <= 0 && direct.hasRemaining()) {
                throw new IOException("the file system accepted no more bytes");
            }
            at += n;
        }
    }

    /** After a failed write, cuts the file back to its last whole line, so no torn record stays behind. */
    private void cutBack() {
        if (!regular) {
            return;
        }
        try {
            if (channel.size() > committed) {
                channel.truncate(committed);
            }
        } catch (IOException e) {
            lastError = lastError + "; cutting the file back to its last whole line also failed: " + e.getMessage();
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    void failed(Exception e) {
        // flush() has already counted every record of the lost chunk.
        if (lastError.isEmpty()) {
            lastError = describe(e);
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null && channel.isOpen()) {
                flush();
            }
        } catch (IOException e) {
            lastError = describe(e);
        } finally {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            if (fileLock != null && fileLock.isValid()) {
                fileLock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            lastError = describe(e);
        }
        if (marker != null) {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException ignored) {
                // a marker left behind only makes the next append check the last line, which is whole
            }
            marker = null;
        }
    }
}
