package streamlab.ui.net;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import streamlab.net.ExperimentConfig;
import streamlab.net.ExperimentResult;
import streamlab.net.NetError;
import streamlab.net.ProtocolResult;
import streamlab.net.UdpVsTcpExperiment;
import streamlab.ui.Settings;

/**
 * Confined to the FX Application Thread; the run itself goes to the executor given, and its result comes back
 * through the FX executor. The UDP-versus-TCP experiment: message count, rate, simulated drop and reorder, seed, and
 * the results.
 */
final class ExperimentViewModel implements AutoCloseable {

    /** One group of the chart: a metric with its UDP and TCP bars. */
    record Bar(String metric, int udp, int tcp) {
    }

    private final Executor fx;
    private final Executor runner;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private final StringProperty count = new SimpleStringProperty(this, "count",
            String.valueOf(ExperimentConfig.DEFAULT_COUNT));
    private final StringProperty rate = new SimpleStringProperty(this, "rate", "0");
    private final StringProperty drop = new SimpleStringProperty(this, "drop", "0");
    private final StringProperty reorder = new SimpleStringProperty(this, "reorder", "0");
    /** The seed as typed; empty means a new random seed for each run. */
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "");
    /** The seed the last run used, so that it can be typed in to repeat that run. */
    private final ReadOnlyStringWrapper seedUsed = new ReadOnlyStringWrapper(this, "seedUsed", "");
    /** Draws a new seed for a run whose seed field is empty. */
    private final LongSupplier newSeed;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<ExperimentResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    /** The results table: metric, UDP, TCP. */
    private final ObservableList<String[]> rows = FXCollections.observableArrayList();

    /**
     * @param fx     runs the result on the FX thread ({@code Platform::runLater}; tests pass a direct one)
     * @param runner runs the experiment, which takes seconds
     */
    ExperimentViewModel(Executor fx, Executor runner) {
        this(fx, runner, () -> ThreadLocalRandom.current().nextLong(1, 1_000_000_000L));
    }

    /** @param newSeed draws the seed of a run whose seed field is empty */
    ExperimentViewModel(Executor fx, Executor runner, LongSupplier newSeed) {
        this.fx = fx;
        this.runner = runner;
        this.newSeed = newSeed;
    }

    StringProperty countProperty() {
        return count;
    }

    StringProperty rateProperty() {
        return rate;
    }

    StringProperty dropProperty() {
        return drop;
    }

    StringProperty reorderProperty() {
        return reorder;
    }

    /** The simulated link's seed as typed, so a run can be repeated exactly; empty for a new one each run. */
    StringProperty seedProperty() {
        return seed;
    }

    /** What the last run's seed was, for example {@code seed 123456 (new)}; empty before the first run. */
    ReadOnlyStringProperty seedUsedProperty() {
        return seedUsed.getReadOnlyProperty();
    }

    /** True from a run's start to its result: the run button is off meanwhile. */
    ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last result, or null before the first run. */
    ReadOnlyObjectProperty<ExperimentResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    ObservableList<String[]> rows() {
        return rows;
    }

    /**
     * The settings as typed.
     *
     * @throws NetError naming the field that does not read, or the value out of range
     */
    ExperimentConfig config() {
        return new ExperimentConfig(SocketsInputs.wholeNumber(count.get(), "message count"),
                SocketsInputs.wholeNumber(rate.get(), "rate"), SocketsInputs.number(drop.get(), "drop percentage"),
                SocketsInputs.number(reorder.get(), "reorder percentage"), seed(), null, null);
    }

    /** The seed typed, or a new one when the field is empty. */
    private long seed() {
        String t = seed.get() == null ? "" : seed.get().strip().replace(",", "");
        if (t.isEmpty()) {
            return newSeed.getAsLong();
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new NetError(NetError.Kind.OTHER, "The seed '" + seed.get().strip() + "' is not a whole number. "
                    + "Leave it empty for a new seed each run.");
        }
    }

    /**
     * Runs the experiment with the settings as typed; does nothing while one runs. A typing mistake shows in the
     * status at once.
     *
     * @return completes with the result (already shown), or exceptionally
     */
    CompletableFuture<ExperimentResult> run() {
        if (running.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("an experiment is running"));
        }
        ExperimentConfig config;
        try {
            config = config();
        } catch (NetError e) {
            status.set(e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ExperimentResult> run;
        try {
            run = CompletableFuture.supplyAsync(() -> UdpVsTcpExperiment.run(config, null, cancelled::get), runner);
        } catch (RejectedExecutionException e) {
            // The tab is closing.
            return CompletableFuture.failedFuture(e);
        }
        running.set(true);
        status.set("Running: " + config.count() + " messages over UDP, then over TCP\u2026");
        run.whenComplete((r, error) -> fx.execute(() -> {
            running.set(false);
            if (error == null) {
                show(r);
            } else {
                status.set(SocketsInputs.describe(error));
            }
        }));
        return run;
    }

    /** Fills the results table, the chart's bars and the status. */
    void show(ExperimentResult r) {
        ProtocolResult u = r.udp();
        ProtocolResult t = r.tcp();
        rows.setAll(
                row("sent", u, t, ProtocolResult::sent),
                row("delivered", u, t, ProtocolResult::delivered),
                row("lost", u, t, ProtocolResult::lost),
                row("duplicated", u, t, ProtocolResult::duplicated),
                row("out of order", u, t, ProtocolResult::outOfOrder),
                row("time (ms)", u, t, p -> p.ms()),
                row("messages/s", u, t, p -> Math.round(p.perSecond())));
        result.set(r);
        boolean typed = seed.get() != null && !seed.get().isBlank();
        seedUsed.set("Seed used: " + r.config().seed() + (typed ? "" : " (new)"));
        status.set(r.simulated()
                ? String.format(Locale.ROOT, "SIMULATED lossy link for UDP (drop %s%%, reorder %s%%, seed %d): "
                        + "%d dropped, %d reordered on purpose. TCP untouched.",
                        percent(r.config().dropPercent()), percent(r.config().reorderPercent()), r.config().seed(),
                        u.simulatedDrops(), u.simulatedReorders())
                : "No simulation: any UDP loss is real (for example a full receive buffer). Try a simulated drop "
                        + "of 5% and reorder of 2%.");
    }

    /** The chart's groups for the last result; empty before the first run. */
    List<Bar> bars() {
        ExperimentResult r = result.get();
        if (r == null) {
            return List.of();
        }
        return List.of(
                new Bar("delivered", Math.max(0, r.udp().delivered()), Math.max(0, r.tcp().delivered())),
                new Bar("lost", Math.max(0, r.udp().lost()), Math.max(0, r.tcp().lost())),
                new Bar("out of order", r.udp().outOfOrder(), r.tcp().outOfOrder()));
    }

    /** The UDP series' name, which says when the link was simulated. */
    String udpSeriesName() {
        ExperimentResult r = result.get();
        return r != null && r.simulated() ? "UDP (simulated lossy link)" : "UDP";
    }

    private static String percent(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static String[] row(String name, ProtocolResult u, ProtocolResult t, Function<ProtocolResult, Number> f) {
        return new String[] {name, fmt(f.apply(u)), fmt(f.apply(t))};
    }

    private static String fmt(Number n) {
        return n.longValue() < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", n.longValue());
    }

    /** Puts back the last session's settings (a stored value out of range keeps the default) and stores changes. */
    void useSettings(Settings settings) {
        restore(settings, SocketsSettings.EXPERIMENT_COUNT, count);
        restore(settings, SocketsSettings.EXPERIMENT_RATE, rate);
        restore(settings, SocketsSettings.EXPERIMENT_DROP, drop);
        restore(settings, SocketsSettings.EXPERIMENT_REORDER, reorder);
    }

    private static void restore(Settings settings, Settings.Key<String> key, StringProperty field) {
        field.set(settings.getOr(key, field.get()));
        settings.track(key, field);
    }

    /** Asks a running experiment to stop; its own threads end with it. */
    @Override
    public void close() {
        cancelled.set(true);
    }
}
