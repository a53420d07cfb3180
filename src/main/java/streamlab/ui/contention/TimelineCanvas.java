package streamlab.ui.contention;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import streamlab.contention.ContentionRun;
import streamlab.contention.Durations;
import streamlab.contention.LaneRecorder;
import streamlab.contention.LaneState;
import streamlab.contention.LiveSnapshot;
import streamlab.contention.Marker;
import streamlab.contention.Outcome;
import streamlab.contention.Phase;
import streamlab.contention.SegmentBlock;
import streamlab.ui.CanvasTheme;

/**
 * The timeline: one lane per worker, phase colours, marks and markers, on a time axis or (order view) on the sequence
 * of lock acquisitions. The mouse wheel zooms around the pointer, dragging pans, double-click or F fits, O switches
 * to the order view; hovering shows the task under the pointer. When few tasks are in view each is its own segment
 * ({@link TaskSegments}); zoomed out, lanes are aggregated per pixel by {@link TimelineLayout}. Colours and font
 * sizes follow the theme and the zoom ({@link TimelineTheme}). Confined to the FX Application Thread.
 */
public final class TimelineCanvas extends Region {

    /**
     * Okabe-Ito colours, safe for the common kinds of colour blindness; phases also differ in bar height and marks in
     * shape. Text on the canvas is drawn in the theme's text colour: some of these are too light for small text.
     */
    public static final Color WAITING = Color.web("#E69F00");
    public static final Color HOLDING = Color.web("#56B4E9");
    public static final Color WRITING = Color.web("#009E73");
    public static final Color ERROR = Color.web("#D55E00");
    /** Lost updates: a strong magenta, outlined in the theme's text colour so it stands out on both themes. */
    public static final Color LOST = Color.web("#A81070");
    public static final Color LOCK_LINE = Color.web("#0072B2");
    /** A phase the legend does not know yet (the recorder may add one): drawn dotted in this colour. */
    public static final Color OTHER = Color.web("#999999");
    /** A process worker's start-up (spawn to hello): grey, hatched, so it never passes for a phase of a task. */
    public static final Color STARTING = Color.web("#8A8A8A");
    /** One colour per worker for the completion-order strip; numbers are drawn on them too. */
    static final Color[] WORKER_COLOURS = {
        Color.web("#4E79A7"), Color.web("#F28E2B"), Color.web("#59A14F"), Color.web("#B07AA1"),
        Color.web("#EDC948"), Color.web("#76B7B2"), Color.web("#E15759"), Color.web("#9C755F"),
    };

    /** Sizes at 100 % zoom; the canvas multiplies them by the zoom. */
    static final double GUTTER = 120;
    static final double AXIS = 26;
    static final double MAX_LANE = 40;
    /** The narrowest a phase a task went through is drawn, at 100 %. */
    static final double MIN_PHASE_PX = 5;
    /** The room a task needs on average to be drawn as its own segment, at 100 %. */
    static final double MIN_TASK_PX = 14;
    /** The lost-update mark's height, at 100 %. */
    static final double LOST_MARK_PX = 16;
    static final double STRIP = 20;
    static final double MAX_SLOT = 96;
    /** Above this many records in all lanes, lost-update links and the order view are not worked out live. */
    private static final int ORDER_LIMIT = 200_000;
    private static final Pattern WORKER_IN_TEXT = Pattern.compile("^worker-(\\d+)\\b");

    /** A label as drawn, for tests: its text and box in canvas pixels. */
    public record PlacedLabel(String text, double x, double y, double width, double height) {
    }

    private final Canvas canvas = new Canvas();
    private final Label hover = new Label();
    private final TimelineTheme theme = new TimelineTheme();
    private final Text measure = new Text();
    /** Text widths and heights per font: the same few labels are measured every frame. Cleared on zoom. */
    private final java.util.Map<Font, java.util.Map<String, Double>> widths = new java.util.HashMap<>();
    private final java.util.Map<Font, Double> heights = new java.util.HashMap<>();
    /** One layout per lane, so lanes can be laid out in parallel. */
    private TimelineLayout[] layouts = new TimelineLayout[0];
    private TaskSegments[] segments = new TaskSegments[0];
    private boolean[] segmented = new boolean[0];
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final BooleanProperty orderView = new SimpleBooleanProperty(this, "orderView", false);
    private final List<PlacedLabel> labels = new ArrayList<>();

    private ContentionRun run;
    private long viewStart;
    private double nsPerPx = 1e6;
    private double dragX;
    private long dragStart;
    private boolean dirty = true;
    private OrderLayout order;
    private long orderStamp = -1;
    private long orderBuiltAt;

    // Sizes of the frame being drawn, at the current zoom.
    private double scale = 1;
    private double gutter = GUTTER;
    private double axis = AXIS;
    private Color text = Color.BLACK;
    private Color background = Color.WHITE;
    private Font font = Font.font(11);
    private Font small = Font.font(10);
    private Font bold = Font.font(11);

