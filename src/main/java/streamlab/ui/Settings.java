package streamlab.ui;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.beans.value.ObservableValue;
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
        return new Settings(userNode());
    }

    /**
     * Reads the user's stored settings into memory, so that {@link #forUser()} later finds them read: the launcher
     * calls this on its {@code preload} thread while JavaFX starts, since the store is an XML file whose parser
     * alone costs the FX thread a few hundred classes. Any thread.
     */
    public static void preloadUserNode() {
        try {
            userNode().keys();
        } catch (BackingStoreException | IllegalStateException e) {
            // Only a head start: forUser() reads the node itself and reports a real problem there.
        }
    }

    private static Preferences userNode() {
        return Preferences.userRoot().node(System.getProperty("streamlab.prefs.node", "streamlab"));
    }

    /**
     * Immutable: one stored setting, with its name, the value used when nothing (or nothing readable) is stored, and
     * how its value is read from and written to text. Each tab declares its keys in one place; the names are the ones
     * stored since the first release, so changing one loses the users' setting.
     *
     * @param name          the preference name
     * @param defaultValue  the value when none is stored, or the stored text does not parse
     * @param parser        reads the stored text; throws a {@link RuntimeException} when it does not make sense
     * @param formatter     writes a value (never given null)
     */
    public record Key<T>(String name, T defaultValue, Function<String, T> parser, Function<T, String> formatter) {

        public static Key<String> ofString(String name, String def) {
            return new Key<>(name, def, text -> text, text -> text);
        }

        /**
         * Text that is kept only when {@code check} reads it without throwing (the parser the tab uses anyway). It has
         * no default of its own: the tab reads it with {@link #getOr}, so its field keeps its starting value.
         */
        public static Key<String> ofText(String name, Consumer<String> check) {
            return new Key<>(name, null, text -> {
                check.accept(text);
                return text;
            }, text -> text);
        }

        public static Key<Boolean> ofBoolean(String name, boolean def) {
            return new Key<>(name, def, Key::parseBoolean, String::valueOf);
        }

        public static Key<Integer> ofInt(String name, int def) {
            return new Key<>(name, def, text -> Integer.parseInt(text), String::valueOf);
        }

        public static Key<Double> ofDouble(String name, double def) {
            return new Key<>(name, def, text -> Double.parseDouble(text), String::valueOf);
        }

        /** A constant stored by name; a name that is no longer a constant reads as the default. */
        public static <E extends Enum<E>> Key<E> ofEnum(String name, E def) {
            return new Key<>(name, def, text -> Enum.valueOf(def.getDeclaringClass(), text), Enum::name);
        }

        /** As {@link Preferences#getBoolean}: "true" or "false" in any case, anything else does not parse. */
        private static Boolean parseBoolean(String text) {
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.valueOf(text);
            }
            throw new IllegalArgumentException("not a flag: " + text);
        }
    }

    /** The stored value, or the key's default when none is stored or the stored text no longer parses. */
    public <T> T get(Key<T> key) {
        return getOr(key, key.defaultValue());
    }

    /** The stored value, or {@code fallback} (for a tab, often its field's current value) when there is none. */
    public <T> T getOr(Key<T> key, T fallback) {
        String v = node.get(key.name(), null);
        if (v == null) {
            return fallback;
        }
        try {
            return key.parser().apply(v);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /**
     * Stores a value; null stores an empty string, as a cleared text field does. The value already stored schedules
     * no write (the window puts its theme and zoom back as it opens).
     */
    public <T> void put(Key<T> key, T value) {
        String text = value == null ? "" : key.formatter().apply(value);
        if (text.equals(node.get(key.name(), null))) {
            return;
        }
        node.put(key.name(), text);
        changed();
    }

    /** Stores the value under {@code key} each time it changes. */
    public <T> void track(Key<T> key, ObservableValue<? extends T> value) {
        value.addListener((o, a, b) -> put(key, b));
    }

    private static final Key<String> REPORT_NAME = Key.ofString("report.name", "");
    private static final Key<String> REPORT_COURSE = Key.ofString("report.course", "");
    private static final Key<String> REPORT_ASSIGNMENT = Key.ofString("report.assignment", "");

    /** The report header (name, course, assignment) set in File → Report header. */
    public ReportHeader reportHeader() {
        return new ReportHeader(get(REPORT_NAME), get(REPORT_COURSE), get(REPORT_ASSIGNMENT));
    }

    /** Stores the report header. */
    public void putReportHeader(ReportHeader header) {
        put(REPORT_NAME, header.name());
        put(REPORT_COURSE, header.course());
        put(REPORT_ASSIGNMENT, header.assignment());
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
            log().warn("Could not save settings: {}", e.getMessage());
        }
    }

    /** Removes every stored setting. */
    public void clear() {
        try {
            node.clear();
        } catch (BackingStoreException e) {
            log().warn("Could not clear settings: {}", e.getMessage());
        }
    }

    /** Looked up when first used, so that loading this class before the first frame does not start log4j. */
    private static Logger log() {
        return LogManager.getLogger(Settings.class);
    }
}
