package streamlab.net;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import streamlab.io.AtomicFiles;

/**
 * Thread-safe. A bounded ring of the last N traffic entries; older entries are counted, not kept, so memory stays
 * bounded under any flood. Writers (listener and connection threads) never wait on readers: a reader that falls
 * behind loses the oldest entries and is told how many. Neither do they wait on the disk: a recording file is
 * written by its own thread (see {@link #startRecording}).
 */
public final class TrafficLog {

    private static final String HEADER = "time\tdir\tproto\tfrom\tto\tsize\ttext\thex\n";

    /** The default number of entries kept. */
    public static final int DEFAULT_CAPACITY = 10_000;

    /**
     * Immutable. A drain result: the new entries still in the ring, and how many newer-than-asked entries were
     * overwritten.
     */
    public record Batch(List<TrafficEntry> entries, long missed, long lastSeq) {
    }

    /** How many entries may wait for the recording file; past that they are counted as not recorded. */
    public static final int RECORDING_QUEUE = 16_384;

    /** How long {@link #stopRecording()} waits for the file to take the entries still queued. */
    private static final long STOP_WAIT_MS = 2_000;

    private static final AtomicInteger RECORDINGS = new AtomicInteger();
    /** Queued after the last entry of a recording. */
    private static final TrafficEntry END = new TrafficEntry(0, 0, Direction.EVENT, Protocol.TCP, "", "", 0,
            new byte[0], "");

    /** Immutable. What a finished recording holds: the entries written to the file, and those left out of it. */
    public record RecordingSummary(Path file, long written, long dropped) {
    }

