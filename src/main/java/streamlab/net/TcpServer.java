package streamlab.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
 */
public final class TcpServer implements AutoCloseable {

    /** The default maximum message size: 64 KiB. */
    public static final int DEFAULT_MAX_MESSAGE = 64 * 1024;
    /** How many closed connections stay in the list. */
    static final int KEEP_CLOSED = 200;

    private static final Logger LOG = LogManager.getLogger(TcpServer.class);

    /**
     * A snapshot of one connection. Immutable.
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
    private final Thread acceptThread;
    private final ConcurrentLinkedDeque<Conn> conns = new ConcurrentLinkedDeque<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean closed;

    private TcpServer(ServerSocketChannel server, Framing framing, int maxMessage, TrafficLog log,
            Consumer<Message> sink) throws IOException {
        this.server = server;
        InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
        this.port = local.getPort();
        this.localText = Addresses.format(local);
        this.framing = framing;
        this.maxMessage = maxMessage;
        this.log = log;
        this.sink = sink;
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
        InetSocketAddress bind = Addresses.bindAddress("TCP", bindHost, port);
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open();
            ch.bind(bind, 128);
            TcpServer s = new TcpServer(ch, framing, maxMessage, log, sink);
            s.acceptThread.start();
            LOG.info("TCP server on {}", s.localText);
            return s;
        } catch (IOException | RuntimeException e) {
            UdpListener.closeQuietly(ch);
            throw NetError.from(e, "TCP", "listen on", bind.getAddress().getHostAddress(), port);
        }
    }

    private void acceptLoop() {
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
                log.event(Protocol.TCP, localText, "", "accept failed: " + e.getMessage());
                continue;
            }
            String peer;
            try {
                peer = Addresses.format(ch.getRemoteAddress());
            } catch (IOException e) {
                UdpListener.closeQuietly(ch);
                continue;
            }
            Conn c = new Conn(nextId.incrementAndGet(), ch, peer);
            log.event(Protocol.TCP, localText, peer, "accepted connection #" + c.id + " from " + peer
                    + " (3-way handshake done)");
            c.thread = new Thread(() -> readLoop(c), "tcp-conn-" + port + "-" + c.id);
            c.thread.setDaemon(true);
            conns.add(c);
            trimClosed();
            if (closed) {
                // close() may have run between accept and add; make sure this connection does not outlive it.
                UdpListener.closeQuietly(ch);
            }
            c.thread.start();
        }
    }

    private void readLoop(Conn c) {
        FrameDecoder decoder = new FrameDecoder(framing, maxMessage);
        List<byte[]> lines = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(framing == Framing.RAW ? Math.min(maxMessage, 64 * 1024) : 64 * 1024);
        String note;
        try {
            while (true) {
                buf.clear();
                int n = c.channel.read(buf);
                if (n < 0) {
                    byte[] rest = decoder.rest();
                    if (rest.length > 0) {
                        deliver(c, List.of(rest));
                    }
                    note = "closed by the client (FIN)";
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
        } catch (IOException e) {
            note = closed ? "closed: server stopped" : NetError.from(e, "TCP", "read from", c.peer, 0)
                    .kind() == NetError.Kind.CONNECTION_RESET ? "connection reset by the client (RST)"
                    : "closed after error: " + e.getMessage();
        }
        c.closeNote = note;
        c.closedMs = System.currentTimeMillis();
        UdpListener.closeQuietly(c.channel);
        log.event(Protocol.TCP, localText, c.peer, "connection #" + c.id + " " + note + "; " + c.messages.get()
                + " messages, " + c.bytes.get() + " bytes");
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

    /** Connections accepted so far. */
    public int accepted() {
        return nextId.get();
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

    /** Stops accepting, closes every connection and waits up to a second in all for the threads. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        UdpListener.closeQuietly(server);
        for (Conn c : conns) {
            UdpListener.closeQuietly(c.channel);
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        joinBy(acceptThread, deadline);
        for (Conn c : conns) {
            if (c.thread != null) {
                joinBy(c.thread, deadline);
            }
        }
        LOG.info("TCP server on {} stopped after {} connections", localText, nextId.get());
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
