package streamlab.ui.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import streamlab.net.NetError;
import streamlab.net.TrafficEntry;
import streamlab.net.TrafficLog;

/**
 * Confined to the FX Application Thread; listener and connection threads only write into the {@link TrafficLog}, and
 * saving the log and opening and closing a recording's file run on the files executor given. The traffic table's
 * rows: drained from the log once a frame, filtered, counted, and handed to the live view during a flood.
 */
final class TrafficViewModel {

    /** The most rows the traffic table holds; older rows leave the table but stay counted. */
    static final int TABLE_MAX = 5_000;
    /** How many extra old rows leave at once when the table is full. */
    static final int TRIM_CHUNK = 1_000;
    /** The most rows added in one frame. */
    static final int ROWS_PER_FRAME = 250;
    static final String ALL_PROTOCOLS = "All protocols";
    static final String ALL_DIRECTIONS = "All directions";
    static final List<String> PROTOCOL_CHOICES = List.of(ALL_PROTOCOLS, "UDP", "TCP");
    static final List<String> DIRECTION_CHOICES = List.of(ALL_DIRECTIONS, "in", "out", "event");
    static final String LIVE_BANNER = "Live: the newest rows of a flood. Click here or Pause scroll to browse the "
            + "table.";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /** What the view does this frame, besides binding: draw the live view, or scroll the table to its end. */
    record Frame(boolean drawLive, boolean scrollToEnd, boolean connectionsDue) {
    }

    private final TrafficLog log;
    private final Path outDir;
    private final Executor fx;
    private final Executor files;
    private final StatusLine status;
    private final LongSupplier nanoTime;

    private final ObservableList<TrafficEntry> rows = FXCollections.observableArrayList();
    private final FilteredList<TrafficEntry> filtered = new FilteredList<>(rows);
    /** What the table shows: the filtered rows, except during the live view, when it keeps the rows it had. */
    private final ObservableList<TrafficEntry> tableRows = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper(this, "total");
    private final ReadOnlyLongWrapper notShown = new ReadOnlyLongWrapper(this, "notShown");
    private final StringProperty protocolFilter = new SimpleStringProperty(this, "protocolFilter", ALL_PROTOCOLS);
    private final StringProperty directionFilter = new SimpleStringProperty(this, "directionFilter", ALL_DIRECTIONS);
    private final StringProperty textFilter = new SimpleStringProperty(this, "textFilter", "");
    private final BooleanProperty pauseScroll = new SimpleBooleanProperty(this, "pauseScroll");
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper(this, "live");
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper(this, "banner", LIVE_BANNER);
    private final ReadOnlyStringWrapper countText = new ReadOnlyStringWrapper(this, "countText", "");
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper(this, "recording");
    /** What was asked last; {@link #recording} follows once the file is open or complete. */
    private boolean recordingWanted;
    /**
     * The last start or stop of a recording and its report: the next one runs after it, so a start and a stop never
     * overtake each other on a files executor with many threads.
     */
    private CompletableFuture<Void> recordingOps = CompletableFuture.completedFuture(null);
    private final FloodDetector flood = new FloodDetector();

    private long lastSeq;
    private int frameCount;
    /** True while drains bring many rows: the table then takes new rows only every fourth frame. */
    private boolean flooding;
    private boolean pendingScroll;
    /** The live view's picture no longer matches the rows (filter changed, table cleared). */
    private boolean liveStale;
    private long rateMark;
    private long rateMarkNanos;

    /**
     * @param fx       runs a save's result on the FX thread
     * @param files    writes the saved log
     * @param status   where recording and saving report
     * @param nanoTime the clock of the live view's rate
     */
    TrafficViewModel(TrafficLog log, Path outDir, Executor fx, Executor files, StatusLine status,
            LongSupplier nanoTime) {
        this.log = log;
        this.outDir = outDir;
        this.fx = fx;
        this.files = files;
        this.status = status;
        this.nanoTime = nanoTime;
        Bindings.bindContent(tableRows, filtered);
        protocolFilter.addListener((o, a, b) -> refilter());
        directionFilter.addListener((o, a, b) -> refilter());
        textFilter.addListener((o, a, b) -> refilter());
    }

    TrafficLog log() {
        return log;
    }

    /** Every row kept, oldest first, at most {@link #TABLE_MAX}. */
    ObservableList<TrafficEntry> rows() {
        return rows;
    }

    /** The rows the filters let through; the live view draws from them. */
    FilteredList<TrafficEntry> filtered() {
        return filtered;
    }

    /** The table's items: the filtered rows, frozen while the live view stands in for the table. */
    ObservableList<TrafficEntry> tableRows() {
        return tableRows;
    }

