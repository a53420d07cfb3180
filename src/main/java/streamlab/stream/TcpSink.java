package streamlab.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe; {@link #send} and {@link #close} are confined to the engine thread, {@link #abort} may come from any
 * thread. Newline-framed records over one TCP connection. A named thread connects and, after a failure,
 * reconnects with exponential backoff (100 ms doubling to 5 s). While there is no connection, records are not
 * queued: each one is counted as dropped (and failed), so the stream keeps its pace and memory stays bounded. The
 * engine waits for the first connection attempt ({@link #awaitFirstAttempt}) before the first record, so that record
 * is not dropped while the connection opens.
 */
final class TcpSink extends Sink {

    static final long FIRST_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 5000;
    /** How long one connection attempt may take; the first record waits at most a little longer. */
    static final int CONNECT_TIMEOUT_MS = 3000;

    private final SinkSpec.Tcp spec;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the connection is lost or the sink closes. */
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private Socket socket;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}; connection attempts finished, successful or not. */
    private int attempts;
    private volatile String state = "connecting";
    private InetSocketAddress target;
    private Thread connector;

    TcpSink(SinkSpec.Tcp spec) {
        super("tcp " + spec.host() + ":" + spec.port());
        this.spec = spec;
    }

    @Override
    void open() throws StreamInputException {
        if (spec.port() < 1 || spec.port() > 65535) {
            throw new StreamInputException("TCP port " + spec.port() + " is out of range. Use 1 to 65535.");
        }
        try {
            target = new InetSocketAddress(InetAddress.getByName(spec.host()), spec.port());
        } catch (UnknownHostException e) {
            throw new StreamInputException("Unknown TCP host '" + spec.host() + "'. Check the name, or use localhost.");
        }
        connector = new Thread(this::connectLoop, "stream-tcp-" + spec.host() + "-" + spec.port());
        connector.setDaemon(true);
        connector.start();
    }

    /** Waits up to {@code timeoutMs} for a connection; for tests and for a first record that should not be lost. */
    boolean awaitConnected(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try {
            while (socket == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return socket != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the first connection attempt has ended (at most a little over the connect timeout), so the first
     * record is not dropped while the connection opens; true if connected.
     */
    boolean awaitFirstAttempt() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS + 500L);
        lock.lock();
        try {
            while (socket == null && attempts == 0 && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return socket != null;
        } finally {
            lock.unlock();
        }
    }

    /** The sink's settings. */
    SinkSpec.Tcp spec() {
        return spec;
    }

    private void connectLoop() {
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            lock.lock();
            try {
                while (socket != null && !closed) {
                    changed.await();
                }
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            Socket s = new Socket();
            try {
                s.connect(target, CONNECT_TIMEOUT_MS);
                s.setTcpNoDelay(true);
                lock.lock();
                try {
                    if (closed) {
                        s.close();
                        return;
                    }
                    socket = s;
                    attempts++;
                    state = "connected";
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                backoff = FIRST_BACKOFF_MS;
            } catch (IOException e) {
                closeQuietly(s);
                lastError = "cannot connect to " + spec.host() + ":" + spec.port() + ": " + e.getMessage();
                state = "reconnecting in " + backoff + " ms";
                lock.lock();
                try {
                    attempts++;
                    changed.signalAll();
                    if (!closed) {
                        changed.await(backoff, TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException ie) {
                    return;
                } finally {
                    lock.unlock();
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    @Override
    void send(String message, byte[] utf8) throws IOException {
        Socket s;
        lock.lock();
        try {
            s = socket;
        } finally {
            lock.unlock();
        }
        if (s == null) {
            dropped.incrementAndGet();
            throw new IOException("not connected to " + spec.host() + ":" + spec.port() + "; record dropped");
        }
        byte[] line = Arrays.copyOf(utf8, utf8.length + 1);
        line[utf8.length] = '\n';
        try {
            OutputStream out = s.getOutputStream();
            out.write(line);
            out.flush();
            sent.incrementAndGet();
        } catch (IOException e) {
            lock.lock();
            try {
                if (socket == s) {
                    socket = null;
                    state = "reconnecting";
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
            closeQuietly(s);
            throw new IOException("connection to " + spec.host() + ":" + spec.port() + " lost: " + e.getMessage(), e);
        }
    }

    @Override
    String state() {
        return state;
    }

    /**
     * Closes the socket, so a write blocked on a peer that stopped reading returns with an error, and ends the
     * connector and any wait for a connection. Thread-safe: the one thing another thread may do to this sink while the
     * engine thread owns it; the engine thread still calls {@link #close()} afterwards.
     */
    void abort() {
        Socket s;
        lock.lock();
        try {
            closed = true;
            s = socket;
            socket = null;
            state = "closed";
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeQuietly(s);
    }

    @Override
    public void close() {
        abort();
        if (connector != null) {
            try {
                // A connect() in progress may hold the daemon thread up to its timeout; it exits right after, unowned.
                connector.join(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing more to do
            }
        }
    }
}
