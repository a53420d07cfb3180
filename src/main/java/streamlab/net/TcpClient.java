package streamlab.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe. A TCP client: connects (the handshake is a log event), sends through a bounded queue that one writer
 * thread empties, reads replies on a reader thread, and logs the close. A receiver that reads slowly fills the
 * queue; then {@link #trySend} returns false and {@link #send(byte[], Duration)} fails with a clear message, so the
 * caller (a UI thread, say) never blocks.
 *
 * <p>Every message accepted (a send that returned normally, or {@code trySend} returning true) is either written to
 * the socket or counted in {@link #unsent()}: accepting and the start of a close exclude each other, so no message
 * slips into the queue after the close has taken its last look. {@link #close()} returns at once; a thread of its own
 * ({@code tcp-client-close-<port>}) lets the writer finish for up to half a second and then closes the socket.
 */
public final class TcpClient implements AutoCloseable {

    /** How many messages may wait to be written. */
    public static final int QUEUE_CAPACITY = 4096;

    private static final byte[] POISON = new byte[0];
    /** The most queued messages written in one system call. */
    private static final int BATCH = 256;
    /** How many queued bytes {@link #offer} lets wait, so a sender of large messages holds bounded memory. */
    public static final long MAX_PENDING_BYTES = 4L << 20;

    private final SocketChannel channel;
    private final String localText;
    private final String remoteText;
    private final Framing framing;
    private final int maxMessage;
    private final TrafficLog log;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong enqueued = new AtomicLong();
    /** Messages written whole to the socket; counted message by message as the kernel takes their bytes. */
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong enqueuedBytes = new AtomicLong();
    /** Bytes (with framing) of the messages counted in {@code written}. */
    private final AtomicLong writtenBytes = new AtomicLong();
    /** Every byte the socket took, including part of a message: grows whenever the peer makes room. */
    private final AtomicLong bytesOut = new AtomicLong();
    private final Thread writer;
    private final Thread reader;
    private volatile NetError failure;
    /**
     * Guards the step from "open" to "closing" against the step of accepting a message into the queue, so that every
     * accepted message is in the queue before the close starts, and none after it. Held only for a non-blocking offer.
     */
    private final Object sendLock = new Object();
    /** Set (under {@code sendLock}) once a close has begun: nothing more is accepted. */
    private volatile boolean closing;
    /** Set once the socket itself is being closed by {@link #close()}: errors after that are ours, not the peer's. */
    private volatile boolean closed;
    /** Completes when the close has ended the writer and reader threads (or given up waiting for them). */
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final int localPort;

    private TcpClient(SocketChannel channel, Framing framing, int maxMessage, TrafficLog log) throws IOException {
        this.channel = channel;
        this.localText = Addresses.format(channel.getLocalAddress());
        this.remoteText = Addresses.format(channel.getRemoteAddress());
        this.framing = framing;
        this.maxMessage = maxMessage;
        this.log = log;
        this.localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        this.writer = new Thread(this::writeLoop, "tcp-client-writer-" + localPort);
        this.reader = new Thread(this::readLoop, "tcp-client-reader-" + localPort);
        writer.setDaemon(true);
        reader.setDaemon(true);
    }

    /**
     * Connects and starts the writer and reader threads.
     *
     * @throws NetError for an unknown host, a refused connection or a timeout
     */
    public static TcpClient connect(String host, int port, Framing framing, int maxMessage, TrafficLog log,
            Duration timeout) {
        InetSocketAddress target = Addresses.resolve(host, port);
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.socket().connect(target, (int) Math.max(1, timeout.toMillis()));
            ch.socket().setTcpNoDelay(true);
            TcpClient c = new TcpClient(ch, framing, maxMessage, log);
            log.event(Protocol.TCP, c.localText, c.remoteText, "connected to " + c.remoteText
                    + " (3-way handshake: SYN, SYN-ACK, ACK)");
            c.writer.start();
            c.reader.start();
            return c;
        } catch (IOException | RuntimeException e) {
            Addresses.closeQuietly(ch);
            throw NetError.from(e, "TCP", "connect to", host, port);
        }
    }

    /** Checks the size against the maximum message size (the newline added by framing does not count). */
    public void checkSize(int size) {
        if (size > maxMessage) {
            throw NetError.tooLarge("this connection", size, maxMessage,
                    "Shorten the message or raise the maximum message size.");
        }
    }

    /** What {@link #enqueue} did. */
    private enum Enqueued { ACCEPTED, FULL, CLOSING }

    /** Accepts a message unless the queue is full or a close has begun; never waits. */
    private Enqueued enqueue(byte[] framed) {
        synchronized (sendLock) {
            if (closing) {
                return Enqueued.CLOSING;
            }
            if (!queue.offer(framed)) {
                return Enqueued.FULL;
            }
            counted(framed);
            return Enqueued.ACCEPTED;
        }
    }

    /**
     * Queues a message without waiting.
     *
     * @return true when the message was accepted (it will be written, or counted in {@link #unsent()}); false when
     *         the queue is full because the receiver reads slowly (backpressure), or once a close has begun
     * @throws NetError when the message is too large or the connection has failed
     */
    public boolean trySend(byte[] message) {
        checkSize(message.length);
        NetError f = failure;
        if (f != null) {
            throw f;
        }
        return enqueue(frame(message)) == Enqueued.ACCEPTED;
    }

    /**
     * Queues a message, waiting as long as the socket keeps taking bytes: it gives up only when the socket has taken
     * no byte for {@code stall}, which means the peer stopped reading. While more than {@link #MAX_PENDING_BYTES}
     * wait to be written it waits too, so memory stays bounded however large the messages.
     *
     * @return false when the peer stopped reading for {@code stall}
     * @throws NetError when the message is too large or the connection has failed or closed
     */
    public boolean offer(byte[] message, Duration stall) {
        byte[] framed = prepare(message);
        Progress p = new Progress(stall);
        while (true) {
            boolean room = enqueuedBytes.get() - writtenBytes.get() < MAX_PENDING_BYTES
                    || written.get() >= enqueued.get();
            if (room) {
                Enqueued r = enqueue(framed);
                if (r == Enqueued.ACCEPTED) {
                    return true;
                }
                if (r == Enqueued.CLOSING) {
                    checkOpen();
                }
            }
            waitForRoom();
            checkOpen();
            if (p.stalled()) {
                return false;
            }
        }
    }

    /** A short pause while the writer makes room; an interrupt ends the wait with a clear error. */
    private static void waitForRoom() {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        if (Thread.currentThread().isInterrupted()) {
            throw new NetError(NetError.Kind.CLOSED, "Sending was interrupted.");
        }
    }

    /**
     * Waits until every queued message has been written to the socket, as long as the socket keeps taking bytes.
     *
     * @return true when everything was written; false when the socket took no byte for {@code stall} (the peer
     *         stopped reading) or the connection failed (see {@link #failure()})
     */
    public boolean drain(Duration stall) {
        Progress p = new Progress(stall);
        while (written.get() < enqueued.get()) {
            if (p.stalled()) {
                return false;
            }
            if (failure != null || closed) {
                // A peer that closes as soon as it has read the last message can be seen closing before the
                // writer has counted that write; give the count a moment to catch up before calling it unsent.
                long grace = System.nanoTime() + 200_000_000L;
                while (written.get() < enqueued.get() && writer.isAlive() && System.nanoTime() < grace) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                return written.get() >= enqueued.get();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /**
     * Confined to the one caller that waits. Watches {@link #bytesOut}: stalled once it has not grown for the given
     * time, which is how a peer that stopped reading looks from here (a blocking write cannot time out by itself).
     */
    private final class Progress {
        private final long stallNanos;
        private long seen = bytesOut.get();
        private long since = System.nanoTime();

        Progress(Duration stall) {
            this.stallNanos = stall.toNanos();
        }

        boolean stalled() {
            long now = System.nanoTime();
            long out = bytesOut.get();
            if (out != seen) {
                seen = out;
                since = now;
                return false;
            }
            return now - since > stallNanos;
        }
    }

    private void counted(byte[] framed) {
        enqueuedBytes.addAndGet(framed.length);
        enqueued.incrementAndGet();
    }

    /** Queues a message, waiting up to {@code wait} for room; fails with a backpressure message after that. */
    public void send(byte[] message, Duration wait) {
        byte[] framed = prepare(message);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Enqueued r = enqueue(framed);
            if (r == Enqueued.ACCEPTED) {
                return;
            }
            checkOpen();
            if (System.nanoTime() - deadline >= 0) {
                throw new NetError(NetError.Kind.BACKPRESSURE, QUEUE_CAPACITY + " messages are waiting: "
                        + remoteText + " reads more slowly than you send (TCP backpressure). Send less often, or "
                        + "wait and try again.");
            }
            waitForRoom();
        }
    }

    private void checkOpen() {
        NetError f = failure;
        if (f != null) {
            throw f;
        }
        if (closing) {
            throw new NetError(NetError.Kind.CLOSED, "The connection to " + remoteText
                    + " is closed. Connect again to send.");
        }
    }

    private byte[] prepare(byte[] message) {
        checkSize(message.length);
        checkOpen();
        return frame(message);
    }

    private byte[] frame(byte[] message) {
        if (framing == Framing.NEWLINE && (message.length == 0 || message[message.length - 1] != '\n')) {
            byte[] framed = java.util.Arrays.copyOf(message, message.length + 1);
            framed[message.length] = '\n';
            return framed;
        }
        return message;
    }

    /**
     * Waits until every queued message has been written to the socket, or the timeout passes.
     *
     * @return true when everything was written
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written.get() < enqueued.get() && failure == null && !closed) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        // A peer that closes as soon as it has read the last message can be seen closing before the writer has
        // counted that write; give the count a moment to catch up before calling it unsent.
        long grace = Math.min(deadline, System.nanoTime() + 100_000_000L);
        while (written.get() < enqueued.get() && writer.isAlive() && System.nanoTime() < grace) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        return written.get() >= enqueued.get();
    }

    private void writeLoop() {
        List<byte[]> batch = new ArrayList<>(BATCH);
        ByteBuffer[] buffers = new ByteBuffer[BATCH];
        try {
            while (true) {
                // A moment's patience before sleeping: a sender in full flow refills the queue within microseconds,
                // and waking this thread for every message would cost more than the write itself.
                byte[] first = queue.poll();
                for (int spin = 0; first == null && spin < 50; spin++) {
                    Thread.yield();
                    first = queue.poll();
                }
                if (first == null) {
                    first = queue.poll(100, TimeUnit.MILLISECONDS);
                }
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        // Nothing is accepted once closing has begun, so an empty queue stays empty.
                        break;
                    }
                    continue;
                }
                batch.clear();
                batch.add(first);
                // Whatever else is already waiting goes out in the same system call: TCP is a byte stream anyway.
                queue.drainTo(batch, BATCH - 1);
                int n = 0;
                boolean stop = false;
                for (byte[] m : batch) {
                    if (m == POISON) {
                        stop = true;
                        break;
                    }
                    buffers[n++] = ByteBuffer.wrap(m);
                }
                // Logged before the write so they precede the receiver's entries when both ends share this log.
                log.messages(Direction.SENT, Protocol.TCP, localText, remoteText, stop ? batch.subList(0, n) : batch,
                        framing == Framing.NEWLINE ? 1 : 0);
                int done = 0;
                while (done < n) {
                    long w = channel.write(buffers, done, n - done);
                    bytesOut.addAndGet(w);
                    // A message counts as written only once the kernel has taken its last byte.
                    while (done < n && !buffers[done].hasRemaining()) {
                        writtenBytes.addAndGet(buffers[done].capacity());
                        written.incrementAndGet();
                        buffers[done++] = null;
                    }
                }
                if (stop) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void readLoop() {
        FrameDecoder decoder = new FrameDecoder(framing, maxMessage);
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        try {
            while (true) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    if (!closed) {
                        log.event(Protocol.TCP, localText, remoteText, "closed by the server (FIN)");
                        setFailure(new NetError(NetError.Kind.CLOSED, "The server " + remoteText
                                + " closed the connection. Connect again to send."));
                    }
                    return;
                }
                decoder.feed(buf.array(), n, data -> log.message(Direction.RECEIVED, Protocol.TCP, localText,
                        remoteText, data, 0, data.length, ""));
            }
        } catch (NetError e) {
            setFailure(e);
            log.event(Protocol.TCP, localText, remoteText, e.getMessage());
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        if (closed || e instanceof ClosedChannelException) {
            return;
        }
        NetError err = NetError.from(e, "TCP", "talk to", remoteText, 0);
        if (err.kind() == NetError.Kind.CONNECTION_RESET) {
            err = NetError.reset(remoteText, e);
        }
        if (setFailure(err)) {
            log.event(Protocol.TCP, localText, remoteText, err.getMessage());
        }
    }

    /**
     * Records why the connection ended. The kernel reports a reset only once, to whichever of the reader and the
     * writer asks first; the other may just see the end of the stream. So a reset replaces a plain close.
     */
    private synchronized boolean setFailure(NetError err) {
        NetError f = failure;
        if (f == null || (f.kind() == NetError.Kind.CLOSED && err.kind() == NetError.Kind.CONNECTION_RESET)) {
            failure = err;
            return true;
        }
        return false;
    }

    /** The error that ended the connection, or null while it is healthy. */
    public NetError failure() {
        return failure;
    }

    /** True while connected, not failed and not closing. */
    public boolean isOpen() {
        return !closing && failure == null;
    }

    public String localAddress() {
        return localText;
    }

    public String remoteAddress() {
        return remoteText;
    }

    /** Messages written whole to the socket. */
    public long written() {
        return written.get();
    }

    /** Bytes, newline framing included, of the messages written whole to the socket. */
    public long writtenBytes() {
        return writtenBytes.get();
    }

    /** Messages waiting in the queue. */
    public int queued() {
        return queue.size();
    }

    /**
     * Messages that were accepted but will never be written whole: those still queued, or cut part way, when the
     * connection failed or the close gave up on a peer that does not read. 0 while the writer is still running.
     */
    public long unsent() {
        return writer.isAlive() ? 0 : enqueued.get() - written.get();
    }

    /**
     * Closes the connection without waiting: nothing more is accepted, messages still queued are written for up to
     * half a second on a thread of its own, then the socket is closed (FIN). Returns at once, so it may be called on
     * a UI thread; see {@link #closeAsync()} to wait for the end. Idempotent.
     */
    @Override
    public void close() {
        closeAsync();
    }

    /**
     * Starts the close as {@link #close()} does and returns a future that completes once the writer and reader
     * threads have ended (within about a second), when {@link #written()} and {@link #unsent()} are final.
     */
    public CompletableFuture<Void> closeAsync() {
        synchronized (sendLock) {
            if (closing) {
                return closedFuture.copy();
            }
            closing = true;
        }
        // After every accepted message; if the queue is full the writer stops once it finds it empty.
        queue.offer(POISON);
        Thread closer = new Thread(this::finishClose, "tcp-client-close-" + localPort);
        closer.setDaemon(true);
        closer.start();
        return closedFuture.copy();
    }

    /** Waits up to {@code timeout} for a close already begun to end its threads; true when it did. */
    public boolean awaitClosed(Duration timeout) {
        return TcpServer.await(closedFuture, timeout);
    }

    /** Runs on the closer thread: lets the writer finish, then closes the socket and logs the close. */
    private void finishClose() {
        try {
            // A peer that reads gets what was queued; one that does not cannot hold the close for more than this.
            TcpServer.joinBy(writer, System.nanoTime() + 500_000_000L);
            closed = true;
            Addresses.closeQuietly(channel);
            long deadline = System.nanoTime() + 500_000_000L;
            TcpServer.joinBy(writer, deadline);
            TcpServer.joinBy(reader, deadline);
            long lost = unsent();
            log.event(Protocol.TCP, localText, remoteText, "closed the connection (FIN)" + (lost == 0 ? ""
                    : "; " + lost + (lost == 1 ? " queued message was" : " queued messages were") + " not sent"));
        } finally {
            closedFuture.complete(null);
        }
    }
}
