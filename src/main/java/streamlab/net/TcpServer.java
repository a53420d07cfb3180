package streamlab.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Thread-safe. A TCP server that accepts many clients: one thread {@code tcp-server-<port>} accepts, and one thread
 * {@code tcp-conn-<port>-<n>} reads each connection. Accepts and closes are traffic-log events; each message is a
 * received entry. A slow sink slows only that connection's thread, and TCP's flow control then slows its sender:
 * that is TCP backpressure, and nothing else waits.
 *
 * <p>At most {@code maxConnections} connections are open at once (256 by default), so threads and memory stay
 * bounded however many clients connect: one past the limit is closed at once, with a traffic-log event and a notice
 * that say so. When accepting fails (no file descriptors left, say), the accept thread pauses 10 ms, doubling up to
 * 1 s, and says so once per run of failures, rather than spinning.
 *
 * <p>Bytes after a connection's last newline when it closes are delivered apart, marked incomplete (the message's
 * {@link Message#incomplete()} flag and the entry's note {@value #INCOMPLETE_NOTE}): the sender may have stopped part
 * way through a record.
 *
 * <p>{@link #close()} returns at once: it closes the sockets and interrupts the threads, which end within a second;
 * {@link #closeAsync()} tells when they have.
 */
public final class TcpServer implements AutoCloseable {

    /** The default maximum message size: 64 KiB. */
    public static final int DEFAULT_MAX_MESSAGE = 64 * 1024;
    /** The default limit of connections open at once. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /** How many closed connections stay in the list. */
    static final int KEEP_CLOSED = 200;

    /** The traffic-log note of the unterminated bytes a connection sent before it closed. */
    public static final String INCOMPLETE_NOTE = "incomplete: no newline before the connection closed";
    /** The first pause after a failed accept; it doubles with each failure in a row. */
    static final long ACCEPT_BACKOFF_MIN_MS = 10;
    /** The longest pause between accepts that keep failing. */
    static final long ACCEPT_BACKOFF_MAX_MS = 1000;

    private static final Logger LOG = LogManager.getLogger(TcpServer.class);

    /**
     * Immutable. A snapshot of one connection.
     *
     * @param id        the connection number on this server, from 1
     * @param peer      the client's address
     * @param openedMs  when it was accepted, epoch ms
     * @param closedMs  when it closed, or 0 while open
     * @param messages  messages received
     * @param bytes     bytes received
     * @param closeNote why it closed, or empty while open
     */
    public record Connection(int id, String peer, long openedMs, long closedMs, long messages, long bytes,
            String closeNote) {
        public boolean open() {
            return closedMs == 0;
        }
    }

    /**
     * Thread-safe. One accepted connection: its reader thread writes the counters and the close fields; the accept
     * thread, {@link #close()} and snapshot readers read them.
     */
    private final class Conn {
        final int id;
        final SocketChannel channel;
        final String peer;
        final long openedMs = System.currentTimeMillis();
        final AtomicLong messages = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        volatile long closedMs;
        volatile String closeNote = "";
        Thread thread;

        Conn(int id, SocketChannel channel, String peer) {
            this.id = id;
            this.channel = channel;
            this.peer = peer;
        }

        Connection snapshot() {
            return new Connection(id, peer, openedMs, closedMs, messages.get(), bytes.get(), closeNote);
        }
    }

    private final ServerSocketChannel server;
    private final String localText;
    private final int port;
    private final Framing framing;
    private final int maxMessage;
    private final TrafficLog log;
    private final Consumer<Message> sink;
    private final Consumer<String> notices;
    private final int maxConnections;
    private final Thread acceptThread;
    private final ConcurrentLinkedDeque<Conn> conns = new ConcurrentLinkedDeque<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    /** Connections accepted and not yet closed; only the accept thread raises it, so it never passes the limit. */
    private final AtomicInteger openCount = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong incomplete = new AtomicLong();
    private final AtomicLong acceptFailures = new AtomicLong();
    /** Threads started and not yet ended (the accept thread and one per connection); the close is done at 0. */
    private final AtomicInteger liveThreads = new AtomicInteger(1);
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private volatile boolean closed;

    private TcpServer(ServerSocketChannel server, Framing framing, int maxMessage, int maxConnections, TrafficLog log,
            Consumer<Message> sink, Consumer<String> notices) throws IOException {
        this.server = server;
        InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
        this.port = local.getPort();
        this.localText = Addresses.format(local);
        this.framing = framing;
        this.maxMessage = maxMessage;
        this.log = log;
        this.sink = sink;
        this.notices = notices;
        this.maxConnections = maxConnections;
        this.acceptThread = new Thread(this::acceptLoop, "tcp-server-" + port);
        acceptThread.setDaemon(true);
    }

    /**
     * Binds and starts accepting.
     *
     * @param bindHost   127.0.0.1 by default (null or blank); 0.0.0.0 accepts from all interfaces
     * @param port       the port, or 0 for any free port
     * @param framing    newline-delimited text or raw chunks
     * @param maxMessage the largest message accepted; a longer one closes that connection with a clear note
     * @param log        where accepts, closes and messages are recorded
     * @param sink       called on the connection's thread for each message, or null
     */
    public static TcpServer open(String bindHost, int port, Framing framing, int maxMessage, TrafficLog log,
            Consumer<Message> sink) {
        return open(bindHost, port, framing, maxMessage, DEFAULT_MAX_CONNECTIONS, log, sink, null);
    }

    /**
     * Binds and starts accepting, with a limit on open connections and a callback for problems.
     *
     * @param maxConnections the most connections open at once; one more is closed at once and refused
     * @param notices        called with one line for each refused connection and each connection closed because
     *                       of what it sent (a message over {@code maxMessage}), or null; it runs on the accept or
     *                       connection thread
     * @see #open(String, int, Framing, int, TrafficLog, Consumer)
     */
    public static TcpServer open(String bindHost, int port, Framing framing, int maxMessage, int maxConnections,
            TrafficLog log, Consumer<Message> sink, Consumer<String> notices) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        InetSocketAddress bind = Addresses.bindAddress("TCP", bindHost, port);
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open();
            ch.bind(bind, 128);
            TcpServer s = new TcpServer(ch, framing, maxMessage, maxConnections, log, sink, notices);
            s.acceptThread.start();
            LOG.info("TCP server on {}", s.localText);
            return s;
        } catch (IOException | RuntimeException e) {
            Addresses.closeQuietly(ch);
            throw NetError.from(e, "TCP", "listen on", bind.getAddress().getHostAddress(), port);
        }
    }

    private void acceptLoop() {
        try {
            acceptUntilClosed();
        } finally {
            threadEnded();
        }
    }

    private void acceptUntilClosed() {
        long pauseMs = 0;
        long failedInARow = 0;
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (closed) {
                    break;
                }
                // Out of file descriptors, the pending connection stays queued, so the next accept fails at once:
                // without a pause this thread would spin a core. Said once per run of failures, not per attempt.
                acceptFailures.incrementAndGet();
                if (failedInARow++ == 0) {
                    pauseMs = ACCEPT_BACKOFF_MIN_MS;
                    // Info, not warn: the notice below already tells the user, and warnings also reach the console.
                    LOG.info("TCP server on {}: accept failed: {}", localText, e.toString());
                    notice("", "accepting connections failed: " + e.getMessage() + (isOutOfDescriptors(e)
                            ? " (this process has no file descriptors left; close connections or raise ulimit -n)"
                            : "") + "; retrying after a pause of " + ACCEPT_BACKOFF_MIN_MS + " ms growing to "
                            + ACCEPT_BACKOFF_MAX_MS + " ms, until it works again");
                } else {
                    pauseMs = Math.min(ACCEPT_BACKOFF_MAX_MS, pauseMs * 2);
                }
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException ie) {
                    // close() interrupts to cut the pause short.
                    break;
                }
                continue;
            }
            if (failedInARow > 0) {
                log.event(Protocol.TCP, localText, "", "accepting connections works again after " + failedInARow
                        + " failed attempt" + (failedInARow == 1 ? "" : "s"));
                failedInARow = 0;
            }
            String peer;
            try {
                peer = Addresses.format(ch.getRemoteAddress());
            } catch (IOException e) {
                Addresses.closeQuietly(ch);
                continue;
            }
            if (openCount.get() >= maxConnections) {
                // Closed before any thread or buffer is spent on it: the limit is what keeps the server alive.
                Addresses.closeQuietly(ch);
                refused.incrementAndGet();
                notice(peer, "refused connection from " + peer + ": limit of " + maxConnections
                        + " connections reached");
                continue;
            }
            openCount.incrementAndGet();
            Conn c = new Conn(nextId.incrementAndGet(), ch, peer);
            log.event(Protocol.TCP, localText, peer, "accepted connection #" + c.id + " from " + peer
                    + " (3-way handshake done)");
            c.thread = new Thread(() -> {
                try {
                    readLoop(c);
                } finally {
                    threadEnded();
                }
            }, "tcp-conn-" + port + "-" + c.id);
            c.thread.setDaemon(true);
            conns.add(c);
            trimClosed();
            liveThreads.incrementAndGet();
            c.thread.start();
            if (closed) {
                // close() may have run between accept and add; make sure this connection does not outlive it.
                Addresses.closeQuietly(ch);
                c.thread.interrupt();
            }
        }
    }

    private void readLoop(Conn c) {
        FrameDecoder decoder = new FrameDecoder(framing, maxMessage);
        List<byte[]> lines = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(framing == Framing.RAW ? Math.min(maxMessage, 64 * 1024) : 64 * 1024);
        String note;
        String problem = null;
        try {
            while (true) {
                buf.clear();
                int n = c.channel.read(buf);
                if (n < 0) {
                    byte[] rest = decoder.rest();
                    note = "closed by the client (FIN)";
                    if (rest.length > 0) {
                        deliverIncomplete(c, rest);
                        note += " with " + rest.length + " byte" + (rest.length == 1 ? "" : "s")
                                + " after the last newline, delivered as incomplete";
                    }
                    break;
                }
                lines.clear();
                try {
                    decoder.feed(buf.array(), n, lines::add);
                } finally {
                    // Lines before a too-large one still count.
                    deliver(c, lines);
                }
            }
        } catch (NetError e) {
            note = e.getMessage() + " Connection closed.";
            problem = "closed connection #" + c.id + " from " + c.peer + ": a message exceeded the "
                    + limitText(decoder.maxMessage()) + " frame limit"
                    + (decoder.overflowWithoutNewline() ? " without a newline" : "") + "; the " + c.messages.get()
                    + " message" + (c.messages.get() == 1 ? "" : "s") + " before it " + (c.messages.get() == 1
                            ? "was" : "were") + " delivered, the rest of the connection was dropped";
        } catch (IOException e) {
            note = closed ? "closed: server stopped" : NetError.from(e, "TCP", "read from", c.peer, 0)
                    .kind() == NetError.Kind.CONNECTION_RESET ? "connection reset by the client (RST)"
                    : "closed after error: " + e.getMessage();
        }
        c.closeNote = note;
        c.closedMs = System.currentTimeMillis();
        Addresses.closeQuietly(c.channel);
        openCount.decrementAndGet();
        if (problem != null) {
            notice(c.peer, problem);
        } else {
            log.event(Protocol.TCP, localText, c.peer, "connection #" + c.id + " " + note + "; " + c.messages.get()
                    + " messages, " + c.bytes.get() + " bytes");
        }
    }

    private void notice(String peer, String text) {
        log.event(Protocol.TCP, localText, peer, text);
        if (notices != null) {
            notices.accept(text);
        }
    }

    /** {@code 64 KiB}, {@code 1 MiB} or {@code 100-byte}. */
    static String limitText(int bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return String.format(java.util.Locale.ROOT, "%,d-byte", bytes);
    }

    /** Counts, logs (under one lock) and hands on the messages that one read produced. */
    private void deliver(Conn c, List<byte[]> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long bytes = 0;
        for (byte[] d : batch) {
            bytes += d.length;
        }
        c.messages.addAndGet(batch.size());
        c.bytes.addAndGet(bytes);
        received.addAndGet(batch.size());
        log.messages(Direction.RECEIVED, Protocol.TCP, localText, c.peer, batch, 0);
        if (sink != null) {
            long now = System.currentTimeMillis();
            for (byte[] d : batch) {
                sink.accept(new Message(now, Protocol.TCP, c.peer, localText, d, false, c.id));
            }
        }
    }

    /**
     * Hands on the bytes after the last newline as incomplete, never as a whole message: the sender may have given
     * up part way through a record. Not counted in the connection's messages.
     */
    private void deliverIncomplete(Conn c, byte[] rest) {
        incomplete.incrementAndGet();
        c.bytes.addAndGet(rest.length);
        log.message(Direction.RECEIVED, Protocol.TCP, localText, c.peer, rest, 0, rest.length, INCOMPLETE_NOTE);
        if (sink != null) {
            sink.accept(new Message(System.currentTimeMillis(), Protocol.TCP, c.peer, localText, rest, false, c.id,
                    true));
        }
    }

    private static boolean isOutOfDescriptors(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Too many open files");
    }

    private void threadEnded() {
        if (liveThreads.decrementAndGet() == 0) {
            LOG.info("TCP server on {} stopped after {} connections", localText, nextId.get());
            closedFuture.complete(null);
        }
    }

    private void trimClosed() {
        int closedCount = 0;
        for (Conn c : conns) {
            if (c.closedMs != 0) {
                closedCount++;
            }
        }
        Iterator<Conn> it = conns.iterator();
        while (closedCount > KEEP_CLOSED && it.hasNext()) {
            if (it.next().closedMs != 0) {
                it.remove();
                closedCount--;
            }
        }
    }

    /** All connections, open and recently closed, in accept order. */
    public List<Connection> connections() {
        List<Connection> out = new ArrayList<>();
        for (Conn c : conns) {
            out.add(c.snapshot());
        }
        return out;
    }

    /** Connections open now. */
    public int openConnections() {
        int n = 0;
        for (Conn c : conns) {
            if (c.closedMs == 0) {
                n++;
            }
        }
        return n;
    }

    /** Connections closed at once because {@code maxConnections} were open. */
    public long refused() {
        return refused.get();
    }

    /** Connections accepted so far (refused ones not counted). */
    public int accepted() {
        return nextId.get();
    }

    /** Connections that closed with bytes after their last newline, delivered as incomplete. */
    public long incomplete() {
        return incomplete.get();
    }

    /** Accepts that failed (for example for want of file descriptors); each run of them paused, not spun. */
    public long acceptFailures() {
        return acceptFailures.get();
    }

    /** Messages received over all connections. */
    public long received() {
        return received.get();
    }

    public int port() {
        return port;
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    public ListenerState state() {
        return closed ? ListenerState.CLOSED : ListenerState.LISTENING;
    }

    /**
     * Stops accepting and closes every connection without waiting: the sockets are closed and the threads
     * interrupted (a sink that waits interruptibly is woken), and they end within a second; see {@link #closeAsync()}.
     * Returns at once, so it may be called on a UI thread. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Addresses.closeQuietly(server);
        acceptThread.interrupt();
        for (Conn c : conns) {
            Addresses.closeQuietly(c.channel);
            if (c.thread != null) {
                c.thread.interrupt();
            }
        }
    }

    /** Starts the close as {@link #close()} does; the future completes once the accept and connection threads end. */
    public CompletableFuture<Void> closeAsync() {
        close();
        return closedFuture.copy();
    }

    /** Waits up to {@code timeout} for the threads of a close already begun to end; true when they have. */
    public boolean awaitClosed(Duration timeout) {
        return await(closedFuture, timeout);
    }

    /** Waits for a future that completes normally; true when it did within the timeout. */
    static boolean await(CompletableFuture<Void> f, Duration timeout) {
        try {
            f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return f.isDone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void joinBy(Thread t, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0 || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
