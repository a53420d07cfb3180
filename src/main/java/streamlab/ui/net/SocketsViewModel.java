package streamlab.ui.net;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.collections.ObservableList;
import streamlab.net.Protocol;
import streamlab.net.TcpServer;
import streamlab.net.TrafficEntry;
import streamlab.net.TrafficLog;
import streamlab.report.ReportHeader;
import streamlab.ui.AppContext;
import streamlab.ui.LabTab;
import streamlab.ui.Settings;
import streamlab.ui.export.ExportBundle;

/**
 * Confined to the FX Application Thread, except {@link #close()}, which any thread may call. The Sockets tab's
 * state, as four ViewModels that share one traffic log: {@link #listeners()}, {@link #send()},
 * {@link #experiment()} and {@link #traffic()}.
 *
 * <p>Blocking work goes to injected executors: sends and TCP connects to a sequential background executor, the
 * experiment to its own, saving the log to a third. Results come back through the FX executor. In tests all of them
 * may be direct ({@code Runnable::run}).
 */
public final class SocketsViewModel implements LabTab.Controls, AutoCloseable {

    /** The most rows the traffic table holds; older rows leave the table but stay counted. */
    public static final int TABLE_MAX = TrafficViewModel.TABLE_MAX;
    /** The most rows added in one frame. */
    public static final int ROWS_PER_FRAME = TrafficViewModel.ROWS_PER_FRAME;

    private final TrafficLog log = new TrafficLog(TrafficLog.DEFAULT_CAPACITY);
    private final ListenersViewModel listeners;
    private final SendViewModel send;
    private final ExperimentViewModel experiment;
    private final TrafficViewModel traffic;
    /** Executors this model made and so shuts down; those passed in belong to the caller. */
    private final List<ExecutorService> owned;

    /**
     * Everything blocking runs on {@code background}, one task at a time.
     *
     * @param outDir     where Save log and Record write (under {@code sockets/})
     * @param fx         runs results on the FX thread ({@code Platform::runLater}; tests pass {@code Runnable::run})
     * @param background a sequential executor, such as a single thread
     */
    public SocketsViewModel(Path outDir, Executor fx, Executor background) {
        this(outDir, fx, background, background, background, List.of());
    }

    private SocketsViewModel(Path outDir, Executor fx, Executor io, Executor experiments, Executor files,
            List<ExecutorService> owned) {
        this.listeners = new ListenersViewModel(log);
        StatusLine sendStatus = new StatusLine();
        this.send = new SendViewModel(log, fx, io, sendStatus);
        this.experiment = new ExperimentViewModel(fx, experiments);
        this.traffic = new TrafficViewModel(log, outDir, fx, files, sendStatus, System::nanoTime);
        this.owned = owned;
    }

    /**
     * The production wiring: sends on a {@code sockets-io} thread and the experiment on a {@code sockets-experiment}
     * thread, both named daemons that {@link #close()} shuts down, so a send never waits for an experiment.
     *
     * @param fx    {@code Platform::runLater} in the window
     * @param files writes saved logs (the application's background executor)
     */
    public static SocketsViewModel withOwnThreads(Path outDir, Executor fx, Executor files) {
        ExecutorService io = Executors.newSingleThreadExecutor(AppContext.daemonThreads("sockets-io"));
        ExecutorService experiments = Executors.newSingleThreadExecutor(
                AppContext.daemonThreads("sockets-experiment"));
        return new SocketsViewModel(outDir, fx, io, experiments, files, List.of(io, experiments));
    }

    /**
     * The window's wiring: sends, TCP connects and saved logs on the tab's sequential {@code io} executor (the
     * context's {@code sockets-io}, which the context shuts down), and the experiment on a
     * {@code sockets-experiment} thread that {@link #close()} shuts down, so a send never waits for an experiment.
     *
     * @param fx {@code Platform::runLater} in the window
     */
    public static SocketsViewModel withExperimentThread(Path outDir, Executor fx, Executor io) {
        ExecutorService experiments = Executors.newSingleThreadExecutor(
                AppContext.daemonThreads("sockets-experiment"));
        return new SocketsViewModel(outDir, fx, io, experiments, io, List.of(experiments));
    }