    private final Object lock = new Object();
    /** Guarded by {@code lock}. Slot {@code (seq - 1) % capacity} holds entry {@code seq}. */
    private final TrafficEntry[] ring;
    /** Guarded by {@code lock}: the number of entries ever added. */
    private long added;
    /** Guarded by {@code lock}: entries up to this number were cleared by the user. */
    private long clearedUpTo;
    /**
     * Guarded by {@code lock}: the recording in progress, or null. Entries are queued to it under the same lock that
     * numbers them, so the file receives them in sequence order; its own thread does the writing, so no listener or
     * connection thread ever waits on the disk.
     */
    private Recording recording;

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
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                long seq = ++added;
                TrafficEntry e = new TrafficEntry(seq, now, dir, proto, local, remote, sizes[i], previews[i], "");
                ring[(int) ((seq - 1) % ring.length)] = e;
                if (recording != null) {
                    recording.offer(e);
                }
            }
        }
    }

    /**
     * Starts writing every new entry to a file (tab-separated, as {@link #writeTo}), so the full log survives even
     * though the ring keeps only the last entries. Replaces a recording in progress. The file is written by a thread
     * of its own ({@code traffic-recorder-<n>}); when it falls more than {@link #RECORDING_QUEUE} entries behind, the
     * entries past that are left out of the file, counted, and named in it, rather than slowing the traffic down.
     */
    public void startRecording(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        w.write(HEADER);
        Recording fresh;
        Recording old;
        synchronized (lock) {
            old = recording;
            fresh = new Recording(file, w, added);
            recording = fresh;
        }
        if (old != null) {
            old.finish();
        }
        fresh.thread.start();
    }

    /**
     * Stops recording and closes the file, after writing what is still queued (waiting at most two seconds for a
     * file that does not take it); returns how many entries the file holds (0 if none was recording).
     */
    public long stopRecording() {
        RecordingSummary s = finishRecording();
        return s == null ? 0 : s.written();
    }

    /**
     * Stops recording like {@link #stopRecording()} and says what the file holds and how many entries it left out
     * because it fell behind; null if none was recording.
     */
    public RecordingSummary finishRecording() {
        Recording r;
        synchronized (lock) {
            r = recording;
            recording = null;
        }
        return r == null ? null : r.finish();
    }

    /** The file being recorded to, or null. */
    public Path recordingFile() {
        synchronized (lock) {
            return recording == null ? null : recording.file;
        }
    }

    /** Entries left out of the recording in progress because its file fell behind; 0 when not recording. */
    public long recordingDropped() {
        synchronized (lock) {
            return recording == null ? 0 : recording.dropped;
        }
    }

    /**
     * One recording file and the thread that writes it. Thread-safe: entries are offered under the log's
     * {@code lock}; everything else about the file is confined to its writer thread.
     */
    private final class Recording {
        final Path file;
        final Thread thread;
        private final Writer out;
        private final ArrayBlockingQueue<TrafficEntry> queue = new ArrayBlockingQueue<>(RECORDING_QUEUE);
        /** Guarded by the log's {@code lock}: entries not queued because the queue was full. */
        long dropped;
        /** Written only by the writer thread. */
        private volatile long written;
        /** Confined to the writer thread: the last sequence number seen, to name the gaps that drops left. */
        private long lastSeq;
        /** Confined to the writer thread: how many dropped entries the gap lines written so far have named. */
        private long gapped;
        /** Set once the END marker is queued or the writer must give up. */
        private volatile boolean ending;

        Recording(Path file, Writer out, long lastSeq) {
            this.file = file;
            this.out = out;
            this.lastSeq = lastSeq;
            this.thread = new Thread(this::writeLoop, "traffic-recorder-" + RECORDINGS.incrementAndGet());
            thread.setDaemon(true);
        }

        /** Call only when holding the log's {@code lock}. Never waits. */
        void offer(TrafficEntry e) {
            if (!queue.offer(e)) {
                dropped++;
            }
        }

        private void writeLoop() {
            List<TrafficEntry> batch = new ArrayList<>(256);
            try {
                while (true) {
                    TrafficEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (ending && queue.isEmpty()) {
                            break;
                        }
                        continue;
                    }
                    batch.clear();
                    batch.add(first);
                    queue.drainTo(batch, 255);
                    boolean end = false;
                    for (TrafficEntry e : batch) {
                        if (e == END) {
                            end = true;
                            break;
                        }
                        if (e.seq() != lastSeq + 1) {
                            out.write(gapLine(e.seq() - 1 - lastSeq));
                            gapped += e.seq() - 1 - lastSeq;
                        }
                        out.write(line(e));
                        lastSeq = e.seq();
                        written++;
                    }
                    if (end) {
                        break;
                    }
                    if (queue.isEmpty()) {
                        // Flushed whenever it has caught up, so the file can be read while recording goes on.
                        out.flush();
                    }
                }
            } catch (InterruptedException | IOException e) {
                // Interrupted: the file stopped taking entries and stopping could wait no longer. IOException: a
                // full disk must not stop the listener; recording ends, and the summary counts what was left out.
            } finally {
                try {
                    long lost;
                    synchronized (lock) {
                        lost = dropped;
                    }
                    if (lost > gapped) {
                        // Dropped after the last entry written: the gap is at the end.
                        out.write(gapLine(lost - gapped));
                    }
                    if (lost > 0) {
                        out.write("# " + lost + " entries were not recorded: the file fell more than "
                                + RECORDING_QUEUE + " entries behind the traffic (a slow disk); the kept log and the "
                                + "table are not affected\n");
                    }
                    out.close();
                } catch (IOException e) {
                    // Already closed or the disk refuses; what was written stays.
                }
            }
        }

        /** Ends recording: no more entries are queued after this; waits for the file to take those that are. */
        RecordingSummary finish() {
            ending = true;
            queue.offer(END);
            try {
                thread.join(STOP_WAIT_MS);
                if (thread.isAlive()) {
                    // The file does not take bytes (a full pipe, a hung disk): interrupting closes it.
                    thread.interrupt();
                    thread.join(STOP_WAIT_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long lost;
            synchronized (lock) {
                lost = dropped;
            }
            long queuedButNotWritten = thread.isAlive() ? 0 : queue.stream().filter(e -> e != END).count();
            return new RecordingSummary(file, written, lost + queuedButNotWritten);
        }
    }

    private static String gapLine(long n) {
        return "# " + n + (n == 1 ? " entry was" : " entries were") + " not recorded here: the file fell behind the "
                + "traffic\n";
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
        synchronized (lock) {
            long seq = ++added;
            TrafficEntry e = new TrafficEntry(seq, now, dir, proto, local, remote, size, preview, note);
            ring[(int) ((seq - 1) % ring.length)] = e;
            if (recording != null) {
                recording.offer(e);
            }
        }
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
        AtomicFiles.writeVia(file, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("# StreamLab traffic log: " + entries.size() + " entries kept of " + total + " ("
                        + over + " older entries were counted but not kept)\n");
                w.write(HEADER);
                for (TrafficEntry e : entries) {
                    w.write(line(e));
                }
            }
        });
        return entries.size();
    }
}
