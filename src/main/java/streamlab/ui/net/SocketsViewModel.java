package streamlab.ui.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import streamlab.net.Addresses;
import streamlab.net.ExperimentConfig;
import streamlab.net.ExperimentResult;
import streamlab.net.Framing;
import streamlab.net.NetError;
import streamlab.net.Protocol;
import streamlab.net.TcpClient;
import streamlab.net.TcpServer;
import streamlab.net.TrafficEntry;
import streamlab.net.TrafficLog;
import streamlab.net.UdpListener;
import streamlab.net.UdpSender;
import streamlab.net.UdpVsTcpExperiment;
import streamlab.ui.AppContext;

/**
 * The Sockets tab's state: listeners, senders, the traffic rows and the experiment. Confined to the FX Application
 * Thread, except the work it hands to its own {@code sockets-io} thread and to the experiment thread.
 *
 * <p>Listener and connection threads write into a bounded {@link TrafficLog}; {@link #drain()} copies what is new
 * into {@link #rows()} once per frame, keeping at most {@link #TABLE_MAX} rows.
 */
public final class SocketsViewModel implements AutoCloseable {

    /** The most rows the traffic table holds; older rows leave the table but stay counted. */
    public static final int TABLE_MAX = 5_000;
    /** How many extra old rows leave at once when the table is full. */
    static final int TRIM_CHUNK = 1_000;
    /** The most rows added in one frame. */
    public static final int ROWS_PER_FRAME = 250;

    private final TrafficLog log = new TrafficLog(TrafficLog.DEFAULT_CAPACITY);
    private final ObservableList<TrafficEntry> rows = FXCollections.observableArrayList();
    private final LongProperty total = new SimpleLongProperty();
    private final LongProperty notShown = new SimpleLongProperty();
    /** Sends and TCP connects block, so they run here, one at a time, in the order asked. */
    private final ExecutorService io = Executors.newSingleThreadExecutor(AppContext.daemonThreads("sockets-io"));
    private final ExecutorService experiments =
            Executors.newSingleThreadExecutor(AppContext.daemonThreads("sockets-experiment"));
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Used only on the sockets-io thread. */
    private final Map<String, TcpClient> clients = new HashMap<>();
    /** Used only on the sockets-io thread. */
    private UdpSender udpSender;
    private UdpListener udp;
    private TcpServer tcp;
    private long lastSeq;

    public ObservableList<TrafficEntry> rows() {
        return rows;
    }

    /** Entries the log has seen since the tab opened. */
    public ReadOnlyLongProperty totalProperty() {
        return total;
    }

    /** Entries that are counted but no longer in the table (overwritten in the ring, or trimmed from the table). */
    public ReadOnlyLongProperty notShownProperty() {
        return notShown;
    }

    public TrafficLog log() {
        return log;
    }

    /** Starts the UDP listener; returns the bound port. @throws NetError with a message to show */
    public int startUdp(String bind, int port) {
        stopUdp();
        udp = UdpListener.open(bind, port, log, null);
        return udp.port();
    }

