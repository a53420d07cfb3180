package streamlab.ui.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.apache.logging.log4j.LogManager;
import streamlab.kafka.BrokerException;
import streamlab.kafka.BrokerSettings;
import streamlab.kafka.KafkaBroker;

/**
 * Confined to the FX Application Thread, except {@link #close()}, which any thread may call. The built-in broker's
 * bar: Start, Stop and Reset, the port, and what the broker is doing. Starting and stopping block for seconds, so
 * they run on the tab's background executor; the outcome comes back on the FX executor.
 */
final class BrokerViewModel implements AutoCloseable {

    /** Where the broker is in its life. */
    enum State { STOPPED, STARTING, RUNNING, STOPPING }

    /** How long closing the window waits for the broker's threads; Kafka needs about half a second. */
    static final long CLOSE_WAIT_MS = 5_000;

    private final Path dataDir;
    private final Executor fx;
    private final Executor io;
    private final Consumer<String> onReady;
    /** Set on the background thread when a start succeeds; taken by a stop or by {@link #close()}. */
    private final AtomicReference<KafkaBroker> broker = new AtomicReference<>();
    private volatile boolean closed;

    private final IntegerProperty port = new SimpleIntegerProperty(BrokerSettings.DEFAULT_PORT);
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.STOPPED);
    private final StringProperty status = new SimpleStringProperty("Built-in broker stopped.");
    private final BooleanProperty error = new SimpleBooleanProperty();
    private final BooleanProperty offerReset = new SimpleBooleanProperty();
    private final IntegerProperty alternativePort = new SimpleIntegerProperty();

    /**
     * @param dataDir the broker's data folder ({@code out/kafka})
     * @param onReady hears the bootstrap servers of a broker that has just started, on the FX thread
     */
    BrokerViewModel(Path dataDir, Executor fx, Executor io, Consumer<String> onReady) {
        this.dataDir = dataDir;
        this.fx = fx;
        this.io = io;
        this.onReady = onReady;
    }

    /** Starts the broker on {@link #portProperty()}; returns at once. */
    void start() {
        if (state.get() != State.STOPPED) {
            return;
        }
        BrokerSettings settings = new BrokerSettings(port.get(), dataDir, false);
        state.set(State.STARTING);
        offerReset.set(false);
        alternativePort.set(0);
        show("Starting the built-in broker on port " + settings.port() + " …", false);
        io.execute(() -> {
            try {
                KafkaBroker b = KafkaBroker.start(settings, step -> fx.execute(() -> {
                    if (state.get() == State.STARTING) {
                        show(step + " …", false);
                    }
                }));
                if (closed) {
                    b.close();
                    return;
                }
                broker.set(b);
                fx.execute(() -> started(b));
            } catch (BrokerException e) {
                fx.execute(() -> failed(e));
            } catch (RuntimeException e) {
                fx.execute(() -> failed(new BrokerException(BrokerException.Kind.FAILED, String.valueOf(
                        e.getMessage()), e)));
            }
        });
    }

    private void started(KafkaBroker b) {
        state.set(State.RUNNING);
        show("Built-in broker running on " + b.bootstrap() + " (data in " + dataDir + ").", false);
        onReady.accept(b.bootstrap());
    }

    private void failed(BrokerException e) {
        state.set(State.STOPPED);
        show("The broker did not start: " + e.getMessage(), true);
        offerReset.set(e.kind() == BrokerException.Kind.CORRUPT_DATA);
        alternativePort.set(e.kind() == BrokerException.Kind.PORT_BUSY ? e.alternativePort().orElse(0) : 0);
    }

    /** Starts on the port the last failure named. */
    void useAlternativePort() {
        if (alternativePort.get() > 0) {
            port.set(alternativePort.get());
            start();
        }
    }

    /** Stops the broker; the data stays. Returns at once. */
    void stop() {
        KafkaBroker b = broker.getAndSet(null);
        if (b == null) {
            return;
        }
        state.set(State.STOPPING);
        show("Stopping the built-in broker …", false);
        io.execute(() -> {
            b.close();
            fx.execute(() -> {
                state.set(State.STOPPED);
                show("Built-in broker stopped. Its topics and offsets stay in " + dataDir + ".", false);
            });
        });
    }

    /** Wipes the broker's data folder: every topic, message and committed offset. Only while it is stopped. */
    void reset() {
        if (state.get() != State.STOPPED) {
            show("Stop the broker before Reset.", true);
            return;
        }
        io.execute(() -> {
            try {
                KafkaBroker.reset(dataDir);
                fx.execute(() -> {
                    offerReset.set(false);
                    show("Data folder wiped (" + dataDir + "). Start gives an empty broker.", false);
                });
            } catch (IOException e) {
                fx.execute(() -> show("Reset failed: " + e.getMessage(), true));
            }
        });
    }

    /** The running broker's bootstrap servers, or null. Any thread. */
    String bootstrap() {
        KafkaBroker b = broker.get();
        return b == null ? null : b.bootstrap();
    }

    /** Once a frame: notices a broker that stopped on its own (a full disk, say). */
    void frame() {
        KafkaBroker b = broker.get();
        if (b != null && state.get() == State.RUNNING && b.fault() != null) {
            broker.compareAndSet(b, null);
            state.set(State.STOPPED);
            show("The built-in broker stopped: " + b.fault(), true);
        }
    }

    private void show(String text, boolean isError) {
        status.set(text);
        error.set(isError);
    }

    /**
     * Stops the broker, waiting at most {@link #CLOSE_WAIT_MS} for Kafka's threads; a start still under way closes
     * its broker when it ends. Any thread; called on the window's closing thread, never the FX thread.
     */
    @Override
    public void close() {
        closed = true;
        KafkaBroker b = broker.getAndSet(null);
        if (b == null) {
            return;
        }
        CompletableFuture<Void> done = CompletableFuture.runAsync(b::close, r -> {
            Thread t = new Thread(r, "kafka-broker-close");
            t.setDaemon(true);
            t.start();
        });
        try {
            done.get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LogManager.getLogger(BrokerViewModel.class).warn("The built-in broker did not stop within {} ms",
                    CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LogManager.getLogger(BrokerViewModel.class).warn("Stopping the broker failed: {}", e.getCause().toString());
        }
    }

    IntegerProperty portProperty() {
        return port;
    }

    ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    ReadOnlyStringProperty statusProperty() {
        return status;
    }

    ReadOnlyBooleanProperty errorProperty() {
        return error;
    }

    ReadOnlyBooleanProperty offerResetProperty() {
        return offerReset;
    }

    ReadOnlyIntegerProperty alternativePortProperty() {
        return alternativePort;
    }
}
