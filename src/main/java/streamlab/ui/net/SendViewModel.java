package streamlab.ui.net;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import streamlab.net.Addresses;
import streamlab.net.Framing;
import streamlab.net.NetError;
import streamlab.net.Protocol;
import streamlab.net.TcpClient;
import streamlab.net.TcpServer;
import streamlab.net.TrafficLog;
import streamlab.net.UdpSender;
import streamlab.ui.Settings;

/**
 * Confined to the FX Application Thread, except the sends (on the tab's sequential background executor) and
 * {@link #close()} (any thread). The send box: protocol, host, port, message, repeats and interval, their
 * validation, and the result.
 *
 * <p>A send can block for seconds (a TCP connect, a full queue towards a peer that does not read, a long interval).
 * Closing must not wait behind it, nor leave its connection open: so {@code close} marks the box closed, interrupts
 * the send under way and closes every connection itself, on the calling thread, rather than queueing that work where
 * a shutting-down executor could drop it.
 */
final class SendViewModel implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(SendViewModel.class);
    /** How long a send waits for room in a TCP client's queue before it reports backpressure. */
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final TrafficLog log;
    private final Executor fx;
    private final Executor background;
    private final StatusLine status;

    private final ObjectProperty<Protocol> protocol = new SimpleObjectProperty<>(this, "protocol", Protocol.UDP);
    private final StringProperty host = new SimpleStringProperty(this, "host", Addresses.LOOPBACK);
    private final StringProperty port = new SimpleStringProperty(this, "port", "9999");
    private final StringProperty message = new SimpleStringProperty(this, "message", "hello");
    private final ObjectProperty<Integer> repeat = new SimpleObjectProperty<>(this, "repeat", 1);
    private final StringProperty interval = new SimpleStringProperty(this, "interval", "0ms");

    /** Guards the connections, the UDP sender, the sending thread and the closed flag. */
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<String, TcpClient> clients = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private UdpSender udpSender;
    /** The thread running a send, to interrupt on close; guarded by {@link #lock}. */
    private Thread sending;
    /** Guarded by {@link #lock}; read without it only as a hint to stop early. */
    private volatile boolean closed;
    /** Sends asked for and not finished: close fails those the executor never runs. */
    private final Set<CompletableFuture<?>> unfinished = ConcurrentHashMap.newKeySet();

    /**
     * @param fx         runs result updates on the FX thread ({@code Platform::runLater}; tests pass a direct one)
     * @param background runs the sends one at a time, in the order asked
     * @param status     the line under the send box
     */
    SendViewModel(TrafficLog log, Executor fx, Executor background, StatusLine status) {
        this.log = log;
        this.fx = fx;
        this.background = background;
        this.status = status;
    }

    ObjectProperty<Protocol> protocolProperty() {
        return protocol;
    }

    StringProperty hostProperty() {
        return host;
    }

    StringProperty portProperty() {
        return port;
    }

    StringProperty messageProperty() {
        return message;
    }

    ObjectProperty<Integer> repeatProperty() {
        return repeat;
    }

    StringProperty intervalProperty() {
        return interval;
    }

    StatusLine status() {
        return status;
    }

    /**
     * Sends the box's message as typed. A typing mistake is shown at once; otherwise the status says "Sending…"
     * and then what was sent or what went wrong.
     *
     * @return completes with the summary, or exceptionally with the problem (already shown)
     */
    CompletableFuture<String> send() {
        CompletableFuture<String> result;
        try {
            Protocol proto = protocol.get() == null ? Protocol.UDP : protocol.get();
            int to = SocketsInputs.receiverPort(port.get());
            Duration pause = SocketsInputs.interval(interval.get());
            Integer times = repeat.get();
            String text = message.get() == null ? "" : message.get();
            String target = host.get() == null ? "" : host.get().strip();
            status.ok("Sending\u2026");
            result = send(proto, target, to, text, times == null ? 1 : Math.max(1, times), pause);
        } catch (NetError e) {
            status.error(e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        result.whenComplete((summary, error) -> fx.execute(() -> {
            if (error == null) {
                status.ok(summary + ".");
            } else {
                status.error(SocketsInputs.describe(error));
            }
        }));
        return result;
    }

    /**
     * Sends {@code repeat} copies of a message on the background executor.
     *
     * @return completes with a summary, or exceptionally with a {@link NetError}
     * @throws NetError at once when the message is too large for a datagram
     */
    CompletableFuture<String> send(Protocol proto, String target, int to, String text, int times, Duration pause) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        if (proto == Protocol.UDP) {
            UdpSender.checkSize(data.length);
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        unfinished.add(result);
        result.whenComplete((r, e) -> unfinished.remove(result));
        try {
            background.execute(() -> run(result, proto, target, to, data, times, pause));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closedError());
        }
        return result;
    }

    private void run(CompletableFuture<String> result, Protocol proto, String target, int to, byte[] data, int times,
            Duration pause) {
        synchronized (lock) {
            if (closed) {
                result.completeExceptionally(closedError());
                return;
            }
            sending = Thread.currentThread();
        }
        try {
            var address = Addresses.resolve(target, to);
            for (int i = 0; i < times && !closed; i++) {
                if (i > 0 && !pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
                if (proto == Protocol.UDP) {
                    udpSender().send(address, data);
                } else {
                    client(target, to).send(data, QUEUE_WAIT);
                }
            }
            if (closed) {
                result.completeExceptionally(closedError());
            } else {
                result.complete("Sent " + times + " \u00d7 " + data.length + " bytes over " + proto + " to " + target
                        + ":" + to);
            }
        } catch (InterruptedException e) {
            result.completeExceptionally(closedError());
        } catch (RuntimeException e) {
            result.completeExceptionally(closed ? closedError() : e);
        } finally {
            synchronized (lock) {
                sending = null;
                // An interrupt meant for this send must not reach the executor's next task.
                Thread.interrupted();
            }
        }
    }

    private static NetError closedError() {
        return new NetError(NetError.Kind.CLOSED, "Sending stopped: the Sockets tab closed.");
    }

    private UdpSender udpSender() {
        synchronized (lock) {
            if (closed) {
                throw closedError();
            }
            if (udpSender == null) {
                udpSender = new UdpSender(log);
            }
            return udpSender;
        }
    }

    /** The open connection to host:port, connecting when there is none; called on the background executor only. */
    private TcpClient client(String target, int to) {
        String key = target + ":" + to;
        TcpClient stale = null;
        TcpClient c;
        synchronized (lock) {
            c = clients.get(key);
            if (c != null && !c.isOpen()) {
                clients.remove(key);
                stale = c;
                c = null;
            }
        }
        if (stale != null) {
            stale.close();
        }
        if (c != null) {
            return c;
        }
        TcpClient fresh = TcpClient.connect(target, to, Framing.NEWLINE, TcpServer.DEFAULT_MAX_MESSAGE, log,
                CONNECT_TIMEOUT);
        boolean kept;
        synchronized (lock) {
            kept = !closed;
            if (kept) {
                clients.put(key, fresh);
            }
        }
        if (!kept) {
            // Closed while connecting: this connection was never seen by close, so it is closed here.
            fresh.close();
            throw closedError();
        }
        return fresh;
    }

    /** Closes this tab's TCP connection to the box's host:port, after the sends asked for before it. */
    void disconnect() {
        try {
            String target = host.get() == null ? "" : host.get().strip();
            disconnect(target, SocketsInputs.port(port.get(), "port"));
            status.ok("TCP connection closed.");
        } catch (NetError e) {
            status.error(e.getMessage());
        }
    }

    /** Closes the TCP client connection to host:port, if there is one (the FIN shows in the log). */
    CompletableFuture<Void> disconnect(String target, int to) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            background.execute(() -> {
                TcpClient c;
                synchronized (lock) {
                    c = clients.remove(target + ":" + to);
                }
                if (c != null) {
                    c.close();
                }
                done.complete(null);
            });
        } catch (RejectedExecutionException e) {
            done.complete(null);
        }
        return done;
    }

    /** Puts back the last session's protocol, host and port, and stores them as they change. */
    void useSettings(Settings settings) {
        protocol.set(settings.get(SocketsSettings.SEND_PROTOCOL));
        host.set(settings.getOr(SocketsSettings.SEND_HOST, host.get()));
        port.set(settings.getOr(SocketsSettings.SEND_PORT, port.get()));
        settings.track(SocketsSettings.SEND_PROTOCOL, protocol);
        settings.track(SocketsSettings.SEND_HOST, host);
        settings.track(SocketsSettings.SEND_PORT, port);
    }

    /**
     * Stops the send under way and closes every connection and the UDP sender, here and now. Returns within about
     * a second (each connection gets half a second to write what it has queued). Idempotent; any thread.
     */
    @Override
    public void close() {
        List<AutoCloseable> open = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            open.addAll(clients.values());
            clients.clear();
            if (udpSender != null) {
                open.add(udpSender);
                udpSender = null;
            }
            if (sending != null) {
                sending.interrupt();
            }
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", c, e.toString());
            }
        }
        // Sends still queued will find the box closed; fail them now in case the executor never runs them.
        for (CompletableFuture<?> f : List.copyOf(unfinished)) {
            f.completeExceptionally(closedError());
        }
    }
}
