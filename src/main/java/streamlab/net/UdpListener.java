package streamlab.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Thread-safe. Receives UDP datagrams on one thread named {@code udp-listener-<port>}, records each in the traffic
 * log and hands it to an optional sink. {@link #close()} returns at once: it closes the socket and interrupts the
 * thread (a sink that waits interruptibly is woken), which ends within a second; {@link #closeAsync()} tells when.
 */
public final class UdpListener implements AutoCloseable {

    /** The largest UDP payload over IPv4: 65,535 minus the 8-byte UDP and 20-byte IP headers. */
    public static final int MAX_DATAGRAM = 65_507;

    /** The default port, the one the course's stream script sends to. */
    public static final int DEFAULT_PORT = 9999;

    private static final Logger LOG = LogManager.getLogger(UdpListener.class);
    /** Asked of the kernel so that a burst waits in the socket rather than being dropped there. */
    private static final int SOCKET_BUFFER = 4 << 20;

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final String localText;
    private final TrafficLog log;
    private final Consumer<Message> sink;
    private final Thread thread;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private volatile boolean closed;

    private UdpListener(DatagramChannel channel, TrafficLog log, Consumer<Message> sink) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.localText = Addresses.format(local);
        this.log = log;
        this.sink = sink;
        this.thread = new Thread(() -> {
            try {
                receiveLoop();
            } finally {
                LOG.info("UDP listener on {} stopped after {} datagrams", localText, received.get());
                closedFuture.complete(null);
            }
        }, "udp-listener-" + local.getPort());
        thread.setDaemon(true);
    }

    /**
     * Binds and starts listening.
     *
     * @param bindHost 127.0.0.1 by default (null or blank); 0.0.0.0 listens on all interfaces
     * @param port     the port, or 0 for any free port
     * @param log      where every datagram is recorded
     * @param sink     called on the listener thread for each datagram, or null; a slow sink slows only this thread
     * @throws NetError when the port is in use, privileged or the address is not local
     */
    public static UdpListener open(String bindHost, int port, TrafficLog log, Consumer<Message> sink) {
        InetSocketAddress bind = Addresses.bindAddress("UDP", bindHost, port);
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            ch.bind(bind);
            UdpListener l = new UdpListener(ch, log, sink);
            l.thread.start();
            LOG.info("UDP listener on {}", l.localText);
            return l;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw NetError.from(e, "UDP", "listen on", bind.getAddress().getHostAddress(), port);
        }
    }

    private void receiveLoop() {
        // One byte more than the largest datagram: if it fills, the datagram was cut and we say so.
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM + 1);
        while (!closed) {
            buf.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(buf);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (closed) {
                    break;
                }
                log.event(Protocol.UDP, localText, "", "receive error: " + e.getMessage());
                continue;
            }
            if (from == null) {
                continue;
            }
            int len = buf.position();
            boolean cut = len > MAX_DATAGRAM;
            if (cut) {
                len = MAX_DATAGRAM;
                truncated.incrementAndGet();
            }
            received.incrementAndGet();
            bytes.addAndGet(len);
            String fromText = Addresses.format(from);
            log.message(Direction.RECEIVED, Protocol.UDP, localText, fromText, buf.array(), 0, len,
                    cut ? "truncated to " + MAX_DATAGRAM + " bytes" : "");
            if (sink != null) {
                sink.accept(new Message(System.currentTimeMillis(), Protocol.UDP, fromText, localText,
                        Arrays.copyOf(buf.array(), len), cut, 0));
            }
        }
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    public int port() {
        return local.getPort();
    }

    public ListenerState state() {
        return closed ? ListenerState.CLOSED : ListenerState.LISTENING;
    }

    /** Datagrams received so far. */
    public long received() {
        return received.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Datagrams that were larger than the receive buffer and were cut. */
    public long truncated() {
        return truncated.get();
    }

    /** The listener thread, for tests that check it stops. */
    Thread thread() {
        return thread;
    }

    /**
     * Stops listening without waiting: closes the socket and interrupts the thread, which ends within a second (see
     * {@link #closeAsync()}). Returns at once, so it may be called on a UI thread. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(channel);
        thread.interrupt();
    }

    /** Starts the close as {@link #close()} does; the future completes once the listener thread has ended. */
    public CompletableFuture<Void> closeAsync() {
        close();
        return closedFuture.copy();
    }

    /** Waits up to {@code timeout} for the thread of a close already begun to end; true when it has. */
    public boolean awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!TcpServer.await(closedFuture, timeout)) {
            return false;
        }
        // The thread completes the future in its last lines; wait for it to end, so "closed" means no thread left.
        try {
            thread.join(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !thread.isAlive();
    }

    static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }
}
