package streamlab.net;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Thread-safe. A bounded ring of the last N traffic entries; older entries are counted, not kept, so memory stays
 * bounded under any flood. Writers (listener and connection threads) never wait on readers: a reader that falls
 * behind loses the oldest entries and is told how many.
 */
public final class TrafficLog {

    private static final String HEADER = "time\tdir\tproto\tfrom\tto\tsize\ttext\thex\n";

    /** The default number of entries kept. */
    public static final int DEFAULT_CAPACITY = 10_000;

    /** A drain result: the new entries still in the ring, and how many newer-than-asked entries were overwritten. */
    public record Batch(List<TrafficEntry> entries, long missed, long lastSeq) {
    }

    private final Object lock = new Object();
    /** Guarded by {@code lock}. Slot {@code (seq - 1) % capacity} holds entry {@code seq}. */
    private final TrafficEntry[] ring;
    /** Guarded by {@code lock}: the number of entries ever added. */
    private long added;
    /** Guarded by {@code lock}: entries up to this number were cleared by the user. */
    private long clearedUpTo;
    /** Guards the recording fields; separate from {@code lock} so file writes never hold up readers of the ring. */
    private final Object fileLock = new Object();
    /** Guarded by {@code fileLock}: where every entry is also written, or null. */
    private java.io.Writer recorder;
    /** Guarded by {@code fileLock}. */
    private Path recordingFile;
    /** Guarded by {@code fileLock}. */
    private long recorded;
    /** True while recording; read without the lock so that the common case (not recording) costs nothing. */
    private volatile boolean recording;

