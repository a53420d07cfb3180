package streamlab.ui;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.util.Callback;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What the views share: the output folder, the settings, a background executor for I/O, and the resources to close
 * when the window goes away. Confined to the FX Application Thread, except {@link #background()}.
 */
public final class AppContext implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(AppContext.class);

    private final Path outDir;
    private final Settings settings;
    private final Consumer<String> documentOpener;
    private final ExecutorService background;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    /**
     * @param outDir         where runs, screenshots and logs go
     * @param settings       persistent user settings
     * @param documentOpener opens a URI with the desktop (a folder, a file); tests pass a recorder
     */
    public AppContext(Path outDir, Settings settings, Consumer<String> documentOpener) {
        this.outDir = outDir.toAbsolutePath().normalize();
        this.settings = settings;
        this.documentOpener = documentOpener;
        this.background = Executors.newCachedThreadPool(daemonThreads("ui-io"));
    }

    public Path outDir() {
        return outDir;
    }

    public Settings settings() {
        return settings;
    }

    /** Runs slow work (file writes, image encoding) off the FX thread. Thread-safe. */
    public ExecutorService background() {
        return background;
    }

    /** Opens a file or folder with the desktop's default application. */
    public void open(Path path) {
        documentOpener.accept(path.toAbsolutePath().toUri().toString());
    }

    /** Registers something (an engine, a listener) to close when the application stops; closed in reverse order. */
    public void onClose(AutoCloseable closeable) {
        closeables.push(closeable);
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

    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", c, e.toString());
            }
        }
        background.shutdown();
        try {
            if (!background.awaitTermination(1, TimeUnit.SECONDS)) {
                background.shutdownNow();
            }
        } catch (InterruptedException e) {
            background.shutdownNow();
            Thread.currentThread().interrupt();
        }
        settings.close();
    }

    /** A factory for named daemon threads: {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
