package streamlab.ui;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import streamlab.report.ReportHeader;

/**
 * Settings that persist between runs (window bounds, theme, and whatever the tabs store). Thread-safe: backed by
 * {@link Preferences}, which is. A change reaches disk within about a second ({@link #FLUSH_DELAY_MS}), so a process
 * that is killed loses at most the last second's changes, not the 30 s that {@code Preferences} waits by itself.
 * The disk is only ever written on the {@code settings-flush} thread (or, once closed, on a thread of its own), never
 * on the caller's: the FX thread stores settings and asks for flushes, and must not wait for a disk.
 */
public final class Settings implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(Settings.class);
    /** How long a change may wait before it is written; changes within it are written together. */
    static final long FLUSH_DELAY_MS = 1_000;

    private final Preferences node;
    private final AtomicBoolean flushPending = new AtomicBoolean();
    /** Created at the first change; guarded by {@code this}. */
    private ScheduledExecutorService flusher;
    /** Guarded by {@code this}. */
    private boolean closed;

    public Settings(Preferences node) {
        this.node = node;
    }

    /** The user's settings; {@code -Dstreamlab.prefs.node} picks another node (tests use their own). */
    public static Settings forUser() {
        return new Settings(Preferences.userRoot().node(System.getProperty("streamlab.prefs.node", "streamlab")));
    }

    public String get(String key, String def) {
        return node.get(key, def);
    }

    public void put(String key, String value) {
        node.put(key, value);
        changed();
    }

    public boolean getBoolean(String key, boolean def) {
        return node.getBoolean(key, def);
    }

    public void putBoolean(String key, boolean value) {
        node.putBoolean(key, value);
        changed();
    }

    public int getInt(String key, int def) {
        return node.getInt(key, def);
    }

    public void putInt(String key, int value) {
        node.putInt(key, value);
        changed();
    }

    public double getDouble(String key, double def) {
        return node.getDouble(key, def);
    }

    public void putDouble(String key, double value) {
        node.putDouble(key, value);
        changed();
    }

    /** A stored enum constant, or {@code def} when none is stored or the stored name is no longer a constant. */
    public <E extends Enum<E>> E getEnum(String key, E def) {
        try {
            return Enum.valueOf(def.getDeclaringClass(), node.get(key, def.name()));
        } catch (IllegalArgumentException e) {
            return def;
        }
    }

    /** A stored number, or empty when it was never stored. */
    public Optional<Double> optDouble(String key) {
        String v = node.get(key, null);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The report header (name, course, assignment) set in File → Report header. */
    public ReportHeader reportHeader() {
        return new ReportHeader(get("report.name", ""), get("report.course", ""), get("report.assignment", ""));
    }

    /** Stores the report header. */
    public void putReportHeader(ReportHeader header) {
        put("report.name", header.name());
        put("report.course", header.course());
        put("report.assignment", header.assignment());
    }

    /**
     * The stored text when {@code parse} reads it without throwing, otherwise {@code def}: a stale setting never
     * breaks a tab, and the check is the parser the tab uses anyway.
     */
    public String getParsed(String key, java.util.function.Consumer<String> parse, String def) {
        return getValid(key, text -> {
            try {
                parse.accept(text);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }, def);
    }

    /** The stored text when {@code valid} accepts it, otherwise {@code def}: a stale setting never breaks a tab. */
    public String getValid(String key, java.util.function.Predicate<String> valid, String def) {
        String v = node.get(key, null);
        return v != null && valid.test(v) ? v : def;
    }

    /** Stores the value under {@code key} each time it changes, an empty string for null. */
    public void track(String key, javafx.beans.value.ObservableValue<String> value) {
        value.addListener((o, a, b) -> put(key, b == null ? "" : b));
    }

    /** Stores the flag under {@code key} each time it changes. */
    public void trackFlag(String key, javafx.beans.value.ObservableValue<Boolean> value) {
        value.addListener((o, a, b) -> putBoolean(key, Boolean.TRUE.equals(b)));
    }

    /** Stores the constant's name under {@code key} each time it changes. */
    public <E extends Enum<E>> void trackEnum(String key, javafx.beans.value.ObservableValue<E> value) {
        value.addListener((o, a, b) -> put(key, b == null ? "" : b.name()));
    }

    /** Schedules one write for the changes of the next second. */
    private void changed() {
        if (!flushPending.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (closed) {
                flushPending.set(false);
                return;
            }
            try {
                writer().schedule(() -> {
                    flushPending.set(false);
                    write();
                }, FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                flushPending.set(false);
            }
        }
    }

    /**
     * Stops the writer thread and writes what is pending. On the FX Application Thread (the window closing) the write
     * runs on a thread of its own, which is not a daemon, so the JVM still waits for it before it exits; elsewhere it
     * runs before this returns. Later changes are written by {@link #flush()} only.
     */
    @Override
    public void close() {
        ScheduledExecutorService f;
        synchronized (this) {
            closed = true;
            f = flusher;
            flusher = null;
        }
        // Flushes asked for but not yet run still complete their futures, after the final write.
        List<Runnable> dropped = f == null ? List.of() : f.shutdownNow();
        writeAfterClose(new CompletableFuture<>(), dropped);
    }

    /**
     * Asks for the settings to be written now, and returns at once: the write runs on the {@code settings-flush}
     * thread, or as {@link #close()} writes once closed. The future completes when they are written; failures are
     * logged, never thrown, since settings are a convenience. May be invoked on any thread.
     */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> written = new CompletableFuture<>();
        synchronized (this) {
            if (!closed) {
                try {
                    writer().execute(() -> {
                        write();
                        written.complete(null);
                    });
                    return written;
                } catch (RejectedExecutionException e) {
                    // Closed in the meantime: written below, as after a close.
                }
            }
        }
        writeAfterClose(written, List.of());
        return written;
    }

    /** Call only when holding {@code this}. */
    private ScheduledExecutorService writer() {
        if (flusher == null) {
            flusher = Executors.newSingleThreadScheduledExecutor(AppContext.daemonThreads("settings-flush"));
        }
        return flusher;
    }

    private void writeAfterClose(CompletableFuture<Void> written, List<Runnable> dropped) {
        Runnable write = () -> {
            write();
            written.complete(null);
            dropped.forEach(Runnable::run);
        };
        if (javafx.application.Platform.isFxApplicationThread()) {
            new Thread(write, "settings-flush-final").start();
        } else {
            write.run();
        }
    }

    /** Writes the settings to disk on the calling thread, which is never the FX thread. */
    private void write() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            LOG.warn("Could not save settings: {}", e.getMessage());
        }
    }

    /** Removes every stored setting. */
    public void clear() {
        try {
            node.clear();
        } catch (BackingStoreException e) {
            LOG.warn("Could not clear settings: {}", e.getMessage());
        }
    }
}