    public void stopUdp() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
    }

    /** Starts the TCP server; returns the bound port. @throws NetError with a message to show */
    public int startTcp(String bind, int port) {
        stopTcp();
        tcp = TcpServer.open(bind, port, Framing.NEWLINE, TcpServer.DEFAULT_MAX_MESSAGE, log, null);
        return tcp.port();
    }

    public void stopTcp() {
        if (tcp != null) {
            tcp.close();
            tcp = null;
        }
    }

    public boolean udpRunning() {
        return udp != null;
    }

    public boolean tcpRunning() {
        return tcp != null;
    }

    /** The TCP server's connections, newest last; empty when it is stopped. */
    public List<TcpServer.Connection> connections() {
        return tcp == null ? List.of() : tcp.connections();
    }

    /** Datagrams and TCP messages received by the listeners. */
    public long received() {
        return (udp == null ? 0 : udp.received()) + (tcp == null ? 0 : tcp.received());
    }

    /**
     * Sends {@code repeat} copies of a message on the sockets-io thread. The future completes with a summary, or
     * exceptionally with a {@link NetError}.
     */
    public CompletableFuture<String> send(Protocol protocol, String host, int port, String message, int repeat,
            Duration interval) {
        byte[] data = message.getBytes(StandardCharsets.UTF_8);
        if (protocol == Protocol.UDP) {
            UdpSender.checkSize(data.length);
        }
        return CompletableFuture.supplyAsync(() -> {
            var target = Addresses.resolve(host, port);
            for (int i = 0; i < repeat && !closing.get(); i++) {
                if (i > 0 && !interval.isZero()) {
                    try {
                        Thread.sleep(interval.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                if (protocol == Protocol.UDP) {
                    if (udpSender == null) {
                        udpSender = new UdpSender(log);
                    }
                    udpSender.send(target, data);
                } else {
                    client(host, port).send(data, Duration.ofSeconds(2));
                }
            }
            return "Sent " + repeat + " \u00d7 " + data.length + " bytes over " + protocol + " to " + host + ":" + port;
        }, io);
    }

    /** Closes the TCP client connection to host:port, if there is one (shows the FIN in the log). */
    public CompletableFuture<Void> disconnect(String host, int port) {
        return CompletableFuture.runAsync(() -> {
            TcpClient c = clients.remove(host + ":" + port);
            if (c != null) {
                c.close();
            }
        }, io);
    }

    private TcpClient client(String host, int port) {
        String key = host + ":" + port;
        TcpClient c = clients.get(key);
        if (c != null && !c.isOpen()) {
            c.close();
            clients.remove(key);
            c = null;
        }
        if (c == null) {
            c = TcpClient.connect(host, port, Framing.NEWLINE, TcpServer.DEFAULT_MAX_MESSAGE, log,
                    Duration.ofSeconds(3));
            clients.put(key, c);
        }
        return c;
    }

    /** Runs the UDP-vs-TCP experiment on its own thread. */
    public CompletableFuture<ExperimentResult> runExperiment(ExperimentConfig config) {
        return CompletableFuture.supplyAsync(() -> UdpVsTcpExperiment.run(config, null, closing::get), experiments);
    }

    /** Log entries that arrived since the last {@link #drain()}. */
    public long pending() {
        return log.total() - lastSeq;
    }

    /**
     * Copies new log entries into the rows: at most {@link #ROWS_PER_FRAME} a call and {@link #TABLE_MAX} in
     * all. Call at most once per frame.
     *
     * @return how many rows were added
     */
    public int drain() {
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

    /** Empties the table and the log's kept entries. */
    public void clear() {
        log.clear();
        lastSeq = log.total();
        rows.clear();
        notShown.set(0);
    }

    /** Writes the kept log to a file on a background thread; completes with the number of entries. */
    public CompletableFuture<Integer> save(Path file, ExecutorService background) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return log.writeTo(file);
            } catch (IOException e) {
                throw new NetError(NetError.Kind.OTHER, "Could not save the log to " + file + ": " + e.getMessage()
                        + ". Check that the folder is writable.", e);
            }
        }, background);
    }

    /** Starts writing every new log entry to the file. @throws NetError when the file cannot be created */
    public void startRecording(Path file) {
        try {
            log.startRecording(file);
        } catch (IOException e) {
            throw new NetError(NetError.Kind.OTHER, "Could not record to " + file + ": " + e.getMessage()
                    + ". Check that the folder is writable.", e);
        }
    }

    /** Stops recording; returns how many entries the file holds. */
    public long stopRecording() {
        return log.stopRecording();
    }

    /** Stops listeners, connections and threads; returns within about a second. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        log.stopRecording();
        stopUdp();
        stopTcp();
        io.execute(() -> {
            clients.values().forEach(TcpClient::close);
            clients.clear();
            if (udpSender != null) {
                udpSender.close();
            }
        });
        io.shutdown();
        experiments.shutdown();
        try {
            if (!io.awaitTermination(1, TimeUnit.SECONDS)) {
                io.shutdownNow();
            }
            if (!experiments.awaitTermination(500, TimeUnit.MILLISECONDS)) {
                experiments.shutdownNow();
            }
        } catch (InterruptedException e) {
            io.shutdownNow();
            experiments.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
