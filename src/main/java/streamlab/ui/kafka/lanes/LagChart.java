package streamlab.ui.kafka.lanes;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import streamlab.kafka.monitor.GroupEvent;
import streamlab.kafka.monitor.LagPoint;
import streamlab.ui.CanvasTheme;

/**
 * One group's lag over time on one topic: a line per partition in its partition colour, the total as a thick line
 * in the text colour, and the group's rebalances, members leaving and joining as vertical markers with a short label.
 * Each line holds at most {@link #MAX_POINTS} points (older ones are merged in pairs, keeping the peaks), and at most
 * {@link #MAX_EVENTS} events are kept, so minutes of polling cost a fixed amount. Hovering shows the values at that
 * time. Confined to the FX Application Thread.
 */
public final class LagChart extends Region {

    public static final int MAX_POINTS = 1_024;
    public static final int MAX_EVENTS = 256;
    /** Events closer than this (at 100 %) share one label. */
    static final double MERGE_PX = 8;
    /** The shortest time span drawn, so the first polls do not fill the width. */
    static final long MIN_SPAN_MS = 10_000;

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final Canvas canvas = new Canvas();
    private final Label hover = LaneTheme.hoverCard();
    private final LaneTheme theme = new LaneTheme();
    private final Text measure = new Text();
    private final Map<Integer, LagSeries> partitions = new TreeMap<>();
    private final Map<Integer, Long> latest = new TreeMap<>();
    private final LagSeries total = new LagSeries(MAX_POINTS);
    private final Deque<GroupEvent> events = new ArrayDeque<>();
    private final List<String> drawnEventLabels = new ArrayList<>();
    private String groupId;
    private String topic;
    private boolean dirty = true;

    // The frame being drawn.
    private double scale = 1;
    private double left;
    private double top;
    private double plotW;
    private double plotH;
    private long t0;
    private long t1 = 1;
    private double yMax = 10;
    private Color text = Color.BLACK;
    private Color muted = Color.GRAY;
    private Color background = Color.WHITE;
    private Font font = Font.font(11);
    private Font small = Font.font(10);