    public TimelineCanvas() {
        getStyleClass().add("timeline");
        hover.getStyleClass().add("timeline-hover");
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        hover.setManaged(false);
        getChildren().add(canvas);
        getChildren().addAll(theme.probes());
        getChildren().add(hover);
        setFocusTraversable(true);
        setMinSize(200, 60);
        // A theme switch or a zoom step changes the colours and sizes: the whole canvas is drawn again.
        theme.onChange(this::repaint);

        addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            dragX = e.getX();
            dragStart = viewStart;
            if (e.getClickCount() == 2) {
                fit();
            }
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (orderView.get()) {
                return;
            }
            follow.set(false);
            viewStart = dragStart - Math.round((e.getX() - dragX) * nsPerPx);
            hover.setVisible(false);
            repaint();
        });
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> showHover(e.getX(), e.getY()));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setVisible(false));
        addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
        follow.addListener((obs, was, on) -> repaint());
        orderView.addListener((obs, was, on) -> {
            hover.setVisible(false);
            repaint();
        });
    }

    /** Follow the run live: the view keeps the whole run in the window. Zooming or panning turns it off. */
    public BooleanProperty followProperty() {
        return follow;
    }

    /** The order view: the x axis is the sequence of lock acquisitions instead of time. */
    public BooleanProperty orderViewProperty() {
        return orderView;
    }

    /** The canvas, for tests that read its pixels. */
    public Canvas canvas() {
        return canvas;
    }

    /** The labels drawn in the last frame, for tests. */
    public List<PlacedLabel> placedLabels() {
        return List.copyOf(labels);
    }

    /** The lane's segments from the last frame, or null when it was aggregated per pixel (for tests). */
    TaskSegments segmentsOf(int lane) {
        return lane < segmented.length && segmented[lane] ? segments[lane] : null;
    }

    /** The zoom the last frame was drawn at (1 at 100 %). */
    public double drawScale() {
        return scale;
    }

    /** The hover card's text, or empty when hidden. */
    public String hoverText() {
        return hover.isVisible() ? hover.getText() : "";
    }

    /** Nanoseconds per pixel of the current view. */
    double nsPerPx() {
        return nsPerPx;
    }

    /** Time at the plot's left edge, in nanoseconds since the run started. */
    long viewStart() {
        return viewStart;
    }

    /** The run being shown, or null. */
    public ContentionRun run() {
        return run;
    }

    public void setRun(ContentionRun next) {
        run = next;
        viewStart = 0;
        order = null;
        orderStamp = -1;
        follow.set(true);
        hover.setVisible(false);
        repaint();
    }

    /** Forgets cached layouts, so the next frame aggregates every record again (for benchmarks of a new view). */
    public void invalidate() {
        for (TimelineLayout l : layouts) {
            l.invalidate();
        }
    }

    /** Shows the whole run and follows it again. */
    public void fit() {
        follow.set(true);
        repaint();
    }

    /** Zooms by {@code factor} (above 1 zooms in) around the plot's x position {@code x}. */
    public void zoom(double factor, double x) {
        follow.set(false);
        double px = Math.max(0, x - gutter);
        long at = viewStart + Math.round(px * nsPerPx);
        nsPerPx = Math.max(0.5, nsPerPx / factor);
        viewStart = at - Math.round(px * nsPerPx);
        repaint();
    }

    /** Called once per frame: redraws when the run is live or the view changed. */
    public void redraw() {
        if (!dirty && (run == null || !run.isRunning())) {
            return;
        }
        boolean live = run != null && run.isRunning();
        dirty = live;
        draw();
    }

    private void repaint() {
        dirty = true;
        redraw();
    }

    @Override
    protected void layoutChildren() {
        if (CanvasTheme.fitCanvas(canvas, getWidth(), getHeight())) {
            repaint();
        }
        hover.autosize();
    }

    private int plotWidth() {
        return (int) Math.max(1, canvas.getWidth() - gutter - 8 * scale);
    }

    private double laneHeight(int lanes) {
        return laneHeight(canvas.getHeight(), axis, lanes, orderView.get(), scale);
    }

    /**
     * Every lane stays on screen: with many workers in a small window, lanes get as thin as one pixel. The order
     * view's completion strip takes the room of one more lane, at most {@link #STRIP} high.
     */
    static double laneHeight(double height, double axis, int lanes, boolean order, double scale) {
        double room = height - axis - 4 - (order ? 6 * scale : 0);
        return Math.min(MAX_LANE * scale, Math.max(1, room / (Math.max(1, lanes) + (order ? 1 : 0))));
    }

    private double stripHeight(double laneH) {
        return Math.max(1, Math.min(STRIP * scale, laneH));
    }

    private void takeTheme() {
        if (theme.scale() != scale || widths.size() > 8 || widths.values().stream().anyMatch(m -> m.size() > 4096)) {
            widths.clear();
            heights.clear();
        }
        scale = theme.scale();
        gutter = Math.round(GUTTER * scale);
        // The axis needs room for one line of its labels, no more: height goes to the lanes.
        axis = Math.round(Math.max(AXIS, 11 * scale + 10));
        text = theme.text();
        background = theme.background();
        font = theme.font(11, false);
        small = theme.font(10, false);
        bold = theme.font(11, true);
    }

    private void draw() {
        takeTheme();
        labels.clear();
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        g.setFont(font);
        if (run == null) {
            g.setFill(text);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("Press Start: one lane per worker will appear here. Wheel zooms, drag pans, F fits, O switches"
                    + " to the order view.", w / 2, h / 2);
            return;
        }
        long now = run.elapsedNanos();
        int width = plotWidth();
        List<LaneRecorder> lanes = run.lanes();
        double laneH = laneHeight(lanes.size());
        SegmentBlock[] blocks = new SegmentBlock[lanes.size()];
        int[] counts = new int[lanes.size()];
        for (int l = 0; l < lanes.size(); l++) {
            blocks[l] = lanes.get(l).block();
            counts[l] = blocks[l].count();
        }
        updateOrder(blocks, counts);
        for (int l = 0; l < lanes.size(); l++) {
            drawGutter(g, lanes.get(l), laneTop(l, laneH), laneH);
        }
        if (orderView.get()) {
            drawOrder(g, lanes, blocks, laneH, width);
        } else {
            drawTime(g, lanes, blocks, counts, laneH, width, now, h);
        }
    }

    private double laneTop(int lane, double laneH) {
        return axis + lane * laneH;
    }

    /** Works out the order (and the lost-update links) again when records were added; live at most 4 times a second. */
    private void updateOrder(SegmentBlock[] blocks, int[] counts) {
        long stamp = 0;
        long total = 0;
        for (int l = 0; l < blocks.length; l++) {
            stamp = stamp * 31 + System.identityHashCode(blocks[l]) * 17L + counts[l];
            total += counts[l];
        }
        if (total > ORDER_LIMIT) {
            order = null;
            return;
        }
        long t = System.nanoTime();
        boolean live = run.isRunning();
        if (stamp != orderStamp && (order == null || !live || t - orderBuiltAt > 250_000_000L)) {
            order = OrderLayout.build(List.of(blocks), counts);
            orderStamp = stamp;
            orderBuiltAt = t;
        }
    }

    // ---- Time view ----

    private void drawTime(GraphicsContext g, List<LaneRecorder> lanes, SegmentBlock[] blocks, int[] counts,
                          double laneH, int width, long now, double h) {
        if (follow.get()) {
            // From the first task on: the threads' start-up before it says nothing about the lock.
            long first = firstActivity(lanes, blocks, counts, now);
            long span = Math.max(now - first, 1_000_000);
            // A margin once it ended; live, the start stays put so the per-pixel layouts can add to their cache.
            viewStart = Math.max(0, first - (run.isRunning() ? 0 : span / 50));
            double fit = Math.max((now - viewStart) * 1.02, 1_000_000) / width;
            if (!run.isRunning()) {
                nsPerPx = fit;
            } else if (fit > nsPerPx || fit < nsPerPx / 4) {
                // Live, the scale grows in steps with room to spare, so most frames keep the view and only add
                // the records published since the last frame.
                nsPerPx = fit * 1.5;
            }
        }
        drawTimeAxis(g, width, h);
        layoutLanes(lanes, blocks, counts, width, now);
        List<double[]> lost = new ArrayList<>();
        for (int l = 0; l < lanes.size(); l++) {
            double y = laneTop(l, laneH);
            drawStarting(g, lanes.get(l), y, laneH, width, now);
            if (segmented[l]) {
                drawSegments(g, lanes.get(l), blocks[l], segments[l], y, laneH, width, now, l, lost);
            } else {
                drawAggregated(g, layouts[l], y, laneH, width);
            }
            drawDeadTail(g, lanes.get(l), blocks[l], counts[l], y, laneH, width, now);
        }
        drawLost(g, lost, width, laneH);
        drawMarkers(g, lanes.size() * laneH, laneH, width);
    }

    /** When the first task began (or the first marker, if earlier), in nanoseconds since the run started. */
    private long firstActivity(List<LaneRecorder> lanes, SegmentBlock[] blocks, int[] counts, long now) {
        long first = now;
        for (int l = 0; l < lanes.size(); l++) {
            if (counts[l] > 0) {
                first = Math.min(first, blocks[l].start(0));
            } else {
                LiveSnapshot live = lanes.get(l).liveSnapshot();
                if (live.phase() != Phase.IDLE) {
                    first = Math.min(first, Math.max(0, Math.min(live.taskStart(), live.since())));
                }
            }
        }
        for (Marker m : run.markers()) {
            first = Math.min(first, m.atNanos());
        }
        for (LaneRecorder lane : lanes) {
            // A process's start-up is part of what a process run shows.
            if (lane.startingSince() >= 0) {
                first = Math.min(first, lane.startingSince());
            }
        }
        return Math.max(0, first);
    }

    /**
     * Lays out every lane: record by record when few are in view, else aggregated per pixel. Lanes are independent
     * and their published records immutable, so with many records they are laid out in parallel on the common pool;
     * the FX thread joins and takes a share of the work.
     */
    private void layoutLanes(List<LaneRecorder> lanes, SegmentBlock[] blocks, int[] counts, int width, long now) {
        if (layouts.length < lanes.size()) {
            TimelineLayout[] next = java.util.Arrays.copyOf(layouts, lanes.size());
            TaskSegments[] nextSegments = java.util.Arrays.copyOf(segments, lanes.size());
            for (int i = layouts.length; i < next.length; i++) {
                next[i] = new TimelineLayout();
                nextSegments[i] = new TaskSegments();
            }
            layouts = next;
            segments = nextSegments;
            segmented = new boolean[lanes.size()];
        }
        long records = 0;
        for (int c : counts) {
            records += c;
        }
        long start = viewStart;
        double ns = nsPerPx;
        double minPx = MIN_PHASE_PX * scale;
        double minTask = MIN_TASK_PX * scale;
        double gap = Math.max(1, Math.round(2 * scale));
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, lanes.size());
        (records > 50_000 ? range.parallel() : range).forEach(l -> {
            SegmentBlock block = blocks[l];
            segmented[l] = segments[l].layout(block, counts[l], start, ns, width, minPx, minTask, gap);
            if (!segmented[l]) {
                // One reading of the live phase, so its times belong to the same task.
                LiveSnapshot live = lanes.get(l).liveSnapshot();
                layouts[l].layout(block, counts[l], start, ns, width, live.phase(), live.since(),
                        live.taskStart(), live.holdStart(), now);
            }
        });
    }

    private void drawTimeAxis(GraphicsContext g, int width, double h) {
        double step = niceStep(nsPerPx * 110 * scale);
        long first = (long) (Math.ceil(viewStart / step) * step);
        g.setStroke(text.deriveColor(0, 1, 1, 0.18));
        g.setFill(text);
        g.setFont(font);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setLineWidth(1);
        for (double t = first; t <= viewStart + width * nsPerPx; t += step) {
            double x = gutter + Math.floor((t - viewStart) / nsPerPx) + 0.5;
            g.strokeLine(x, axis - 6 * scale, x, h);
            String label = Durations.formatNanos(Math.round(t));
            double tw = textWidth(label, font);
            double lx = Math.max(gutter, Math.min(x - tw / 2, gutter + width - tw));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(label, lx, 4 * scale);
        }
        g.setStroke(text.deriveColor(0, 1, 1, 0.5));
        g.strokeLine(gutter, axis - 0.5, gutter + width, axis - 0.5);
    }

    /** 1, 2 or 5 × 10^k nanoseconds, at least {@code min}. */
    static double niceStep(double min) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(1, min))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (p * m >= min) {
                return p * m;
            }
        }
        return p * 10;
    }

    /** The lane's name, its worker colour, and badges with its lost updates and errors. */
    private void drawGutter(GraphicsContext g, LaneRecorder lane, double y, double laneH) {
        if (laneH < 9 * scale) {
            return;
        }
        boolean dead = lane.state() == LaneState.KILLED;
        double cy = y + laneH / 2;
        double sw = 4 * scale;
        g.setFill(workerColour(lane.worker()));
        g.fillRect(2 * scale, cy - laneH * 0.35, sw, laneH * 0.7);
        g.setFill(text);
        g.setFont(font);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        String name = "worker-" + lane.worker() + (dead ? " ✝" : "");
        long pid = lane.pid();
        double lh = lineHeight(font);
        if (pid > 0 && laneH >= 2 * lh + 2) {
            // A process's id under its name, as ps and kill -9 know it.
            g.fillText(name, 10 * scale, cy - lh / 2);
            String pidText = "pid " + pid;
            g.setFont(small);
            g.fillText(pidText, 10 * scale, cy + lh / 2);
            g.setFont(font);
            labels.add(new PlacedLabel(pidText, 10 * scale, cy, textWidth(pidText, small), lineHeight(small)));
        } else if (pid > 0) {
            String both = "worker-" + lane.worker() + " · pid " + pid + (dead ? " ✝" : "");
            g.fillText(both, 10 * scale, cy);
            labels.add(new PlacedLabel(both, 10 * scale, cy - lh / 2, textWidth(both, font), lh));
        } else {
            g.fillText(name, 10 * scale, cy);
        }
        double right = gutter - 4 * scale;
        right = badge(g, "✕" + lane.errors(), lane.errors(), ERROR, right, cy, laneH);
        badge(g, "▼" + lane.overwrites(), lane.overwrites(), LOST, right, cy, laneH);
    }

    /** A count badge right-aligned at {@code right}; returns where the next one ends. */
    private double badge(GraphicsContext g, String label, long count, Color colour, double right, double cy,
                         double laneH) {
        if (count <= 0) {
            return right;
        }
        double tw = textWidth(label, small);
        double bw = tw + 6 * scale;
        double bh = Math.min(laneH - 2, 15 * scale);
        double x = right - bw;
        g.setFill(colour);
        g.fillRoundRect(x, cy - bh / 2, bw, bh, 6 * scale, 6 * scale);
        g.setFill(Color.WHITE);
        g.setFont(small);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(label, x + 3 * scale, cy);
        g.setFont(font);
        return x - 3 * scale;
    }

    static Color workerColour(int worker) {
        return WORKER_COLOURS[(worker - 1) % WORKER_COLOURS.length];
    }

    /** Fills a phase: solid when it lasted that long, hollow (outlined) when stretched to the minimum width. */
    private void phaseRect(GraphicsContext g, Phase p, double x0, double x1, double y, double laneH,
                           boolean stretched) {
        if (x1 <= x0) {
            return;
        }
        x0 = Math.max(x0, gutter);
        x1 = Math.min(x1, canvas.getWidth() - 8 * scale);
        if (x1 <= x0) {
            return;
        }
        double inner = Math.max(2, laneH - 3);
        double barH = p == Phase.WAITING || p == Phase.WAITING_FOR_DB ? Math.max(2, inner * 0.4) : inner;
        double top = y + 1 + (inner - barH) / 2;
        Color c = colour(p);
        double x = Math.round(x0);
        double w = Math.max(1, Math.round(x1) - x);
        if (stretched) {
            // Shorter than drawn: striped across with the background, so it never passes for a phase that lasted
            // this long. Whole-pixel stripes stay crisp at any width and cost a few rectangles.
            double band = Math.max(2, Math.round(2 * scale));
            double space = Math.max(1, Math.round(scale));
            g.setFill(c);
            for (double sy = top; sy < top + barH; sy += band + space) {
                g.fillRect(x, sy, w, Math.min(band, top + barH - sy));
            }
        } else if (c == OTHER) {
            g.setFill(c);
            for (double dx = x; dx < x + w; dx += 3) {
                g.fillRect(dx, top, 1.5, barH);
            }
        } else {
            g.setFill(c);
            g.fillRect(x, top, w, barH);
        }
    }

    private void drawSegments(GraphicsContext g, LaneRecorder lane, SegmentBlock b, TaskSegments s, double y,
                              double laneH, int width, long now, int laneIndex, List<double[]> lost) {
        double clipL = gutter;
        double clipR = gutter + width;
        for (int k = 0; k < s.size(); k++) {
            int i = s.record(k);
            int f = s.flags(k);
            double x0 = gutter + s.start(k);
            double xh = gutter + s.holdStart(k);
            double xt = gutter + s.tailStart(k);
            double x1 = gutter + s.end(k);
            // A wait for the app's lock, or (SQLite without the lock) for the database's own write lock.
            phaseRect(g, b.waitPhase(i), x0, xh, y, laneH, false);
            if ((f & TaskSegments.HELD) != 0) {
                phaseRect(g, Phase.HOLDING, xh, xt, y, laneH, (f & TaskSegments.STRETCHED_HOLD) != 0);
            }
            if ((f & TaskSegments.TAILED) != 0) {
                phaseRect(g, b.tailPhase(i), xt, x1, y, laneH, (f & TaskSegments.STRETCHED_TAIL) != 0);
            }
            Outcome o = b.outcome(i);
            if (b.errors(i) > 0) {
                cross(g, (xt + x1) / 2, y + laneH / 2, laneH);
            }
            if (o == Outcome.ABANDONED || o == Outcome.STOPPED) {
                g.setStroke(text);
                g.setLineWidth(2 * scale);
                g.strokeLine(x1, y + 1, x1, y + laneH - 1);
                g.setLineWidth(1);
            }
            if (b.lost(i) > 0) {
                lost.add(new double[] {laneIndex, i, (xt + x1) / 2, y});
            }
            // The task number, where there is room for it: on its wait, else on its hold if that is real.
            String n = b.taskCount(i) == 1 ? String.valueOf(b.firstTask(i))
                    : b.firstTask(i) + "–" + (b.firstTask(i) + b.taskCount(i) - 1);
            double tw = textWidth(n, small) + 6 * scale;
            double th = lineHeight(small);
            double waitH = Math.max(2, (laneH - 3) * 0.4);
            double l0 = Math.max(x0, clipL);
            double l1 = Math.min(xh, clipR);
            if ((l1 - l0 < tw || waitH < th) && (f & TaskSegments.STRETCHED_HOLD) == 0) {
                // On the hold instead, when the wait is too short or too thin for it.
                l0 = Math.max(xh, clipL);
                l1 = Math.min(xt, clipR);
                waitH = laneH - 3;
            }
            if (l1 - l0 >= tw && waitH >= th) {
                barText(g, n, (l0 + l1) / 2, y + laneH / 2);
            }
        }
        // The task in progress.
        LiveSnapshot live = lane.liveSnapshot();
        if (live.phase() != Phase.IDLE && now > live.since()) {
            double inv = 1.0 / nsPerPx;
            double from = s.size() > 0 ? gutter + s.end(s.size() - 1) + 1 : clipL;
            if (live.taskStart() >= 0 && live.taskStart() <= live.since()) {
                boolean held = live.holdStart() >= live.taskStart() && live.holdStart() <= live.since();
                double a = Math.max(from, gutter + (live.taskStart() - viewStart) * inv);
                double hs = gutter + ((held ? live.holdStart() : live.since()) - viewStart) * inv;
                phaseRect(g, Phase.WAITING, a, hs, y, laneH, false);
                if (held) {
                    phaseRect(g, Phase.HOLDING, Math.max(from, hs), gutter + (live.since() - viewStart) * inv, y,
                            laneH, false);
                }
            }
            phaseRect(g, live.phase(), Math.max(from, gutter + (live.since() - viewStart) * inv),
                    gutter + (now - viewStart) * inv, y, laneH, false);
        }
    }

    private void drawAggregated(GraphicsContext g, TimelineLayout layout, double y, double laneH, int width) {
        byte[] phases = layout.phases();
        byte[] marks = layout.marks();
        double inner = Math.max(2, laneH - 3);
        int x = 0;
        while (x < width) {
            byte p = phases[x];
            int end = x + 1;
            while (end < width && phases[end] == p) {
                end++;
            }
            if (p != TimelineLayout.EMPTY) {
                phaseRect(g, Phase.values()[p], gutter + x, gutter + end, y, laneH, false);
            }
            x = end;
        }
        for (int i = 0; i < width; i++) {
            byte m = marks[i];
            if (m == 0) {
                continue;
            }
            double cx = gutter + i + 0.5;
            if ((m & TimelineLayout.MARK_HELD) != 0 && phases[i] != Phase.HOLDING.ordinal()
                    && phases[i] != Phase.WRITING.ordinal()) {
                // A hold too short to cover the column: ticks above and below the bar, as hollow as a stretched one.
                double tick = Math.max(2, inner * 0.25);
                g.setFill(HOLDING);
                g.fillRect(gutter + i, y + 1, 1, tick);
                g.fillRect(gutter + i, y + 1 + inner - tick, 1, tick);
            }
            if ((m & TimelineLayout.MARK_ERROR) != 0) {
                cross(g, cx, y + laneH / 2, laneH);
            }
            if ((m & TimelineLayout.MARK_CUT) != 0) {
                g.setStroke(text);
                g.setLineWidth(2);
                g.strokeLine(cx, y + 1, cx, y + laneH - 1);
                g.setLineWidth(1);
            }
        }
        for (int i = 0; i < width; i++) {
            if ((marks[i] & TimelineLayout.MARK_LOST) != 0) {
                lostMark(g, gutter + i + 0.5, y, laneH);
            }
        }
    }

    private void cross(GraphicsContext g, double cx, double cy, double laneH) {
        double s = Math.min(5 * scale, laneH / 3 + 1);
        g.setStroke(ERROR);
        g.setLineWidth(2 * scale);
        g.strokeLine(cx - s, cy - s, cx + s, cy + s);
        g.strokeLine(cx - s, cy + s, cx + s, cy - s);
        g.setLineWidth(1);
    }

    /** A downward triangle at least 12 px high above a write that overwrote another worker's value. */
    private void lostMark(GraphicsContext g, double cx, double y, double laneH) {
        double hgt = LOST_MARK_PX * scale;
        double half = hgt * 0.6;
        double top = y + Math.max(1, Math.min(laneH - hgt - 1, 1));
        double[] xs = {cx - half, cx + half, cx};
        double[] ys = {top, top, top + hgt};
        g.setFill(LOST);
        g.fillPolygon(xs, ys, 3);
        g.setStroke(text);
        g.setLineWidth(Math.max(1, scale));
        g.strokePolygon(xs, ys, 3);
        g.setLineWidth(1);
    }

    /**
     * A process worker's start-up, from its spawn to its hello (or, while it has not said hello, to now or the
     * run's end): a grey hatched bar labelled "starting JVM" where it fits. Thread lanes have none.
     */
    private void drawStarting(GraphicsContext g, LaneRecorder lane, double y, double laneH, int width, long now) {
        long since = lane.startingSince();
        if (since < 0) {
            return;
        }
        long until = lane.startedAt() >= 0 ? lane.startedAt() : now;
        double x0 = Math.max(gutter, gutter + (since - viewStart) / nsPerPx);
        double x1 = Math.min(gutter + width, gutter + (until - viewStart) / nsPerPx);
        if (x1 - x0 < 1) {
            return;
        }
        double inner = Math.max(2, laneH - 3);
        double barH = Math.max(2, inner * 0.6);
        double top = y + 1 + (inner - barH) / 2;
        double x = Math.round(x0);
        double w = Math.max(1, Math.round(x1) - x);
        g.save();
        g.beginPath();
        g.rect(x, top, w, barH);
        g.closePath();
        g.clip();
        g.setStroke(STARTING);
        g.setLineWidth(Math.max(1, scale));
        double step = Math.max(4, Math.round(5 * scale));
        for (double d = x - barH; d < x + w; d += step) {
            g.strokeLine(d, top + barH, d + barH, top);
        }
        g.restore();
        g.setStroke(STARTING);
        g.setLineWidth(1);
        g.strokeRect(x + 0.5, top + 0.5, Math.max(0, w - 1), Math.max(0, barH - 1));
        String label = "starting JVM";
        double tw = textWidth(label, small);
        if (w >= tw + 8 * scale && laneH >= lineHeight(small) + 2) {
            haloText(g, label, x + 4 * scale, top + barH / 2, small);
            labels.add(new PlacedLabel(label, x + 4 * scale, top + barH / 2 - lineHeight(small) / 2, tw,
                    lineHeight(small)));
        }
    }

    private void drawDeadTail(GraphicsContext g, LaneRecorder lane, SegmentBlock block, int count, double y,
                              double laneH, int width, long now) {
        if (lane.state() != LaneState.KILLED || count == 0) {
            return;
        }
        double from = gutter + Math.max(0, (block.end(count - 1) - viewStart) / nsPerPx);
        double to = gutter + Math.min(width, (now - viewStart) / nsPerPx);
        g.setStroke(ERROR.deriveColor(0, 1, 1, 0.7));
        g.setLineWidth(Math.max(1, scale));
        g.setLineDashes(4 * scale, 4 * scale);
        g.strokeLine(from, y + laneH / 2, Math.max(from, to), y + laneH / 2);
        g.setLineDashes();
        g.setLineWidth(1);
    }

    /**
     * Lost-update marks of segmented lanes, with a connector from the write that was overwritten and a label such as
     * "wrote 3 over 3".
     */
    private void drawLost(GraphicsContext g, List<double[]> lost, int width, double laneH) {
        List<LaneRecorder> lanes = run.lanes();
        for (double[] m : lost) {
            int l = (int) m[0];
            int i = (int) m[1];
            double x = m[2];
            double y = m[3];
            SegmentBlock b = lanes.get(l).block();
            int from = overwrittenOf(l, i);
            if (from >= 0) {
                int fl = order.lane(from);
                double fx = tailCentre(fl, order.record(from));
                double fy = laneTop(fl, laneH) + laneH / 2;
                connector(g, fx, fy, x, y + laneH / 2);
            }
            lostMark(g, x, y, laneH);
            if (b.taskCount(i) == 1) {
                String label = "wrote " + (b.read(i) + 1) + " over " + b.overwritten(i);
                placeLabelIfFree(g, label, x, y + Math.min(laneH - 1, LOST_MARK_PX * scale + 1) - 1, gutter,
                        gutter + width, small, laneH >= 24 * scale);
            }
        }
    }

    private int overwrittenOf(int lane, int record) {
        if (order == null) {
            return -1;
        }
        int s = order.slotOf(lane, record);
        return s < 0 ? -1 : order.overwrote(s);
    }

    /** Where a lane's record's write is drawn now, in canvas x. */
    private double tailCentre(int lane, int record) {
        if (lane < segmented.length && segmented[lane]) {
            TaskSegments s = segments[lane];
            int lo = 0;
            int hi = s.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (s.record(mid) < record) {
                    lo = mid + 1;
                } else if (s.record(mid) > record) {
                    hi = mid - 1;
                } else {
                    return gutter + (s.tailStart(mid) + s.end(mid)) / 2;
                }
            }
        }
        SegmentBlock b = run.lanes().get(lane).block();
        return gutter + ((b.tailStart(record) + b.end(record)) / 2.0 - viewStart) / nsPerPx;
    }

    private void connector(GraphicsContext g, double x0, double y0, double x1, double y1) {
        g.setStroke(LOST);
        g.setLineWidth(2 * scale);
        g.setLineDashes(5 * scale, 3 * scale);
        double bend = Math.max(12 * scale, Math.abs(x1 - x0) / 3);
        g.beginPath();
        g.moveTo(x0, y0);
        g.bezierCurveTo(x0 + bend, y0, x1 - bend, y1, x1, y1);
        g.stroke();
        g.setLineDashes();
        g.setFill(LOST);
        double r = 3 * scale;
        g.fillOval(x0 - r, y0 - r, 2 * r, 2 * r);
        g.setLineWidth(1);
    }

    private void drawMarkers(GraphicsContext g, double lanesH, double laneH, int width) {
        for (Marker m : run.markers()) {
            double x = gutter + Math.floor((m.atNanos() - viewStart) / nsPerPx) + 0.5;
            if (x < gutter || x > gutter + width) {
                continue;
            }
            Color c = switch (m.kind()) {
                case LOCK_ON, LOCK_OFF, HOLD -> LOCK_LINE;
                case KILL, DEADLOCK -> ERROR;
                // The theme's text colour: a grey line would look like the green bars to some colour-blind readers.
                case STOP -> text;
            };
            g.setStroke(c);
            g.setLineWidth(2 * scale);
            if (m.kind() == Marker.Kind.LOCK_OFF || m.kind() == Marker.Kind.HOLD) {
                g.setLineDashes(6 * scale, 4 * scale);
            }
            g.strokeLine(x, axis, x, axis + lanesH);
            g.setLineDashes();
            g.setLineWidth(1);
            String label = switch (m.kind()) {
                case LOCK_ON -> "lock ON";
                case LOCK_OFF -> "lock OFF";
                // "hold 1.2 s → 0": the marker's text up to its explanation in brackets.
                case HOLD -> m.text().contains(" (") ? m.text().substring(0, m.text().indexOf(" (")) : "hold";
                case KILL -> "kill";
                case DEADLOCK -> "deadlock";
                case STOP -> "stop";
            };
            double y = axis + 1;
            int worker = m.kind() == Marker.Kind.KILL ? workerOf(m) : -1;
            if (worker >= 1 && worker <= run.lanes().size()) {
                // On the killed worker's own lane.
                label = "killed";
                y = laneTop(worker - 1, laneH) + Math.max(0, (laneH - lineHeight(bold)) / 2);
            }
            placeLabel(g, label, x, y, gutter, gutter + width, bold, true);
        }
    }

    /** The worker a marker is about: the one it names, else the one its text names ("worker-2 killed …"). */
    static int workerOf(Marker m) {
        if (m.worker() > 0) {
            return m.worker();
        }
        Matcher w = WORKER_IN_TEXT.matcher(m.text());
        return w.find() ? Integer.parseInt(w.group(1)) : -1;
    }

    /**
     * Draws a lost-update label like {@link #placeLabel}, unless it would run into a label already drawn: in a dense
     * run the first one placed wins.
     */
    private void placeLabelIfFree(GraphicsContext g, String label, double markX, double top, double left,
                                  double right, Font f, boolean show) {
        if (!show) {
            return;
        }
        double tw = textWidth(label, f);
        double lx = TimelineLayout.labelX(markX, tw, 4 * scale, left, right);
        double lh = lineHeight(f);
        for (PlacedLabel p : labels) {
            if (lx < p.x() + p.width() + 2 * scale && p.x() < lx + tw + 2 * scale && top < p.y() + p.height()
                    && p.y() < top + lh) {
                return;
            }
        }
        placeLabel(g, label, markX, top, left, right, f, show);
    }

    /** Draws a label beside a mark: to its right, or flipped to its left near the right edge. */
    private void placeLabel(GraphicsContext g, String label, double markX, double top, double left, double right,
                            Font f, boolean show) {
        if (!show) {
            return;
        }
        double tw = textWidth(label, f);
        double lx = TimelineLayout.labelX(markX, tw, 4 * scale, left, right);
        double lh = lineHeight(f);
        haloText(g, label, lx, top + lh / 2, f);
        labels.add(new PlacedLabel(label, lx, top, tw, lh));
    }

    /** A task number on a bar: near-black, which reads on every phase colour in both themes. */
    private void barText(GraphicsContext g, String s, double cx, double cy) {
        g.setFont(small);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(Color.web("#111111"));
        g.fillText(s, cx, cy);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(font);
    }

    /**
     * Text in the theme's colour on a box of its background, readable over bars and lines. (A stroked halo would
     * look softer, but stroked glyphs are slow to render without a GPU.)
     */
    private void haloText(GraphicsContext g, String s, double x, double cy, Font f) {
        double tw = textWidth(s, f);
        double th = lineHeight(f);
        g.setFill(background.deriveColor(0, 1, 1, 0.85));
        g.fillRect(x - 2 * scale, cy - th / 2, tw + 4 * scale, th);
        g.setFont(f);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(text);
        g.fillText(s, x, cy);
        g.setFont(font);
    }

    private double textWidth(String s, Font f) {
        return widths.computeIfAbsent(f, k -> new java.util.HashMap<>()).computeIfAbsent(s, k -> {
            measure.setFont(f);
            measure.setText(k);
            return Math.ceil(measure.getLayoutBounds().getWidth());
        });
    }

    private double lineHeight(Font f) {
        return heights.computeIfAbsent(f, k -> {
            measure.setFont(f);
            measure.setText("Ag");
            return Math.ceil(measure.getLayoutBounds().getHeight());
        });
    }

    // ---- Order view ----

    /** Width of one slot of the order view, or 0 when there is nothing to lay out. */
    private double slotWidth(int width) {
        if (order == null || order.size() == 0) {
            return 0;
        }
        return Math.min(MAX_SLOT * scale, (double) width / order.size());
    }

    private void drawOrder(GraphicsContext g, List<LaneRecorder> lanes, SegmentBlock[] blocks, double laneH,
                           int width) {
        g.setFont(font);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        if (order == null) {
            g.setFill(text);
            g.fillText("Too many tasks for the order view: run fewer tasks, or use the time view.", gutter,
                    axis + 4 * scale);
            return;
        }
        double sw = slotWidth(width);
        int n = order.size();
        // The axis: acquisition numbers.
        g.setFill(text);
        g.setStroke(text.deriveColor(0, 1, 1, 0.18));
        double lanesBottom = axis + lanes.size() * laneH;
        int step = (int) Math.max(1, niceStep(Math.max(1, 40 * scale / Math.max(sw, 1e-9))));
        for (int s = 0; s < n; s += step) {
            double x = gutter + s * sw;
            g.strokeLine(Math.floor(x) + 0.5, axis - 6 * scale, Math.floor(x) + 0.5, lanesBottom);
            if (sw * step >= textWidth(String.valueOf(s + 1), font) + 2) {
                g.fillText(String.valueOf(s + 1), x + 2 * scale, 4 * scale);
            }
        }
        g.setStroke(text.deriveColor(0, 1, 1, 0.5));
        g.strokeLine(gutter, axis - 0.5, gutter + width, axis - 0.5);
        // The axis's name: after the last slot when there is room, else in the lane names' column, clear of the
        // first slot's number.
        String axisName = "order of locking";
        double nameW = textWidth(axisName, font);
        double afterLast = gutter + Math.min(n * sw, width) + 4 * scale;
        if (afterLast + nameW <= gutter + width) {
            g.fillText(axisName, afterLast, 4 * scale);
        } else {
            if (nameW > gutter - 8 * scale) {
                axisName = "order";
                nameW = textWidth(axisName, font);
            }
            g.fillText(axisName, Math.max(2 * scale, gutter - 6 * scale - nameW), 4 * scale);
        }

        double minPx = MIN_PHASE_PX * scale;
        double[] lastX = new double[lanes.size()];
        java.util.Arrays.fill(lastX, Double.NEGATIVE_INFINITY);
        for (int s = 0; s < n; s++) {
            int l = order.lane(s);
            int i = order.record(s);
            SegmentBlock b = blocks[l];
            double y = laneTop(l, laneH);
            double x0 = gutter + s * sw;
            if (sw < 2 && x0 - lastX[l] < 1) {
                continue;
            }
            lastX[l] = x0;
            double wa = order.writeAt(s);
            double gap = sw >= 6 ? 1 : 0;
            if (Double.isNaN(wa)) {
                // Nothing written: an error, or a task cut short.
                Phase tail = b.tailPhase(i);
                phaseRect(g, tail == Phase.ERROR ? Phase.ERROR : Phase.WAITING, x0 + gap, x0 + sw, y, laneH,
                        false);
                if (b.errors(i) > 0) {
                    cross(g, x0 + sw / 2, y + laneH / 2, laneH);
                }
                continue;
            }
            double wx = gutter + wa * sw;
            double cell = Math.max(minPx, sw * 0.3);
            double w0 = wx - cell / 2;
            phaseRect(g, Phase.HOLDING, x0 + gap, Math.max(x0 + gap + minPx, w0), y, laneH, false);
            phaseRect(g, Phase.WRITING, Math.max(x0 + gap + minPx, w0), Math.max(x0 + gap + minPx, w0) + cell, y,
                    laneH, false);
            String num = b.taskCount(i) == 1 ? String.valueOf(b.firstTask(i))
                    : b.firstTask(i) + "–" + (b.firstTask(i) + b.taskCount(i) - 1);
            double tw = textWidth(num, small);
            if (w0 - x0 >= tw + 6 * scale && laneH - 3 >= lineHeight(small)) {
                barText(g, num, x0 + gap + 3 * scale + tw / 2, y + laneH / 2);
            }
        }
        // Lost updates, with the write each overwrote.
        if (sw >= 2) {
            for (int s = 0; s < n; s++) {
                int l = order.lane(s);
                int i = order.record(s);
                SegmentBlock b = blocks[l];
                if (b.lost(i) == 0 || Double.isNaN(order.writeAt(s))) {
                    continue;
                }
                double y = laneTop(l, laneH);
                double wx = writeCentre(s, sw, minPx);
                int from = order.overwrote(s);
                if (from >= 0) {
                    connector(g, writeCentre(from, sw, minPx), laneTop(order.lane(from), laneH) + laneH / 2, wx,
                            y + laneH / 2);
                }
                lostMark(g, wx, y, laneH);
                if (b.taskCount(i) == 1) {
                    placeLabelIfFree(g, "wrote " + (b.read(i) + 1) + " over " + b.overwritten(i), wx,
                            y + Math.min(laneH - 1, LOST_MARK_PX * scale + 1) - 1, gutter, gutter + width, small,
                            laneH >= 24 * scale);
                }
            }
        }
        drawCompletion(g, lanesBottom + 6 * scale, stripHeight(laneH), sw, width);
    }

    private double writeCentre(int s, double sw, double minPx) {
        double x0 = gutter + s * sw + (sw >= 6 ? 1 : 0);
        double cell = Math.max(minPx, sw * 0.3);
        double w0 = Math.max(x0 + minPx, gutter + order.writeAt(s) * sw - cell / 2);
        return w0 + cell / 2;
    }

    /** The completion order: one cell per finished task, in the worker's colour, left to right as they ended. */
    private void drawCompletion(GraphicsContext g, double y, double h, double sw, int width) {
        g.setFill(text);
        g.setFont(font);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText("finished", 10 * scale, y + h / 2);
        double last = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < order.completed(); k++) {
            double x = gutter + k * sw;
            if (sw < 2 && x - last < 1) {
                continue;
            }
            last = x;
            int worker = run.lanes().get(order.lane(order.completedAt(k))).worker();
            Color c = workerColour(worker);
            g.setFill(c);
            g.fillRect(x, y, Math.max(1, sw - (sw >= 6 ? 1 : 0)), h);
            String label = String.valueOf(worker);
            if (sw >= textWidth(label, small) + 4 * scale && h >= lineHeight(small)) {
                g.setFill(c.getBrightness() > 0.75 && c.getSaturation() < 0.6 || luminance(c) > 0.45 ? Color.BLACK
                        : Color.WHITE);
                g.setFont(small);
                g.setTextAlign(TextAlignment.CENTER);
                g.fillText(label, x + sw / 2, y + h / 2);
                g.setTextAlign(TextAlignment.LEFT);
                g.setFont(font);
            }
        }
    }

    private static double luminance(Color c) {
        return 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
    }

    // ---- Input and hover ----

    private void onScroll(ScrollEvent e) {
        if (e.getDeltaY() == 0 || orderView.get()) {
            return;
        }
        zoom(e.getDeltaY() > 0 ? 1.25 : 0.8, e.getX());
        e.consume();
    }

    private void onKey(KeyEvent e) {
        double mid = gutter + plotWidth() / 2.0;
        if (e.getCode() == KeyCode.O) {
            orderView.set(!orderView.get());
        } else if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.ADD) {
            zoom(1.25, mid);
        } else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) {
            zoom(0.8, mid);
        } else if (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.RIGHT) {
            follow.set(false);
            viewStart += Math.round((e.getCode() == KeyCode.LEFT ? -80 : 80) * nsPerPx);
            repaint();
        } else if (e.getCode() == KeyCode.F) {
            fit();
        } else {
            return;
        }
        e.consume();
    }

    private void showHover(double mx, double my) {
        CanvasTheme.showHover(hover, describeAt(mx, my), mx, my, getWidth(), getHeight());
    }

    /** What is under the pointer: thread, task, phase, start, duration, values; or null. */
    String describeAt(double mx, double my) {
        if (run == null || mx < gutter || my < axis) {
            return null;
        }
        List<LaneRecorder> lanes = run.lanes();
        int l = (int) ((my - axis) / laneHeight(lanes.size()));
        if (l < 0 || l >= lanes.size()) {
            return null;
        }
        LaneRecorder lane = lanes.get(l);
        if (orderView.get()) {
            return describeSlot(lane, l, mx);
        }
        long t = viewStart + Math.round((mx - gutter) * nsPerPx);
        long slack = Math.round(nsPerPx * 2);
        SegmentBlock b = lane.block();
        int n = b.count();
        int i = b.firstEndingAfter(t - slack, n);
        if (i < n && b.start(i) <= t + slack) {
            return describe(lane, b, i, t);
        }
        LiveSnapshot live = lane.liveSnapshot();
        if (live.phase() != Phase.IDLE && t >= live.since()) {
            return "worker-" + lane.worker() + " · task " + live.task() + "\n" + name(live.phase())
                    + " (in progress)\nstart " + Durations.formatNanos(live.since()) + " · so far "
                    + Durations.formatNanos(run.elapsedNanos() - live.since());
        }
        return null;
    }

    private String describeSlot(LaneRecorder lane, int l, double mx) {
        double sw = slotWidth(plotWidth());
        if (sw <= 0) {
            return null;
        }
        int s = (int) ((mx - gutter) / sw);
        if (s < 0 || s >= order.size() || order.lane(s) != l) {
            return null;
        }
        SegmentBlock b = lane.block();
        int i = order.record(s);
        return "lock taken " + ordinal(s + 1) + " · " + describe(lane, b, i, b.acquired(i));
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    private String describe(LaneRecorder lane, SegmentBlock b, int i, long t) {
        Phase phase = t < b.acquired(i) ? Phase.WAITING : t < b.tailStart(i) ? Phase.HOLDING : b.tailPhase(i);
        long from = phase == Phase.WAITING ? b.start(i) : phase == Phase.HOLDING ? b.acquired(i) : b.tailStart(i);
        long to = phase == Phase.WAITING ? b.acquired(i) : phase == Phase.HOLDING ? b.tailStart(i) : b.end(i);
        StringBuilder sb = new StringBuilder("worker-").append(lane.worker()).append(" · task ");
        if (b.taskCount(i) == 1) {
            sb.append(b.firstTask(i));
        } else {
            sb.append(b.firstTask(i)).append('–').append(b.firstTask(i) + b.taskCount(i) - 1)
                    .append(" (").append(b.taskCount(i)).append(" tasks merged)");
        }
        sb.append('\n').append(name(phase)).append(" · start ").append(Durations.formatNanos(from))
                .append(" · duration ").append(Durations.formatNanos(to - from));
        sb.append("\nlock ").append(b.locked(i) ? "on" : "off");
        Outcome o = b.outcome(i);
        if (b.taskCount(i) == 1) {
            if (run.scenario().resource() == streamlab.contention.Resource.SQLITE) {
                sb.append(o == Outcome.DONE ? " · committed row " + b.read(i) : "");
            } else if (o == Outcome.DONE || o == Outcome.OVERWROTE) {
                sb.append(" · read ").append(b.read(i)).append(" · wrote ").append(b.read(i) + 1);
                if (o == Outcome.OVERWROTE) {
                    sb.append(" over ").append(b.overwritten(i)).append(": lost update");
                }
            } else if (o != Outcome.FAILED) {
                sb.append(" · read ").append(b.read(i)).append(" · nothing written");
            }
            if (o == Outcome.FAILED) {
                sb.append(" · error: database is locked");
            } else if (o == Outcome.ABANDONED) {
                sb.append(" · killed: task abandoned");
            } else if (o == Outcome.STOPPED) {
                sb.append(" · stopped");
            }
        } else {
            sb.append(" · ").append(b.lost(i)).append(" lost updates · ").append(b.errors(i)).append(" errors");
        }
        return sb.toString();
    }

    static String name(Phase p) {
        return switch (p) {
            case WAITING -> "waiting for the lock";
            case WAITING_FOR_DB -> "waiting for the database";
            case HOLDING -> "holding (read, work)";
            case WRITING -> "writing / commit";
            case ERROR -> "error";
            case IDLE -> "idle";
            default -> p.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    /** Phase colours, for the bars and the legend; a phase added to the recorder later gets {@link #OTHER}. */
    static Color colour(Phase p) {
        return switch (p) {
            case WAITING -> WAITING;
            case HOLDING -> HOLDING;
            case WRITING -> WRITING;
            case ERROR -> ERROR;
            default -> OTHER;
        };
    }
}
