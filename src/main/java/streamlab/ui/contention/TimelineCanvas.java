package streamlab.ui.contention;

import java.util.List;
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

/**
 * The timeline: one lane per worker, a time axis, phase colours, marks and markers. The mouse wheel zooms around the
 * pointer, dragging pans, double-click or F fits; hovering shows the task under the pointer. Zoomed out, lanes are
 * aggregated per pixel by {@link TimelineLayout}. Confined to the FX Application Thread.
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
    public static final Color LOST = Color.web("#CC79A7");
    public static final Color LOCK_LINE = Color.web("#0072B2");
    private static final Color[] PHASE_COLOURS = {WAITING, HOLDING, WRITING, ERROR};

    static final double GUTTER = 92;
    static final double AXIS = 26;
    private static final double MAX_LANE = 30;

    private final Canvas canvas = new Canvas();
    private final Label hover = new Label();
    private final Label textProbe = new Label();
    /** One layout per lane, so lanes can be laid out in parallel. */
    private TimelineLayout[] layouts = new TimelineLayout[0];
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);

    private ContentionRun run;
    private long viewStart;
    private double nsPerPx = 1e6;
    private double dragX;
    private long dragStart;
    private boolean dirty = true;

    public TimelineCanvas() {
        getStyleClass().add("timeline");
        hover.getStyleClass().add("timeline-hover");
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        hover.setManaged(false);
        textProbe.getStyleClass().add("timeline-text");
        textProbe.setVisible(false);
        textProbe.setManaged(false);
        getChildren().addAll(canvas, hover, textProbe);
        setFocusTraversable(true);
        setMinSize(200, 120);

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
            follow.set(false);
            viewStart = dragStart - Math.round((e.getX() - dragX) * nsPerPx);
            hover.setVisible(false);
            dirty = true;
            redraw();
        });
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> showHover(e.getX(), e.getY()));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setVisible(false));
        addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
        follow.addListener((obs, was, on) -> {
            dirty = true;
            redraw();
        });
    }

    /** Follow the run live: the view keeps the whole run in the window. Zooming or panning turns it off. */
    public BooleanProperty followProperty() {
        return follow;
    }

    /** The canvas, for tests that read its pixels. */
    public Canvas canvas() {
        return canvas;
    }

    /** The hover card's text, or empty when hidden. */
    public String hoverText() {
        return hover.isVisible() ? hover.getText() : "";
    }

    /** Nanoseconds per pixel of the current view. */
    double nsPerPx() {
        return nsPerPx;
    }

    /** The run being shown, or null. */
    public ContentionRun run() {
        return run;
    }

    public void setRun(ContentionRun next) {
        run = next;
        viewStart = 0;
        follow.set(true);
        hover.setVisible(false);
        dirty = true;
        redraw();
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
        dirty = true;
        redraw();
    }

    /** Zooms by {@code factor} (above 1 zooms in) around the plot's x position {@code x}. */
    public void zoom(double factor, double x) {
        follow.set(false);
        double px = Math.max(0, x - GUTTER);
        long at = viewStart + Math.round(px * nsPerPx);
        nsPerPx = Math.max(0.5, nsPerPx / factor);
        viewStart = at - Math.round(px * nsPerPx);
        dirty = true;
        redraw();
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

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            dirty = true;
            draw();
        }
        hover.autosize();
    }

    private int plotWidth() {
        return (int) Math.max(1, canvas.getWidth() - GUTTER - 8);
    }

    private double laneHeight(int lanes) {
        // Every lane stays on screen: with many workers in a small window, lanes get as thin as one pixel.
        return Math.min(MAX_LANE, Math.max(1, (canvas.getHeight() - AXIS - 4) / Math.max(1, lanes)));
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        Color text = textProbe.getTextFill() instanceof Color c ? c : Color.gray(0.2);
        g.setFont(Font.font(11));
        if (run == null) {
            g.setFill(text);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("Press Start: one lane per worker will appear here.", w / 2, h / 2);
            return;
        }
        long now = run.elapsedNanos();
        int width = plotWidth();
        if (follow.get()) {
            viewStart = 0;
            double fit = Math.max(now * 1.02, 1_000_000) / width;
            if (!run.isRunning()) {
                nsPerPx = fit;
            } else if (fit > nsPerPx || fit < nsPerPx / 4) {
                // Live, the scale grows in steps with room to spare, so most frames keep the view and only add
                // the records published since the last frame.
                nsPerPx = fit * 1.5;
            }
        }
        List<LaneRecorder> lanes = run.lanes();
        double laneH = laneHeight(lanes.size());
        drawAxis(g, text, width, h);
        layoutLanes(lanes, width, now);
        for (int l = 0; l < lanes.size(); l++) {
            LaneRecorder lane = lanes.get(l);
            double y = AXIS + l * laneH;
            drawLane(g, text, lane, layouts[l], y, laneH, width, now);
        }
        drawMarkers(g, text, lanes.size() * laneH, width);
    }

    /**
     * Aggregates every lane per pixel. Lanes are independent and their published records immutable, so with many
     * records they are laid out in parallel on the common pool; the FX thread joins and takes a share of the work.
     */
    private void layoutLanes(List<LaneRecorder> lanes, int width, long now) {
        if (layouts.length < lanes.size()) {
            TimelineLayout[] next = java.util.Arrays.copyOf(layouts, lanes.size());
            for (int i = layouts.length; i < next.length; i++) {
                next[i] = new TimelineLayout();
            }
            layouts = next;
        }
        long records = 0;
        for (LaneRecorder lane : lanes) {
            records += lane.block().count();
        }
        long start = viewStart;
        double scale = nsPerPx;
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, lanes.size());
        (records > 50_000 ? range.parallel() : range).forEach(l -> {
            LaneRecorder lane = lanes.get(l);
            SegmentBlock block = lane.block();
            // One reading of the live phase, so its times belong to the same task.
            LiveSnapshot live = lane.liveSnapshot();
            // Drawn as a wait until the layout has a colour of its own for the database wait.
            Phase livePhase = live.phase() == Phase.WAITING_FOR_DB ? Phase.WAITING : live.phase();
            layouts[l].layout(block, block.count(), start, scale, width, livePhase, live.since(),
                    live.taskStart(), live.holdStart(), now);
        });
    }

    private void drawAxis(GraphicsContext g, Color text, int width, double h) {
        double step = niceStep(nsPerPx * 110);
        long first = (long) (Math.ceil(viewStart / step) * step);
        g.setStroke(text.deriveColor(0, 1, 1, 0.18));
        g.setFill(text);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setLineWidth(1);
        for (double t = first; t <= viewStart + width * nsPerPx; t += step) {
            double x = GUTTER + Math.floor((t - viewStart) / nsPerPx) + 0.5;
            g.strokeLine(x, AXIS - 6, x, h);
            g.fillText(Durations.formatNanos(Math.round(t)), x, 4);
        }
        g.setStroke(text.deriveColor(0, 1, 1, 0.5));
        g.strokeLine(GUTTER, AXIS - 0.5, GUTTER + width, AXIS - 0.5);
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

    private void drawLane(GraphicsContext g, Color text, LaneRecorder lane, TimelineLayout layout, double y,
                          double laneH, int width, long now) {
        boolean dead = lane.state() == LaneState.KILLED;
        g.setFill(text);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        if (laneH >= 9) {
            g.fillText("worker-" + lane.worker() + (dead ? " ✝" : ""), 6, y + laneH / 2);
        }
        SegmentBlock block = lane.block();
        int count = block.count();
        byte[] phases = layout.phases();
        byte[] marks = layout.marks();
        double inner = Math.max(2, laneH - 3);
        int x = 0;
        while (x < width) {
            byte p = phases[x];
            int run = x + 1;
            while (run < width && phases[run] == p) {
                run++;
            }
            if (p != TimelineLayout.EMPTY) {
                // Waiting is a thin bar, holding and writing are full height: the phases differ in shape too.
                double barH = p == Phase.WAITING.ordinal() ? Math.max(2, inner * 0.4) : inner;
                g.setFill(PHASE_COLOURS[p]);
                g.fillRect(GUTTER + x, y + 1 + (inner - barH) / 2, run - x, barH);
            }
            x = run;
        }
        if (dead && count > 0) {
            double from = GUTTER + Math.max(0, (block.end(count - 1) - viewStart) / nsPerPx);
            double to = GUTTER + Math.min(width, (now - viewStart) / nsPerPx);
            g.setStroke(ERROR.deriveColor(0, 1, 1, 0.55));
            g.setLineDashes(4, 4);
            g.strokeLine(from, y + laneH / 2, Math.max(from, to), y + laneH / 2);
            g.setLineDashes();
        }
        for (int i = 0; i < width; i++) {
            byte m = marks[i];
            if (m == 0) {
                continue;
            }
            double cx = GUTTER + i + 0.5;
            if ((m & TimelineLayout.MARK_LOST) != 0) {
                // A downward triangle above the write that overwrote another worker's value.
                double s = Math.min(6, laneH / 2.5 + 1);
                g.setFill(LOST);
                g.fillPolygon(new double[] {cx - s, cx + s, cx}, new double[] {y, y, y + s * 1.4}, 3);
            }
            if ((m & TimelineLayout.MARK_ERROR) != 0) {
                double s = Math.min(5, laneH / 3 + 1);
                double cy = y + laneH / 2;
                g.setStroke(ERROR);
                g.setLineWidth(2);
                g.strokeLine(cx - s, cy - s, cx + s, cy + s);
                g.strokeLine(cx - s, cy + s, cx + s, cy - s);
                g.setLineWidth(1);
            }
            if ((m & TimelineLayout.MARK_CUT) != 0) {
                g.setStroke(text);
                g.setLineWidth(2);
                g.strokeLine(cx, y + 1, cx, y + laneH - 1);
                g.setLineWidth(1);
            }
        }
    }

    private void drawMarkers(GraphicsContext g, Color text, double lanesH, int width) {
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        for (Marker m : run.markers()) {
            double x = GUTTER + Math.floor((m.atNanos() - viewStart) / nsPerPx) + 0.5;
            if (x < GUTTER || x > GUTTER + width) {
                continue;
            }
            Color c = switch (m.kind()) {
                case LOCK_ON, LOCK_OFF, HOLD -> LOCK_LINE;
                case KILL, DEADLOCK -> ERROR;
                // The theme's text colour: a grey line would look like the green bars to some colour-blind readers.
                case STOP -> text;
            };
            g.setStroke(c);
            g.setLineWidth(2);
            if (m.kind() == Marker.Kind.LOCK_OFF || m.kind() == Marker.Kind.HOLD) {
                g.setLineDashes(6, 4);
            }
            g.strokeLine(x, AXIS, x, AXIS + lanesH);
            g.setLineDashes();
            g.setLineWidth(1);
            String label = switch (m.kind()) {
                case LOCK_ON -> "lock ON";
                case LOCK_OFF -> "lock OFF";
                case HOLD -> "hold";
                case KILL -> "kill";
                case DEADLOCK -> "deadlock";
                case STOP -> "stop";
            };
            g.setFill(text);
            g.fillText(label, x + 3, AXIS + 1);
        }
    }

    private void onScroll(ScrollEvent e) {
        if (e.getDeltaY() == 0) {
            return;
        }
        zoom(e.getDeltaY() > 0 ? 1.25 : 0.8, e.getX());
        e.consume();
    }

    private void onKey(KeyEvent e) {
        double mid = GUTTER + plotWidth() / 2.0;
        if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.ADD) {
            zoom(1.25, mid);
        } else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) {
            zoom(0.8, mid);
        } else if (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.RIGHT) {
            follow.set(false);
            viewStart += Math.round((e.getCode() == KeyCode.LEFT ? -80 : 80) * nsPerPx);
            dirty = true;
            redraw();
        } else if (e.getCode() == KeyCode.F) {
            fit();
        } else {
            return;
        }
        e.consume();
    }

    private void showHover(double mx, double my) {
        String text = describeAt(mx, my);
        if (text == null) {
            hover.setVisible(false);
            return;
        }
        hover.setText(text);
        hover.autosize();
        double x = Math.min(mx + 14, getWidth() - hover.getWidth() - 4);
        double y = Math.min(my + 14, getHeight() - hover.getHeight() - 4);
        hover.relocate(Math.max(0, x), Math.max(0, y));
        hover.setVisible(true);
    }

    /** What is under the pointer: thread, task, phase, start, duration, values; or null. */
    String describeAt(double mx, double my) {
        if (run == null || mx < GUTTER || my < AXIS) {
            return null;
        }
        List<LaneRecorder> lanes = run.lanes();
        int l = (int) ((my - AXIS) / laneHeight(lanes.size()));
        if (l < 0 || l >= lanes.size()) {
            return null;
        }
        LaneRecorder lane = lanes.get(l);
        long t = viewStart + Math.round((mx - GUTTER) * nsPerPx);
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
        };
    }

    /** Phase colours by ordinal, for the legend. */
    static Color colour(Phase p) {
        return PHASE_COLOURS[p.ordinal()];
    }
}
