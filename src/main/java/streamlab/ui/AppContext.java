package streamlab.ui;

import com.google.common.util.concurrent.MoreExecutors;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.util.Callback;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What the views share: the output folder, the settings, the executors, and the resources to close when the window
 * goes away. Confined to the FX Application Thread, except {@link #fx()}, {@link #io(String)}, {@link #background()},
 * {@link #close()} and {@link #closed()}, which any thread may call.
 *
 * <p>The executor policy: code that touches controls or properties runs on {@link #fx()}; slow work of a tab runs on
 * that tab's {@link #io(String)} executor, one named daemon thread {@code <tab>-io}, so a tab's background tasks run
 * in the order it gave them. ViewModels get both through their constructors; tests pass {@code Runnable::run}.
 */
public final class AppContext implements AutoCloseable {

    /** How long {@link #close()} called off the FX thread waits for the frame timers to stop there. */
    private static final long FX_CLOSE_WAIT_SECONDS = 5;
    /** How long {@link #close()} called off the FX thread waits for a closer thread started earlier to finish. */
    private static final long CLOSER_WAIT_SECONDS = 10;

    private final Path outDir;
    private final Settings settings;
    private final Consumer<String> documentOpener;
    private final Executor fx = Platform::runLater;
    /** One sequential executor per tab id, created on first use and shut down by {@link #close()}. */
    /** Each tab's executor; creation and the shut-down at close are guarded by the map's own monitor. */
    private final Map<String, ExecutorService> io = new ConcurrentHashMap<>();
    /** Guarded by {@link #io}: set once close has taken the executors to shut down. */
    private boolean executorsClosed;
    /** Guarded by this context's monitor. */
    private final List<Runnable> fxClosers = new ArrayList<>();
    /** Guarded by this context's monitor. */
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private volatile Runnable exportRequest = () -> { };
    /** Completed when the last close has closed everything registered and shut the executors down. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    /**
     * @param outDir         where runs, screenshots and logs go
     * @param settings       persistent user settings
     * @param documentOpener opens a URI with the desktop (a folder, a file); tests pass a recorder
     */
    public AppContext(Path outDir, Settings settings, Consumer<String> documentOpener) {
        this.outDir = outDir.toAbsolutePath().normalize();
        this.settings = settings;
        this.documentOpener = documentOpener;
    }

    public Path outDir() {
        return outDir;
    }

    public Settings settings() {
        return settings;
    }

    /** Runs a task on the FX Application Thread ({@code Platform::runLater}). Thread-safe. */
    public Executor fx() {
        return fx;
    }

    /**
     * The sequential background executor of one tab: a named daemon thread {@code <tab>-io}, made on first use and
     * shut down when this context closes. Thread-safe.
     */
    public ExecutorService io(String tab) {
        synchronized (io) {
            return io.computeIfAbsent(tab, t -> {
                ExecutorService e = Executors.newSingleThreadExecutor(daemonThreads(t + "-io", false));
                if (executorsClosed) {
                    // Asked for after close: refuse its tasks rather than leave a thread nothing shuts down.
                    e.shutdown();
                }
                return e;
            });
        }
    }

    /** The window's own sequential executor ({@code window-io}): screenshots. Thread-safe. */
    public ExecutorService background() {
        return io("window");
    }

    /** Opens a file or folder with the desktop's default application. */
    public void open(Path path) {
        documentOpener.accept(path.toAbsolutePath().toUri().toString());
    }

    /** Registers something (an engine, a listener) to close when the application stops; closed in reverse order. */
    public synchronized void onClose(AutoCloseable closeable) {
        closeables.push(closeable);
    }

    /**
     * Registers a step that must run on the FX Application Thread before anything else closes, such as stopping a
     * frame timer: a timer that ticks after the executors shut down would hand them work they reject.
     */
    public synchronized void onCloseFx(Runnable step) {
        fxClosers.add(step);
    }

    /** Asks the window to export the selected tab's run (a tab's own Export button does this). */
    public void requestExport() {
        exportRequest.run();
    }

    /** What {@link #requestExport()} does: the window sets it to its export pipeline. */
    public void onExportRequest(Runnable action) {
        exportRequest = action;
    }

    /** Creates FXML controllers, passing this context to a constructor that takes it. */
    public Callback<Class<?>, Object> controllerFactory() {
        return type -> {
            try {
                for (Constructor<?> c : type.getConstructors()) {
                    if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == AppContext.class) {
                        return c.newInstance(this);
                    }
                }
                return type.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot create controller " + type.getName(), e);
            }
        };
    }

    /**
     * Stops the frame timers on the FX thread, then closes what was registered (newest first), then shuts the
     * executors down. Any thread may call it. Off the FX thread it returns when all that is done. On the FX thread
     * (App.stop, when the window closes) it stops the timers and returns at once: the rest runs on a non-daemon
     * {@code app-closer} thread, so the window goes away without waiting for engines to stop and the JVM exits once
     * they have; {@link #closed()} tells when.
     */
    @Override
    public void close() {
        stopOnFxThread();
        if (Platform.isFxApplicationThread()) {
            Thread closer = new Thread(this::closeRest, "app-closer");
            closer.setDaemon(false);
            closer.start();
            return;
        }
        closeRest();
        try {
            // A closer thread started earlier may still be closing what it took from the queue.
            closed.get(CLOSER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log().warn("Closing did not finish within {} s", CLOSER_WAIT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Completes when a {@link #close()} has closed everything registered and shut the executors down. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    private void closeRest() {
        try {
            closeRegisteredAndExecutors();
        } finally {
            closed.complete(null);
        }
    }

    private void closeRegisteredAndExecutors() {
        while (true) {
            AutoCloseable c;
            synchronized (this) {
                c = closeables.poll();
            }
            if (c == null) {
                break;
            }
            try {
                c.close();
            } catch (Exception e) {
                log().warn("Closing {} failed: {}", c, e.toString());
            }
        }
        List<ExecutorService> executors;
        synchronized (io) {
            executorsClosed = true;
            executors = List.copyOf(io.values());
        }
        // All at once, then each given its second: a slow one does not delay the others' shutdown.
        executors.forEach(ExecutorService::shutdown);
        executors.forEach(e -> MoreExecutors.shutdownAndAwaitTermination(e, Duration.ofSeconds(1)));
        settings.close();
    }

    private void stopOnFxThread() {
        List<Runnable> steps;
        synchronized (this) {
            steps = List.copyOf(fxClosers);
            fxClosers.clear();
        }
        if (steps.isEmpty()) {
            return;
        }
        if (Platform.isFxApplicationThread()) {
            runAll(steps);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        try {
            fx().execute(() -> {
                try {
                    runAll(steps);
                } finally {
                    done.countDown();
                }
            });
            if (!done.await(FX_CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log().warn("The FX thread did not stop the frame timers within {} s; closing anyway",
                        FX_CLOSE_WAIT_SECONDS);
            }
        } catch (IllegalStateException e) {
            // The FX toolkit has already exited: no timer can tick any more.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runAll(List<Runnable> steps) {
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log().warn("A close step on the FX thread failed: {}", e.toString());
            }
        }
    }

    /** A factory for named daemon threads: {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory daemonThreads(String prefix) {
        return daemonThreads(prefix, true);
    }

    /** A factory for named daemon threads, numbered ({@code prefix-1}, …) or, for a single thread, just {@code name}. */
    static ThreadFactory daemonThreads(String name, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, numbered ? name + "-" + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Looked up when first used, so that loading this class before the first frame does not start log4j. */
    private static Logger log() {
        return LogManager.getLogger(AppContext.class);
    }
}