    /** Entries the log has seen since the tab opened. */
    ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** Entries that are counted but no longer in the table (overwritten in the ring, or trimmed from the table). */
    ReadOnlyLongProperty notShownProperty() {
        return notShown.getReadOnlyProperty();
    }

    StringProperty protocolFilterProperty() {
        return protocolFilter;
    }

    StringProperty directionFilterProperty() {
        return directionFilter;
    }

    StringProperty textFilterProperty() {
        return textFilter;
    }

    /** On: the table stops following the newest row, and the live view ends. */
    BooleanProperty pauseScrollProperty() {
        return pauseScroll;
    }

    /** True while the live view stands in for the table during a flood. */
    ReadOnlyBooleanProperty liveProperty() {
        return live.getReadOnlyProperty();
    }

    /** The live view's strip, with the arrival rate once it is known. */
    ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    /** The line under the table: rows shown, kept, seen and dropped. */
    ReadOnlyStringProperty countTextProperty() {
        return countText.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty recordingProperty() {
        return recording.getReadOnlyProperty();
    }

    boolean isLive() {
        return live.get();
    }

    private void refilter() {
        String proto = protocolFilter.get();
        String dir = directionFilter.get();
        String needle = textFilter.get() == null ? "" : textFilter.get().strip().toLowerCase(Locale.ROOT);
        filtered.setPredicate(e -> (proto == null || proto.equals(ALL_PROTOCOLS) || e.protocol().name().equals(proto))
                && (dir == null || dir.equals(ALL_DIRECTIONS) || e.direction().label().equals(dir))
                && (needle.isEmpty() || e.text().toLowerCase(Locale.ROOT).contains(needle)
                        || e.from().contains(needle) || e.to().contains(needle)));
        liveStale = true;
    }

    /** Log entries that arrived since the last {@link #drain()}. */
    long pending() {
        return log.total() - lastSeq;
    }

    /**
     * Copies new log entries into the rows: at most {@link #ROWS_PER_FRAME} a call and {@link #TABLE_MAX} in all.
     * Call at most once per frame.
     *
     * @return how many rows were added
     */
    int drain() {
        // Under a flood nobody can read thousands of new rows a frame; the newest few hundred keep the table live
        // while the frame stays short. The rest are counted.
        TrafficLog.Batch batch = log.since(lastSeq, ROWS_PER_FRAME);
        lastSeq = batch.lastSeq();
        List<TrafficEntry> fresh = batch.entries();
        long skipped = batch.missed();
        // Trim in chunks: removing rows at the front makes the table re-lay out its cells, so do it rarely.
        int overflow = rows.size() + fresh.size() - TABLE_MAX;
        if (overflow > 0) {
            int trim = Math.min(rows.size(), overflow + TRIM_CHUNK);
            rows.remove(0, trim);
            skipped += trim;
        }
        if (!fresh.isEmpty()) {
            rows.addAll(fresh);
        }
        notShown.set(notShown.get() + skipped);
        total.set(log.total());
        return fresh.size();
    }

    /**
     * Once per frame: drains the log into the rows and decides what the view refreshes.
     *
     * <p>Under a flood the table would spend more than a frame re-laying out its cells each time rows arrive, so
     * while rows pour in and scrolling follows them, the live view draws the newest rows instead and the table
     * rests. Rows keep going into the list all the while; the table shows them all when the flood ends.
     */
    Frame frame() {
        boolean following = !pauseScroll.get();
        if (flood.beforeDrain(pending(), following) && !live.get()) {
            startLive();
        }
        int added = 0;
        // The table takes new rows at most every fourth frame when busy; the live view every frame.
        if (live.get() || !flooding || frameCount % 4 == 0) {
            added = drain();
            flooding = added >= ROWS_PER_FRAME / 2;
            flood.drained(added);
        }
        if (!flood.settle(following) && live.get()) {
            stopLive();
        }
        boolean drawLive = false;
        boolean scroll = false;
        if (live.get()) {
            // Thirty pictures a second are plenty for rows nobody can read one by one; the frames between stay short.
            if (added > 0 && frameCount % 2 == 0 || liveStale) {
                liveStale = false;
                drawLive = true;
            }
            showRate();
        } else {
            if (added > 0) {
                pendingScroll = true;
            }
            if (pendingScroll && (!flooding || frameCount % 4 == 0)) {
                pendingScroll = false;
                scroll = following && !filtered.isEmpty();
            }
        }
        if (frameCount % 10 == 0) {
            countText.set(String.format(Locale.ROOT, "%,d rows shown of %,d in the table \u00b7 %,d entries in "
                    + "all \u00b7 %,d counted but not kept", filtered.size(), rows.size(), total.get(),
                    notShown.get()));
        }
        return new Frame(drawLive, scroll, frameCount++ % 15 == 0);
    }

    private void startLive() {
        rateMark = total.get();
        rateMarkNanos = nanoTime.getAsLong();
        banner.set(LIVE_BANNER);
        // Its rows frozen, the table does no work for rows it could not show in time anyway.
        Bindings.unbindContent(tableRows, filtered);
        live.set(true);
    }

    private void stopLive() {
        // One change brings the table up to date: it keeps its cells, so this costs about one refresh.
        Bindings.bindContent(tableRows, filtered);
        live.set(false);
    }

    /**
     * Puts the arrival rate in the live view's strip, once a second: the listener takes datagrams in bursts when the
     * machine is busy, so a shorter window would jump around.
     */
    private void showRate() {
        long now = nanoTime.getAsLong();
        if (now - rateMarkNanos < 1_000_000_000L) {
            return;
        }
        long perSecond = (total.get() - rateMark) * 1_000_000_000L / (now - rateMarkNanos);
        rateMark = total.get();
        rateMarkNanos = now;
        banner.set(String.format(Locale.ROOT, "Live: the newest rows of a flood (%,d entries/s). Click here or "
                + "Pause scroll to browse the table.", perSecond));
    }

    /** Empties the table and the log's kept entries. */
    void clear() {
        log.clear();
        lastSeq = log.total();
        rows.clear();
        notShown.set(0);
        liveStale = true;
    }

    /** Writes the kept log to out/sockets/traffic-TIME.tsv; the status says where, or what went wrong. */
    CompletableFuture<Integer> save() {
        Path file = outDir.resolve("sockets").resolve("traffic-" + STAMP.format(LocalDateTime.now()) + ".tsv");
        CompletableFuture<Integer> saved = save(file);
        saved.whenComplete((n, error) -> fx.execute(() -> {
            if (error == null) {
                status.ok("Saved " + n + " log entries to " + file);
            } else {
                status.error(SocketsInputs.describe(error));
            }
        }));
        return saved;
    }

    /** Writes the kept log to a file on the files executor; completes with the number of entries. */
    CompletableFuture<Integer> save(Path file) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return log.writeTo(file);
            } catch (IOException e) {
                throw new NetError(NetError.Kind.OTHER, "Could not save the log to " + file + ": " + e.getMessage()
                        + ". Check that the folder is writable.", e);
            }
        }, files);
    }

    /**
     * Starts writing every new entry to out/sockets/traffic-full-TIME.tsv, or stops and says how many were written.
     * Opening and closing the file run on the files executor, one after another in the order asked; {@link
     * #recordingProperty()} turns on once the file is open and off once it is complete. A file that cannot be created
     * leaves recording off, with the reason in the status.
     */
    void setRecording(boolean on) {
        if (on == recordingWanted) {
            return;
        }
        recordingWanted = on;
        if (on) {
            Path file = outDir.resolve("sockets").resolve("traffic-full-" + STAMP.format(LocalDateTime.now())
                    + ".tsv");
            afterRecordingOps(() -> {
                try {
                    log.startRecording(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return file;
            }, files, (f, error) -> {
                if (error == null) {
                    recording.set(true);
                    status.ok("Recording every entry to " + file);
                } else {
                    recordingWanted = false;
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    String why = cause instanceof UncheckedIOException u ? u.getCause().getMessage()
                            : cause.getMessage();
                    status.error("Could not record to " + file + ": " + why + ". Check that the folder is writable.");
                }
            });
        } else {
            afterRecordingOps(log::stopRecording, files, (n, error) -> {
                recording.set(false);
                if (error == null) {
                    status.ok("Recording stopped: " + n + " entries written.");
                } else {
                    status.error("Recording stopped, but its file may be incomplete: " + error.getMessage() + ".");
                }
            });
        }
    }

    /** Runs {@code op} on {@code executor} after the earlier start or stop, then {@code done} on the FX thread. */
    private <T> void afterRecordingOps(Supplier<T> op, Executor executor, BiConsumer<T, Throwable> done) {
        recordingOps = recordingOps.handle((x, e) -> null)
                .thenApplyAsync(x -> op.get(), executor)
                .whenCompleteAsync(done, fx)
                .handle((x, e) -> null);
    }

    /**
     * Stops recording, so the file is complete: after a start still under way, on the files executor, or on the
     * calling thread when that executor has been shut down.
     */
    void close() {
        recordingWanted = false;
        Executor filesOrHere = r -> {
            try {
                files.execute(r);
            } catch (RejectedExecutionException e) {
                r.run();
            }
        };
        recordingOps = recordingOps.handle((x, e) -> null).thenRunAsync(log::stopRecording, filesOrHere);
    }
}