    public LagChart() {
        getStyleClass().add("lag-chart");
        getStylesheets().add(LaneTheme.STYLESHEET);
        getChildren().add(canvas);
        getChildren().addAll(theme.probes());
        getChildren().add(hover);
        setMinSize(200, 120);
        setPrefSize(600, 240);
        theme.onChange(this::repaint);
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> showHover(e.getX(), e.getY()));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setVisible(false));
    }

    /** Shows {@code groupId}'s lag on {@code topic}; another group or topic than before starts an empty chart. */
    public void show(String groupId, String topic) {
        if (!java.util.Objects.equals(groupId, this.groupId) || !java.util.Objects.equals(topic, this.topic)) {
            this.groupId = groupId;
            this.topic = topic;
            clear();
        }
    }

    public String groupId() {
        return groupId;
    }

    public String topic() {
        return topic;
    }

    /** Forgets every point and event. */
    public void clear() {
        partitions.clear();
        latest.clear();
        total.clear();
        events.clear();
        repaint();
    }

    /**
     * Takes the points and events polled since the last call (of any group and topic: others are ignored), oldest
     * first. A point at the same time as a line's newest replaces it, so overlapping batches do no harm.
     */
    public void add(List<LagPoint> points, List<GroupEvent> newEvents) {
        if (groupId == null) {
            return;
        }
        long at = Long.MIN_VALUE;
        boolean any = false;
        for (LagPoint p : points) {
            if (!groupId.equals(p.groupId()) || !p.topic().equals(topic)) {
                continue;
            }
            if (any && p.timeMs() != at) {
                addTotal(at);
            }
            at = p.timeMs();
            any = true;
            partitions.computeIfAbsent(p.partition(), k -> new LagSeries(MAX_POINTS)).add(p.timeMs(), p.lag());
            latest.put(p.partition(), p.lag());
        }
        if (any) {
            addTotal(at);
        }
        for (GroupEvent e : newEvents) {
            if (groupId.equals(e.groupId()) && (events.isEmpty() || !events.peekLast().equals(e))) {
                events.addLast(e);
                if (events.size() > MAX_EVENTS) {
                    events.removeFirst();
                }
            }
        }
        dirty = true;
    }

    private void addTotal(long at) {
        long sum = 0;
        for (long l : latest.values()) {
            sum += l;
        }
        total.add(at, sum);
    }

    /** Points held in all lines, the total's included: never more than {@link #MAX_POINTS} per line. */
    public int heldPoints() {
        int n = total.size();
        for (LagSeries s : partitions.values()) {
            n += s.size();
        }
        return n;
    }

    public int heldEvents() {
        return events.size();
    }

    /** The newest total lag. */
    public long totalLag() {
        return total.lastLag();
    }

    public Canvas canvas() {
        return canvas;
    }

    public String hoverText() {
        return hover.isVisible() ? hover.getText() : "";
    }

    /** Call once per frame: draws when something changed. */
    public void redraw() {
        if (!dirty) {
            return;
        }
        dirty = false;
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

    // ---- Geometry, package-private for tests ----

    double xOf(long timeMs) {
        return left + (timeMs - t0) * plotW / Math.max(1, t1 - t0);
    }

    double yOf(double lag) {
        return top + plotH - lag * plotH / yMax;
    }

    // ---- Drawing ----

    private void draw() {
        scale = theme.scale();
        text = theme.text();
        muted = theme.muted();
        background = theme.background();
        font = theme.font(11, false);
        small = theme.font(10, false);
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(background);
        g.fillRect(0, 0, w, h);
        g.setLineDashes();
        left = Math.round(54 * scale);
        top = Math.round(40 * scale);
        plotW = Math.max(1, w - left - 14 * scale);
        plotH = Math.max(1, h - top - 24 * scale);
        drawTitle(g, w);
        if (total.size() == 0) {
            g.setFill(muted);
            g.setFont(font);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(groupId == null ? "Choose a group to see its lag over time."
                    : "Waiting for the first poll of " + groupId + "'s offsets.", left + plotW / 2, top + plotH / 2);
            return;
        }
        t1 = total.time(total.size() - 1);
        t0 = Math.min(total.time(0), t1 - MIN_SPAN_MS);
        long max = 0;
        for (int i = 0; i < total.size(); i++) {
            max = Math.max(max, total.lag(i));
        }
        double step = PartitionLanesCanvas.niceStep(Math.max(1, max * 1.1 / 4));
        yMax = Math.max(step, Math.ceil(max * 1.08 / step) * step);
        drawGrid(g, step);
        drawEvents(g);
        for (Map.Entry<Integer, LagSeries> e : partitions.entrySet()) {
            drawLine(g, e.getValue(), LanePalette.partitionColour(e.getKey()), 2 * scale);
        }
        drawLine(g, total, text, 3 * scale);
    }

    private void drawTitle(GraphicsContext g, double w) {
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(theme.font(12, true));
        g.setFill(text);
        double y = 11 * scale;
        String title = groupId == null ? "Lag" : "Lag of " + groupId + (topic == null ? "" : " on " + topic);
        g.fillText(title, 8 * scale, y);
        // The legend: a swatch and the newest value of each line, total first.
        double x = 8 * scale;
        double ly = 28 * scale;
        g.setFont(small);
        x = legendEntry(g, x, ly, text, 3 * scale, "total: " + total.lastLag(), w);
        for (Map.Entry<Integer, LagSeries> e : partitions.entrySet()) {
            x = legendEntry(g, x, ly, LanePalette.partitionColour(e.getKey()), 2 * scale,
                    "P" + e.getKey() + ": " + e.getValue().lastLag(), w);
        }
    }

    private double legendEntry(GraphicsContext g, double x, double y, Color c, double width, String label, double w) {
        double tw = textWidth(label, small);
        if (x + 22 * scale + tw > w) {
            return x;
        }
        g.setStroke(c);
        g.setLineWidth(width);
        g.strokeLine(x, y, x + 16 * scale, y);
        g.setFill(text);
        g.fillText(label, x + 20 * scale, y);
        return x + 20 * scale + tw + 12 * scale;
    }

    private void drawGrid(GraphicsContext g, double step) {
        g.setLineWidth(1);
        g.setFont(small);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (double v = 0; v <= yMax + 1e-9; v += step) {
            double y = Math.floor(yOf(v)) + 0.5;
            g.setStroke(text.deriveColor(0, 1, 1, v == 0 ? 0.45 : 0.12));
            g.strokeLine(left, y, left + plotW, y);
            g.setFill(muted);
            g.fillText(Long.toString(Math.round(v)), left - 6 * scale, y);
        }
        double tStep = PartitionLanesCanvas.niceStep(Math.max(1000, (t1 - t0) * 90 * scale / plotW));
        tStep = Math.max(1000, Math.ceil(tStep / 1000) * 1000);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        for (double t = Math.ceil(t0 / tStep) * tStep; t <= t1; t += tStep) {
            double x = Math.floor(xOf((long) t)) + 0.5;
            g.setStroke(text.deriveColor(0, 1, 1, 0.12));
            g.strokeLine(x, top, x, top + plotH);
            String label = SECONDS.format(Instant.ofEpochMilli((long) t));
            double tw = textWidth(label, small);
            g.setFill(muted);
            g.fillText(label, Math.max(left + tw / 2, Math.min(x, left + plotW - tw / 2)), top + plotH + 5 * scale);
        }
    }

    private void drawEvents(GraphicsContext g) {
        // Lines first, labels over them: events a poll apart (a member leaves, the group rebalances) stay readable.
        for (GroupEvent e : events) {
            if (e.timeMs() < t0 || e.timeMs() > t1 + 1) {
                continue;
            }
            double x = Math.floor(xOf(e.timeMs())) + 0.5;
            g.setStroke(muted);
            g.setLineWidth(e.kind() == GroupEvent.Kind.REBALANCE ? 2 * scale : 1.5 * scale);
            switch (e.kind()) {
                case MEMBER_LEFT -> g.setLineDashes(5 * scale, 3 * scale);
                case MEMBER_JOINED -> g.setLineDashes(1.5 * scale, 3 * scale);
                default -> g.setLineDashes();
            }
            g.strokeLine(x, top, x, top + plotH);
            g.setLineDashes();
        }
        // Events a few pixels apart share one label ("2 joined"), so labels never lie on top of each other.
        List<Double> xs = new ArrayList<>();
        List<Map<GroupEvent.Kind, Integer>> counts = new ArrayList<>();
        for (GroupEvent e : events) {
            if (e.timeMs() < t0 || e.timeMs() > t1 + 1) {
                continue;
            }
            double x = Math.floor(xOf(e.timeMs())) + 0.5;
            int last = xs.size() - 1;
            if (last < 0 || x - xs.get(last) > MERGE_PX * scale) {
                xs.add(x);
                counts.add(new java.util.EnumMap<>(GroupEvent.Kind.class));
                last++;
            }
            counts.get(last).merge(e.kind(), 1, Integer::sum);
        }
        g.setFont(small);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        double[] rowEnd = {-1e9, -1e9};
        drawnEventLabels.clear();
        for (int i = 0; i < xs.size(); i++) {
            double x = xs.get(i);
            String label = mergedLabel(counts.get(i));
            double tw = textWidth(label, small);
            int row = x - 2 > rowEnd[0] ? 0 : x - 2 > rowEnd[1] && plotH > 28 * scale ? 1 : -1;
            if (row < 0) {
                continue;
            }
            double lx = Math.min(x + 3 * scale, left + plotW - tw);
            double ly = top + 2 * scale + row * 13 * scale;
            g.setFill(background.deriveColor(0, 1, 1, 0.85));
            g.fillRect(lx - 1, ly, tw + 2, 12 * scale);
            g.setFill(text);
            g.fillText(label, lx, ly);
            rowEnd[row] = lx + tw + 4 * scale;
            drawnEventLabels.add(label);
        }
    }

    /** One label for events at nearly the same time: "2 joined", or "joined · rebalance". */
    static String mergedLabel(Map<GroupEvent.Kind, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((kind, n) -> parts.add(n > 1 ? n + " " + label(kind) : label(kind)));
        return String.join(" · ", parts);
    }

    /** The event labels the last frame drew, left to right. */
    public List<String> drawnEventLabels() {
        return List.copyOf(drawnEventLabels);
    }

    static String label(GroupEvent.Kind kind) {
        return switch (kind) {
            case REBALANCE -> "rebalance";
            case MEMBER_LEFT -> "left";
            case MEMBER_JOINED -> "joined";
        };
    }

    private void drawLine(GraphicsContext g, LagSeries s, Color c, double width) {
        if (s.size() == 0) {
            return;
        }
        g.setStroke(c);
        g.setLineWidth(width);
        g.setLineJoin(StrokeLineJoin.ROUND);
        g.beginPath();
        // At most a few points per pixel: a line over minutes stays cheap to draw.
        double lastX = -1e9;
        for (int i = 0; i < s.size(); i++) {
            double x = xOf(s.time(i));
            // Whole pixels: a flat line of an even width then covers whole rows instead of blurring over three.
            double y = Math.round(yOf(s.lag(i)));
            if (i == 0) {
                g.moveTo(x, y);
            } else if (x - lastX >= 0.5 || i == s.size() - 1) {
                g.lineTo(x, y);
            } else {
                continue;
            }
            lastX = x;
        }
        g.stroke();
        if (s.size() == 1) {
            double x = xOf(s.time(0));
            double y = yOf(s.lag(0));
            g.setFill(c);
            g.fillOval(x - width * 1.5, y - width * 1.5, width * 3, width * 3);
        }
    }

    private double textWidth(String s, Font f) {
        measure.setFont(f);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    private void showHover(double mx, double my) {
        CanvasTheme.showHover(hover, describeAt(mx, my), mx, my, getWidth(), getHeight());
    }

    /** The time under the pointer, the lags then, and a group event within a few pixels; or null. */
    String describeAt(double mx, double my) {
        if (total.size() == 0 || mx < left || mx > left + plotW || my < top || my > top + plotH) {
            return null;
        }
        long t = t0 + Math.round((mx - left) * (t1 - t0) / plotW);
        int i = Math.min(total.size() - 1, total.firstAtOrAfter(t));
        long at = total.time(i);
        StringBuilder sb = new StringBuilder(SECONDS.format(Instant.ofEpochMilli(at)));
        sb.append(" · total lag ").append(total.lag(i));
        for (Map.Entry<Integer, LagSeries> e : partitions.entrySet()) {
            LagSeries s = e.getValue();
            int j = Math.min(s.size() - 1, s.firstAtOrAfter(at));
            if (j >= 0) {
                sb.append("\nP").append(e.getKey()).append(": ").append(s.lag(j));
            }
        }
        List<GroupEvent> near = new ArrayList<>();
        for (GroupEvent e : events) {
            if (Math.abs(xOf(e.timeMs()) - mx) <= 4 * scale) {
                near.add(e);
            }
        }
        for (GroupEvent e : near) {
            sb.append("\n").append(label(e.kind())).append(": ").append(e.detail());
        }
        return sb.toString();
    }
}