    public TrafficLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.ring = new TrafficEntry[capacity];
    }

    public TrafficLog() {
        this(DEFAULT_CAPACITY);
    }

    public int capacity() {
        return ring.length;
    }

    /** Adds a sent or received message; copies at most {@link TrafficEntry#PREVIEW_BYTES} bytes. */
    public void message(Direction dir, Protocol proto, String local, String remote, byte[] data, int off, int len,
            String note) {
        byte[] preview = Arrays.copyOfRange(data, off, off + Math.min(len, TrafficEntry.PREVIEW_BYTES));
        add(dir, proto, local, remote, len, preview, note == null ? "" : note);
    }

    /**
     * Adds several messages of one connection under a single lock, as one read or one write produced them.
     *
     * @param trimEnd bytes at the end of each payload that are framing, not message (1 for a newline), or 0
     */
    public void messages(Direction dir, Protocol proto, String local, String remote, List<byte[]> payloads,
            int trimEnd) {
        int n = payloads.size();
        byte[][] previews = new byte[n][];
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] p = payloads.get(i);
            sizes[i] = Math.max(0, p.length - trimEnd);
            previews[i] = Arrays.copyOf(p, Math.min(sizes[i], TrafficEntry.PREVIEW_BYTES));
        }
        long now = System.currentTimeMillis();
        TrafficEntry[] made = new TrafficEntry[n];
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                long seq = ++added;
                made[i] = new TrafficEntry(seq, now, dir, proto, local, remote, sizes[i], previews[i], "");
                ring[(int) ((seq - 1) % ring.length)] = made[i];
            }
        }
        recordIfOn(Arrays.asList(made));
    }

    /**
     * Starts writing every new entry to a file (tab-separated, as {@link #writeTo}), so the full log survives even
     * though the ring keeps only the last entries. Replaces a recording in progress.
     */
    public void startRecording(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        java.io.Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        w.write(HEADER);
        synchronized (fileLock) {
            stopRecordingLocked();
            recorder = w;
            recordingFile = file;
            recorded = 0;
            recording = true;
        }
    }

    /** Stops recording and closes the file; returns how many entries it holds (0 if none was recording). */
    public long stopRecording() {
        synchronized (fileLock) {
            long n = recorded;
            stopRecordingLocked();
            return n;
        }
    }

    /** The file being recorded to, or null. */
    public Path recordingFile() {
        synchronized (fileLock) {
            return recordingFile;
        }
    }

    /** Call only when holding {@code fileLock}. */
    private void stopRecordingLocked() {
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                // The entries written so far are flushed as far as the disk allowed; nothing more to do.
            }
        }
        recorder = null;
        recordingFile = null;
        recording = false;
    }

    private void recordIfOn(List<TrafficEntry> entries) {
        if (!recording) {
            return;
        }
        synchronized (fileLock) {
            if (recorder == null) {
                return;
            }
            try {
                for (TrafficEntry e : entries) {
                    recorder.write(line(e));
                    recorded++;
                }
            } catch (IOException ex) {
                // A full disk must not stop the listener: stop recording instead.
                stopRecordingLocked();
            }
        }
    }

    private static String line(TrafficEntry e) {
        return Instant.ofEpochMilli(e.timeMs()) + "\t" + e.direction().label() + "\t" + e.protocol() + "\t"
                + e.from() + "\t" + e.to() + "\t" + e.size() + "\t" + e.text().replace('\t', ' ') + "\t"
                + e.hex() + "\n";
    }

    /** Adds a connection event (accept, connect, close, error). */
    public void event(Protocol proto, String local, String remote, String what) {
        add(Direction.EVENT, proto, local, remote, 0, new byte[0], what);
    }

    private void add(Direction dir, Protocol proto, String local, String remote, int size, byte[] preview,
            String note) {
        long now = System.currentTimeMillis();
        TrafficEntry e;
        synchronized (lock) {
            long seq = ++added;
            e = new TrafficEntry(seq, now, dir, proto, local, remote, size, preview, note);
            ring[(int) ((seq - 1) % ring.length)] = e;
        }
        recordIfOn(List.of(e));
    }

    /** The number of entries ever added. */
    public long total() {
        synchronized (lock) {
            return added;
        }
    }

    /** How many entries were overwritten because the ring was full (counted, not kept). */
    public long overwritten() {
        synchronized (lock) {
            return Math.max(0, added - ring.length);
        }
    }

    /** The entries numbered above {@code afterSeq} that are still kept, oldest first. */
    public Batch since(long afterSeq) {
        return since(afterSeq, Integer.MAX_VALUE);
    }

    /**
     * At most the newest {@code max} entries numbered above {@code afterSeq}, oldest first; the older ones are
     * reported as missed. A reader that only shows the latest rows (a table, once per frame) copies no more.
     */
    public Batch since(long afterSeq, int max) {
        synchronized (lock) {
            long oldestKept = Math.max(Math.max(1, added - ring.length + 1), clearedUpTo + 1);
            long from = Math.max(Math.max(afterSeq + 1, oldestKept), added - max + 1);
            long missed = Math.max(0, (from - 1) - Math.max(afterSeq, clearedUpTo));
            List<TrafficEntry> out = new ArrayList<>((int) Math.max(0, added - from + 1));
            for (long s = from; s <= added; s++) {
                out.add(ring[(int) ((s - 1) % ring.length)]);
            }
            return new Batch(out, missed, added);
        }
    }

    /** All entries still kept, oldest first. */
    public List<TrafficEntry> snapshot() {
        return since(0).entries();
    }

    /** Forgets the kept entries; the total keeps counting. */
    public void clear() {
        synchronized (lock) {
            clearedUpTo = added;
            Arrays.fill(ring, null);
        }
    }

    /**
     * Writes the kept entries as tab-separated text (header line, then one line per entry), first to a temporary
     * file that is then moved into place. Returns the number of entries written. May be called from any thread.
     */
    public int writeTo(Path file) throws IOException {
        List<TrafficEntry> entries;
        long total;
        long over;
        synchronized (lock) {
            entries = since(0).entries();
            total = added;
            over = Math.max(0, added - ring.length);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("# StreamLab traffic log: " + entries.size() + " entries kept of " + total + " ("
                    + over + " older entries were counted but not kept)\n");
            w.write(HEADER);
            for (TrafficEntry e : entries) {
                w.write(line(e));
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return entries.size();
    }
}
