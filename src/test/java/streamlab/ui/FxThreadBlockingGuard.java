package streamlab.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingMethod;
import org.apache.logging.log4j.LogManager;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Thread-safe. Makes the house rule "the FX Application Thread never blocks" a test failure: BlockHound, installed once
 * per test JVM, reports every blocking call made on the FX thread, and the guard keeps those that StreamLab code made
 * until {@link #assertNoViolations()} (called after each UI test by {@link FxThreadBlockingExtension}) fails the test.
 *
 * <p>Violations are recorded rather than thrown: a {@code BlockingOperationError} thrown on the FX thread would reach
 * JavaFX's uncaught handler, which prints it and goes on, and it would break the event handler half-way, so a test
 * could still pass. Recording lets the blocking call finish and fails the test afterwards, naming the call and its
 * stack.
 *
 * <p>Only the FX thread is marked non-blocking, so every other thread (engines, executors, the test thread, non-UI
 * tests) runs as before.
 */
public final class FxThreadBlockingGuard {

    /** JavaFX names its one application thread so on every platform, Monocle included. */
    public static final String FX_THREAD = "JavaFX Application Thread";

    /** Blocking calls are allowed inside {@code className.method} (and whatever it calls), for the reason given. */
    record Allowance(String className, String method, String reason) {
    }

    /**
     * KNOWN_FX_BLOCKERS: blocking calls on the FX thread in StreamLab code outside this guard's area, allowed only
     * until their owners' fixes are merged. Remove an entry with its fix: the guard then fails if the fix did not
     * take. The reason names the owning area and what blocks.
     */
    static final List<Allowance> KNOWN_FX_BLOCKERS = List.of();

    /**
     * JavaFX, JDK and logging calls that block on the FX thread by design, where StreamLab has no non-blocking
     * alternative. Keep them precise (one method), so a StreamLab call elsewhere is still caught.
     */
    static final List<Allowance> ALLOWED = List.of(
            new Allowance("streamlab.ui.shell.FrameTimerCloseTest$1", "handle", "the test holds one frame open on "
                    + "purpose, to close the window from another thread in the middle of it"),
            new Allowance("javafx.fxml.FXMLLoader", "load", "reads the FXML and the classes it names from the class "
                    + "path: the same kind of local read as class loading, once when a tab is built"),
            new Allowance("com.sun.javafx.css.StyleManager", "loadStylesheet", "reads a bundled stylesheet once; "
                    + "JavaFX caches it"),
            new Allowance("com.sun.javafx.css.StyleManager", "calculateCheckSum", "JavaFX checksums a stylesheet "
                    + "that is a plain file (target/classes in tests) to notice edits; never for one in a jar"),
            new Allowance("com.sun.javafx.font.FontFileReader", "readBlock", "JavaFX reads a font's tables lazily, "
                    + "the first time text in that font is measured"),
            new Allowance("com.sun.glass.utils.NativeLibLoader", "loadLibraryInternal", "unpacks JavaFX's native "
                    + "libraries once, when the toolkit starts"),
            new Allowance("java.util.ResourceBundle", "getBundleImpl", "JavaFX's own texts (menus, window "
                    + "strings): class-path bundles read once and cached, like class loading"),
            new Allowance("java.awt.Toolkit", "initAssistiveTechnologies", "AWT reads its accessibility "
                    + "properties once, the first time SwingFXUtils makes a BufferedImage"),
            new Allowance("com.sun.javafx.tk.quantum.QuantumToolkit", "renderToImage", "Node.snapshot and "
                    + "Scene.snapshot wait for the render thread by contract; screenshots need them"),
            new Allowance("com.sun.javafx.tk.quantum.PaintCollector", "waitForRenderingToComplete", "Scene.snapshot "
                    + "first waits for the frame being rendered, by contract"),
            new Allowance("com.sun.javafx.tk.quantum.QuantumToolkit", "runWithRenderLock", "JavaFX's lock between "
                    + "the FX and render threads, held for a frame at most"),
            new Allowance("org.apache.logging.log4j.core.config.AppenderControl", "callAppender", "logging on the "
                    + "FX thread is accepted: a line per user action, appended to a local file"));

    /** File-system calls that the JDK's NIO makes and BlockHound does not list: each may wait on a slow disk. */
    private static final String[][] NIO_FILE_CALLS = {
        {"sun.nio.ch.FileDispatcherImpl", "read0", "(Ljava/io/FileDescriptor;JI)I"},
        {"sun.nio.ch.FileDispatcherImpl", "pread0", "(Ljava/io/FileDescriptor;JIJ)I"},
        {"sun.nio.ch.FileDispatcherImpl", "write0", "(Ljava/io/FileDescriptor;JI)I"},
        {"sun.nio.ch.FileDispatcherImpl", "pwrite0", "(Ljava/io/FileDescriptor;JIJ)I"},
        {"sun.nio.ch.FileDispatcherImpl", "force0", "(Ljava/io/FileDescriptor;Z)I"},
        {"sun.nio.fs.UnixNativeDispatcher", "open0", "(JII)I"},
        {"sun.nio.fs.UnixNativeDispatcher", "rename0", "(JJ)V"},
        {"sun.nio.fs.UnixNativeDispatcher", "mkdir0", "(JI)V"},
    };

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final Queue<String> VIOLATIONS = new ConcurrentLinkedQueue<>();

    private FxThreadBlockingGuard() {
    }

    /**
     * Starts the FX toolkit if it is not running and installs BlockHound with the FX thread marked non-blocking; later
     * calls do nothing. BlockHound decides once per thread, at the thread's first blocking call, whether it watches
     * it, by the thread's name at that moment; starting the toolkit first lets the guard check that name, so a guard
     * that would watch nothing fails loudly instead of passing every test.
     */
    public static synchronized void install() {
        if (INSTALLED.get()) {
            return;
        }
        try {
            FxToolkit.registerPrimaryStage();
            String name = WaitForAsyncUtils.asyncFx(() -> Thread.currentThread().getName()).get(20, TimeUnit.SECONDS);
            if (!FX_THREAD.equals(name)) {
                throw new IllegalStateException("The FX thread is named '" + name + "', not '" + FX_THREAD
                        + "': the blocking guard would not watch it");
            }
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("The FX toolkit did not start: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the FX toolkit", e);
        }
        // log4j starts once per JVM, at the first logger, reading its configuration, plugin and service files: a
        // start-up cost like class loading, not a freeze in use. Started here, so that it never lands on whichever
        // test first builds a class with a logger on the FX thread.
        LogManager.getLogger(FxThreadBlockingGuard.class);
        BlockHound.install(new Integration());
        INSTALLED.set(true);
    }

    /** Whether {@link #install()} has run in this JVM. */
    public static boolean installed() {
        return INSTALLED.get();
    }

    /** The violations recorded since the last call, each with the blocking method and the stack that called it. */
    public static List<String> drainViolations() {
        List<String> out = new ArrayList<>();
        for (String v; (v = VIOLATIONS.poll()) != null; ) {
            out.add(v);
        }
        return out;
    }

    /** Fails when StreamLab code blocked the FX thread since the last check, and clears the record. */
    public static void assertNoViolations() {
        List<String> found = drainViolations();
        if (!found.isEmpty()) {
            throw new AssertionError("StreamLab code blocked the FX Application Thread " + found.size()
                    + " time(s); move the call to a background executor:\n" + String.join("\n", found));
        }
    }

    /** Records a blocking call when a StreamLab frame is on the stack; JavaFX's own waits are not ours to fix. */
    static void record(BlockingMethod method) {
        // Most blocking calls on the FX thread are JavaFX's own (its queue, CSS and font reads); the stack walker
        // stops at the first StreamLab frame and skips the full stack trace for those.
        boolean ours = StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().startsWith("streamlab.") && !isGuard(f.getClassName())));
        if (!ours) {
            return;
        }
        StackTraceElement[] stack = new Throwable().getStackTrace();
        StackTraceElement culprit = null;
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith("streamlab.") && !isGuard(e.getClassName())) {
                culprit = e;
                break;
            }
        }
        StringBuilder sb = new StringBuilder("Blocking call " + method + " from " + culprit + "\n");
        boolean inBlockHound = true;
        for (StackTraceElement e : stack) {
            // The frames above the blocking method are BlockHound's and the guard's own.
            if (inBlockHound && (e.getClassName().startsWith("reactor.blockhound") || isGuard(e.getClassName()))) {
                continue;
            }
            inBlockHound = false;
            sb.append("\tat ").append(e).append('\n');
        }
        VIOLATIONS.add(sb.toString());
    }

    private static boolean isGuard(String className) {
        String guard = FxThreadBlockingGuard.class.getName();
        return className.equals(guard) || className.startsWith(guard + "$");
    }

    private static final class Integration implements BlockHoundIntegration {
        @Override
        public void applyTo(BlockHound.Builder builder) {
            builder.nonBlockingThreadPredicate(p -> p.or(t -> FX_THREAD.equals(t.getName())));
            for (String[] m : NIO_FILE_CALLS) {
                builder.markAsBlocking(m[0], m[1], m[2]);
            }
            for (Allowance a : ALLOWED) {
                builder.allowBlockingCallsInside(a.className(), a.method());
            }
            for (Allowance k : KNOWN_FX_BLOCKERS) {
                builder.allowBlockingCallsInside(k.className(), k.method());
            }
            builder.blockingMethodCallback(FxThreadBlockingGuard::record);
        }
    }
}