    /** F5 runs the UDP-versus-TCP experiment; it finishes by itself, so F5 during a run does nothing. */
    @Override
    public void startOrStop() {
        experiment.run();
    }

    /** The traffic table as shown, the last experiment's result and the listeners' parameters. */
    @Override
    public ExportBundle exportBundle(ReportHeader header) {
        return SocketsExport.bundle(keyParameters(), experiment.resultProperty().get(), List.copyOf(rows()),
                log.total(), log, header);
    }

    @Override
    public Map<String, String> keyParameters() {
        return listeners.parameters();
    }

    ListenersViewModel listeners() {
        return listeners;
    }

    SendViewModel send() {
        return send;
    }

    ExperimentViewModel experiment() {
        return experiment;
    }

    TrafficViewModel traffic() {
        return traffic;
    }

    /** Puts back the last session's ports, send box and experiment, and stores them as they change. */
    void useSettings(Settings settings) {
        listeners.useSettings(settings);
        send.useSettings(settings);
        experiment.useSettings(settings);
    }

    /**
     * Once per frame: drains the traffic, and now and then reads the TCP connections again.
     *
     * @return what the view refreshes this frame
     */
    TrafficViewModel.Frame frame() {
        TrafficViewModel.Frame f = traffic.frame();
        if (f.connectionsDue()) {
            listeners.refreshConnections();
        }
        return f;
    }

    public TrafficLog log() {
        return log;
    }

    public ObservableList<TrafficEntry> rows() {
        return traffic.rows();
    }

    /** Entries the log has seen since the tab opened. */
    public ReadOnlyLongProperty totalProperty() {
        return traffic.totalProperty();
    }

    /** Entries that are counted but no longer in the table (overwritten in the ring, or trimmed from the table). */
    public ReadOnlyLongProperty notShownProperty() {
        return traffic.notShownProperty();
    }

    /** See {@link TrafficViewModel#drain()}. */
    public int drain() {
        return traffic.drain();
    }

    /** Starts the UDP listener on a bind address; returns the bound port. @throws NetError with a message to show */
    public int startUdp(String bind, int port) {
        return listeners.udp().start(bind, port);
    }

    /** Starts the TCP server on a bind address; returns the bound port. @throws NetError with a message to show */
    public int startTcp(String bind, int port) {
        return listeners.tcp().start(bind, port);
    }

    public boolean udpRunning() {
        return listeners.udp().isRunning();
    }

    public boolean tcpRunning() {
        return listeners.tcp().isRunning();
    }

    /** The TCP server's connections, newest last; empty when it is stopped. */
    public List<TcpServer.Connection> connections() {
        return listeners.connectionRecords();
    }

    /** Datagrams and TCP messages received by the listeners. */
    public long received() {
        return listeners.received();
    }

    /** Sends {@code repeat} copies of a message on the background executor; see {@link SendViewModel}. */
    public CompletableFuture<String> send(Protocol protocol, String host, int port, String message, int repeat,
            Duration interval) {
        return send.send(protocol, host, port, message, repeat, interval);
    }

    /**
     * Stops the send under way, the experiment, the listeners and every connection, and the threads this model
     * made. The cleanup runs here, on the calling thread, never queued behind other work. Returns within about a
     * second and a half. Idempotent; any thread.
     */
    @Override
    public void close() {
        experiment.close();
        send.close();
        listeners.close();
        traffic.close();
        for (ExecutorService e : owned) {
            e.shutdown();
        }
        try {
            for (ExecutorService e : owned) {
                if (!e.awaitTermination(500, TimeUnit.MILLISECONDS)) {
                    e.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            owned.forEach(ExecutorService::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }
}
