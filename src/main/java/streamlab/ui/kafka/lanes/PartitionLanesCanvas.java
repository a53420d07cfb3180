package streamlab.ui.kafka.lanes;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import streamlab.ui.CanvasTheme;
import streamlab.ui.kafka.lanes.PartitionLanesModel.Cursor;
import streamlab.ui.kafka.lanes.PartitionLanesModel.Lane;

/**
 * The partitions of one topic as lanes: each message a mark at its offset (or its time), coloured and shaped by its
 * key; the start and end offsets; each group's committed offset as a cursor with its lag as a band to the end; the
 * built-in consumers' duplicates (ring and "2×") and lost messages (a cross). Ctrl+wheel, + and - zoom, the wheel and
 * dragging pan, double-click or F fits and follows the end again, T switches the axis; hovering shows the message.
 * The view draws from its {@link PartitionLanesModel} once per frame, only the marks in view, and at most one mark
 * per pixel column when they crowd. Colours follow the theme and sizes the zoom. Confined to the FX Application
 * Thread.
 */
public final class PartitionLanesCanvas extends Region {

    /** What the x axis measures. */
    public enum Axis { OFFSET, TIME }

    /** Lost messages: the Contention timeline's lost-update magenta, as a cross. */
    public static final Color LOST = Color.web("#A81070");

    /** Sizes at 100 % zoom. */
    static final double GUTTER = 104;
    static final double AXIS = 26;
    static final double MAX_LANE = 84;
    static final double MARK = 12;
    static final double RIGHT_PAD = 8;
    /** In follow mode the end sits this far from the right edge, room for its label. */
    static final double END_ROOM = 70;
    /** The key legend's row under the lanes, always kept free. */
    static final double LEGEND = 22;

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final PartitionLanesModel model;
    private final Canvas canvas = new Canvas();
    private final Label hover = LaneTheme.hoverCard();
    private final LaneTheme theme = new LaneTheme();
    private final Text measure = new Text();
    private final ObjectProperty<Axis> axis = new SimpleObjectProperty<>(this, "axis", Axis.OFFSET);
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);

    /** The view: the unit (offset or epoch ms) at the plot's left edge, and units per pixel. */
    private double viewStart;
    private double unitsPerPx = 1;
    /** Whether the view shows everything held (until the user zooms). */
    private boolean fitted = true;
    private boolean dirty = true;
    private long drawnVersion = -1;
    private double dragX;
    private double dragStart;
    private long lastDrawNanos;
    /** The crowded strip's colour per pixel column, and its pixels, reused from frame to frame. */
    private int[] stripColumns = new int[0];
    private int[] stripPixels = new int[0];
    private int lastDrawnMarks;
    private int lastLegendShown;

    // The frame being drawn, at the current zoom.
    private double scale = 1;
    private double gutter = GUTTER;
    private double axisH = AXIS;
    private Color text = Color.BLACK;
    private Color muted = Color.GRAY;
    private Color background = Color.WHITE;
    private Font font = Font.font(11);
    private Font small = Font.font(10);
    private Font bold = Font.font(11);

    public PartitionLanesCanvas(PartitionLanesModel model) {
        this.model = model;
        getStyleClass().add("partition-lanes");
        getStylesheets().add(LaneTheme.STYLESHEET);
        getChildren().add(canvas);
        getChildren().addAll(theme.probes());
        getChildren().add(hover);
        setFocusTraversable(true);
        setMinSize(240, 90);
        setPrefSize(900, 360);
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
            follow.set(false);
            fitted = false;
            viewStart = dragStart - (e.getX() - dragX) * unitsPerPx;
            hover.setVisible(false);
            repaint();
        });
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> showHover(e.getX(), e.getY()));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setVisible(false));
        addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
        follow.addListener((o, was, on) -> repaint());
        axis.addListener((o, was, now) -> {
            fitted = true;
            hover.setVisible(false);
            repaint();
        });
    }

    public PartitionLanesModel model() {
        return model;
    }

    /** Offsets (the default) or the messages' timestamps on the x axis. */
    public ObjectProperty<Axis> axisProperty() {
        return axis;
    }

    /** Keep the partitions' end in view as messages arrive; panning turns it off, {@link #fit()} on. */
    public BooleanProperty followProperty() {
        return follow;
    }

    /** Call once per frame after {@link PartitionLanesModel#update}: draws when the data or the view changed. */
    public void redraw() {
        if (!dirty && drawnVersion == model.version()) {
            return;
        }
        dirty = false;
        drawnVersion = model.version();
        long t = System.nanoTime();
        draw();
        lastDrawNanos = System.nanoTime() - t;
    }

    /** How long the last frame took to draw, in nanoseconds (for the tab's status line and the benchmark). */
    public long lastDrawNanos() {
        return lastDrawNanos;
    }

    /** Marks drawn in the last frame (at most one per pixel column and lane when they crowd). */
    public int lastDrawnMarks() {
        return lastDrawnMarks;
    }

    /** Shows everything held and follows the end. */
    public void fit() {
        fitted = true;
        follow.set(true);
        repaint();
    }

    /** Zooms in by 1.25 around the end when following, else around the middle. */
    public void zoomIn() {
        zoom(1.25);
    }

    public void zoomOut() {
        zoom(0.8);
    }

    /** Zooms by {@code factor} (above 1 zooms in): around the end when following, else around the plot's middle. */
    public void zoom(double factor) {
        zoom(factor, follow.get() ? gutter + followEndPx() : gutter + plotWidth() / 2.0);
    }

    /** Zooms by {@code factor} around the canvas x position {@code x}. */
    public void zoom(double factor, double x) {
        fitted = false;
        double at = unitAt(x);
        unitsPerPx = Math.max(minUnitsPerPx(), unitsPerPx / factor);
        viewStart = at - (x - gutter) * unitsPerPx;
        repaint();
    }

    /** Shows the units (offsets, or epoch milliseconds on the time axis) from {@code from} to {@code to}. */
    public void showRange(double from, double to) {
        follow.set(false);
        fitted = false;
        viewStart = from;
        unitsPerPx = Math.max(minUnitsPerPx(), (to - from) / plotWidth());
        repaint();
    }

    /** Pans by {@code px} pixels (positive shows later offsets) and stops following. */
    public void pan(double px) {
        follow.set(false);
        fitted = false;
        viewStart += px * unitsPerPx;
        repaint();
    }

    /** Zoom and axis buttons bound to this view, for the tab's toolbar. */
    public HBox toolbar() {
        Button out = new Button("−");
        out.setId("lanesZoomOut");
        out.setTooltip(new Tooltip("Zoom out (−, Ctrl+wheel)"));
        out.setOnAction(e -> zoomOut());
        Button in = new Button("+");
        in.setId("lanesZoomIn");
        in.setTooltip(new Tooltip("Zoom in (+, Ctrl+wheel)"));
        in.setOnAction(e -> zoomIn());
        Button fit = new Button("Fit");
        fit.setId("lanesFit");
        fit.setTooltip(new Tooltip("Show every message held and follow the end (F, double-click)"));
        fit.setOnAction(e -> fit());
        ToggleButton followEnd = new ToggleButton("Follow");
        followEnd.setId("lanesFollow");
        followEnd.setTooltip(new Tooltip("Follow the end: keep the newest messages in view as they arrive"));
        followEnd.selectedProperty().bindBidirectional(follow);
        ToggleButton time = new ToggleButton("Time");
        time.setId("lanesTimeAxis");
        time.setTooltip(new Tooltip("x axis: offset or the messages' timestamps (T)"));
        time.setSelected(axis.get() == Axis.TIME);
        time.selectedProperty().addListener((o, was, on) -> axis.set(on ? Axis.TIME : Axis.OFFSET));
        axis.addListener((o, was, now) -> time.setSelected(now == Axis.TIME));
        HBox bar = new HBox(4, out, in, fit, followEnd, time);
        // The buttons keep their text at any zoom; the title beside them gives way instead.
        for (var b : bar.getChildren()) {
            ((Region) b).setMinWidth(Region.USE_PREF_SIZE);
        }
        bar.setMinWidth(Region.USE_PREF_SIZE);
        bar.getStyleClass().add("lanes-toolbar");
        return bar;
    }

    /** The canvas, for tests that read its pixels. */
    public Canvas canvas() {
        return canvas;
    }

    /** The hover card's text, or empty when hidden. */
    public String hoverText() {
        return hover.isVisible() ? hover.getText() : "";
    }

    // ---- Geometry, package-private for tests ----

    /** The canvas x of a unit: an offset boundary (message {@code o} is centred on {@code o + 0.5}) or a time. */
    double xOf(double unit) {
        return gutter + (unit - viewStart) / unitsPerPx;
    }

    double unitAt(double x) {
        return viewStart + (x - gutter) * unitsPerPx;
    }

    double unitsPerPx() {
        return unitsPerPx;
    }

    double laneTop(int lane) {
        return axisH + lane * laneHeight();
    }

    double laneHeight() {
        int n = Math.max(1, model.lanes().size());
        return Math.min(MAX_LANE * scale, Math.max(6, (canvas.getHeight() - axisH - legendHeight() - 2) / n));
    }

    private double markY(double top, int groups) {
        return top + markArea(groups) / 2;
    }

    /** The legend row's height at the current zoom. */
    double legendHeight() {
        return Math.round(LEGEND * scale);
    }

    /** The y of the legend row's centre. */
    double legendY() {
        return axisH + Math.max(1, model.lanes().size()) * laneHeight() + legendHeight() / 2;
    }

    double gutter() {
        return gutter;
    }

    /** The zoom the last frame was drawn at. */
    double drawScale() {
        return scale;
    }

    /** The top of group {@code k}'s lag band in lane {@code lane}. */
    double bandY(int lane, int k) {
        int groups = model.lanes().get(lane).cursors.size();
        return laneTop(lane) + laneHeight() - bandArea(groups) + 1 * scale + k * bandHeight(groups);
    }

    double bandHeightOf(int lane) {
        return bandHeight(model.lanes().get(lane).cursors.size());
    }

    /** The y of the marks' centres in lane {@code lane}. */
    double markY(int lane) {
        return markY(laneTop(lane), model.lanes().get(lane).cursors.size());
    }

    private double markArea(int groups) {
        return laneHeight() - bandArea(groups);
    }

    private double bandHeight(int groups) {
        return groups == 0 ? 0 : Math.min(15 * scale, laneHeight() * 0.45 / groups);
    }

    private double bandArea(int groups) {
        return bandHeight(groups) * groups + (groups > 0 ? 3 * scale : 0);
    }

    private double markSize(int groups) {
        return Math.max(3, Math.min(MARK * scale, markArea(groups) * 0.55));
    }

    private int plotWidth() {
        return (int) Math.max(1, canvas.getWidth() - gutter - RIGHT_PAD * scale);
    }

    private double followEndPx() {
        return Math.max(plotWidth() * 0.5, plotWidth() - END_ROOM * scale);
    }

    private double minUnitsPerPx() {
        // Offsets: at most 200 px per message; time: 200 px per millisecond.
        return 1.0 / 200;
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

    @Override
    protected double computePrefHeight(double width) {
        return axisH + Math.max(1, model.lanes().size()) * 56 * scale + legendHeight() + 4;
    }

    // ---- Drawing ----

    private void takeTheme() {
        scale = theme.scale();
        gutter = Math.round(GUTTER * scale);
        axisH = Math.round(Math.max(AXIS, 11 * scale + 12));
        text = theme.text();
        muted = theme.muted();
        background = theme.background();
        font = theme.font(11, false);
        small = theme.font(10, false);
        bold = theme.font(12, true);
    }

    private void draw() {
        takeTheme();
        lastDrawnMarks = 0;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(background);
        g.fillRect(0, 0, w, h);
        g.setLineCap(StrokeLineCap.BUTT);
        g.setLineDashes();
        List<Lane> lanes = model.lanes();
        if (lanes.isEmpty()) {
            g.setFill(muted);
            g.setFont(font);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(model.topic() == null ? "Choose a topic: one lane per partition will appear here."
                    : "No partitions yet.", w / 2, h / 2);
            return;
        }
        placeView(lanes);
        drawAxis(g, h, lanes.size());
        double laneH = laneHeight();
        for (int l = 0; l < lanes.size(); l++) {
            double top = laneTop(l);
            Lane lane = lanes.get(l);
            if (l % 2 == 1) {
                g.setFill(text.deriveColor(0, 1, 1, 0.035));
                g.fillRect(gutter, top, plotWidth(), laneH);
            }
            g.setStroke(text.deriveColor(0, 1, 1, 0.15));
            g.setLineWidth(1);
            g.strokeLine(0, Math.floor(top + laneH) - 0.5, w, Math.floor(top + laneH) - 0.5);
            drawGutter(g, lane, top, laneH);
            g.save();
            g.beginPath();
            g.rect(gutter, top, plotWidth(), laneH);
            g.clip();
            drawLane(g, lane, top, laneH);
            g.restore();
        }
        drawLegend(g, axisH + lanes.size() * laneH, h, w);
    }

    /**
     * Right under the lanes, always: each recent key's mark and text, then how many keys it leaves out, so one can
     * check that a key always lands in the same partition; at the right what the duplicate and lost overlays mean.
     */
    private void drawLegend(GraphicsContext g, double y0, double h, double w) {
        double y = y0 + legendHeight() / 2;
        double m = Math.min(MARK * scale, legendHeight() * 0.6);
        g.setFont(small);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(muted);
        g.fillText("keys", 10 * scale, y);
        // What the overlays mean, at the right; the keys get the rest.
        double overlays = m + 6 * scale + textWidth("twice", small) + 12 * scale + m * 0.9 + 5 * scale
                + textWidth("lost", small) + RIGHT_PAD * scale;
        double rx = w - overlays;
        List<String> keys = model.legendKeys();
        double x = Math.max(10 * scale + textWidth("keys", small) + 8 * scale, Math.min(gutter, 48 * scale));
        int shown = 0;
        g.setLineWidth(Math.max(1, scale));
        for (String key : keys) {
            String label = key == null ? "no key" : key.length() > 14 ? key.substring(0, 13) + "…" : key;
            double need = m + 4 * scale + textWidth(label, small) + 10 * scale;
            int left = model.keyCount() - shown - 1;
            double more = left > 0 ? textWidth("+" + left + " more", small) + 10 * scale : 0;
            if (x + need + more > rx) {
                break;
            }
            model.keyShape(key).draw(g, x + m / 2, y, m, key == null ? muted : model.keyColour(key),
                    key == null ? muted : text.deriveColor(0, 1, 1, 0.75));
            g.setFill(text);
            g.fillText(label, x + m + 4 * scale, y);
            x += need;
            shown++;
        }
        int more = model.keyCount() - shown;
        if (more > 0) {
            g.setFill(muted);
            g.fillText("+" + more + " more", x, y);
        }
        lastLegendShown = shown;
        g.setStroke(text);
        g.setLineWidth(Math.max(1.2, 1.2 * scale));
        double rm = m * 0.8;
        g.strokeOval(rx + 2 * scale, y - rm / 2, rm, rm);
        g.strokeOval(rx + 2 * scale - 2.5 * scale, y - rm / 2 - 2.5 * scale, rm + 5 * scale, rm + 5 * scale);
        g.setFill(text);
        g.fillText("twice", rx + m + 6 * scale, y);
        double lx = rx + m + 6 * scale + textWidth("twice", small) + 12 * scale;
        double s = m * 0.45;
        g.setStroke(LOST);
        g.setLineWidth(2.5 * scale);
        g.strokeLine(lx, y - s, lx + 2 * s, y + s);
        g.strokeLine(lx, y + s, lx + 2 * s, y - s);
        g.fillText("lost", lx + 2 * s + 5 * scale, y);
    }

    /** How many keys the last frame's legend showed by mark and text. */
    public int lastLegendShown() {
        return lastLegendShown;
    }

    /** Follow and fit: where the view is before drawing. */
    private void placeView(List<Lane> lanes) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Lane lane : lanes) {
            MarkRing r = lane.ring;
            if (axis.get() == Axis.OFFSET) {
                lo = Math.min(lo, r.size() > 0 ? r.offset(0) : lane.start);
                hi = Math.max(hi, lane.end);
            } else if (r.size() > 0) {
                lo = Math.min(lo, r.time(0));
                hi = Math.max(hi, r.time(r.size() - 1));
            }
        }
        if (lo == Double.MAX_VALUE) {
            lo = 0;
            hi = 1;
        }
        if (axis.get() == Axis.TIME) {
            hi += 1;
        }
        if (fitted) {
            double room = follow.get() ? followEndPx() : plotWidth() * 0.98;
            unitsPerPx = Math.max(minUnitsPerPx(), Math.max(hi - lo, 10) / room);
        }
        if (follow.get()) {
            viewStart = hi - followEndPx() * unitsPerPx;
        } else if (fitted) {
            viewStart = lo - plotWidth() * 0.01 * unitsPerPx;
        }
    }

    private void drawAxis(GraphicsContext g, double h, int lanes) {
        double minStep = unitsPerPx * (axis.get() == Axis.TIME ? 110 : 80) * scale;
        double step = niceStep(Math.max(axis.get() == Axis.TIME ? 1 : 1, minStep));
        double first = Math.ceil(viewStart / step) * step;
        double right = unitAt(gutter + plotWidth());
        g.setFont(font);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.setLineWidth(1);
        double bottom = axisH + lanes * laneHeight();
        for (double u = first; u <= right; u += step) {
            double x = Math.floor(xOf(u)) + 0.5;
            g.setStroke(text.deriveColor(0, 1, 1, 0.12));
            g.strokeLine(x, axisH - 5 * scale, x, bottom);
            String label = axis.get() == Axis.TIME
                    ? (step < 1000 ? MILLIS : SECONDS).format(Instant.ofEpochMilli(Math.round(u)))
                    : Long.toString(Math.round(u));
            double tw = textWidth(label, font);
            double lx = Math.max(gutter, Math.min(x - tw / 2, gutter + plotWidth() - tw));
            g.setFill(muted);
            g.fillText(label, lx, 4 * scale);
        }
        g.setFill(muted);
        g.setFont(small);
        g.fillText(axis.get() == Axis.TIME ? "time" : "offset", 6 * scale, 5 * scale);
        g.setStroke(text.deriveColor(0, 1, 1, 0.45));
        g.strokeLine(gutter, axisH - 0.5, gutter + plotWidth(), axisH - 0.5);
    }

    /** 1, 2 or 5 × 10^k, at least {@code min}. */
    static double niceStep(double min) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(1e-9, min))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (p * m >= min) {
                return p * m;
            }
        }
        return p * 10;
    }

    private void drawGutter(GraphicsContext g, Lane lane, double top, double laneH) {
        g.setFill(LanePalette.partitionColour(lane.partition));
        g.fillRect(0, top + 1, 5 * scale, laneH - 2);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.setFill(text);
        g.setFont(bold);
        double x = 10 * scale;
        g.fillText("P" + lane.partition, x, top + 4 * scale, gutter - x - 4);
        if (laneH >= 34 * scale) {
            g.setFont(small);
            g.setFill(muted);
            g.fillText(lane.start + " – " + lane.end, x, top + 20 * scale, gutter - x - 4);
            if (laneH >= 48 * scale) {
                g.fillText(lane.ring.size() + " shown", x, top + 33 * scale, gutter - x - 4);
            }
        }
    }

    private void drawLane(GraphicsContext g, Lane lane, double top, double laneH) {
        int groups = lane.cursors.size();
        double m = markSize(groups);
        double y = markY(top, groups);
        double left = gutter;
        double right = gutter + plotWidth();
        MarkRing r = lane.ring;
        boolean time = axis.get() == Axis.TIME;

        // Lag bands under everything else, one row per group, at the lane's foot.
        double bandH = bandHeight(groups);
        double endX = boundaryX(lane, lane.end, m);
        double bandTop = top + laneH - bandArea(groups) + 1 * scale;
        for (int k = 0; k < groups; k++) {
            Cursor c = lane.cursors.get(k);
            double cx = boundaryX(lane, c.committed() < 0 ? lane.start : c.committed(), m);
            double by = bandTop + k * bandH;
            Color gc = LanePalette.groupColour(c.groupId());
            if (!Double.isNaN(cx) && !Double.isNaN(endX)) {
                double x0 = Math.max(left - 2, Math.min(cx, endX));
                double x1 = Math.min(right + 2, Math.max(cx, endX));
                g.setFill(gc.deriveColor(0, 1, 1, 0.30));
                g.fillRect(x0, by, Math.max(0, x1 - x0), bandH - 1);
                g.setStroke(gc);
                g.setLineWidth(1);
                g.strokeLine(x0, by + 0.5, x1, by + 0.5);
                g.strokeLine(x0, by + bandH - 1.5, x1, by + bandH - 1.5);
                String label = c.groupId() + (c.committed() < 0 ? " · no commit" : "") + " · lag " + c.lag();
                placeBandLabel(g, label, x0, x1, by, bandH, left, right);
            }
        }

        // Start offset: a dashed line when it is in view.
        if (!time && lane.start > 0) {
            double sx = Math.floor(xOf(lane.start)) + 0.5;
            if (sx >= left && sx <= right) {
                g.setStroke(muted);
                g.setLineWidth(1);
                g.setLineDashes(3 * scale, 3 * scale);
                g.strokeLine(sx, top + 2, sx, top + laneH - 2);
                g.setLineDashes();
                g.setFill(muted);
                g.setFont(small);
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.TOP);
                g.fillText("start " + lane.start, sx + 3 * scale, top + 2 * scale);
            }
        }

        drawMarks(g, lane, y, m, left, right);

        // Cursors: a line and a caret in the group's colour at the committed offset.
        for (int k = 0; k < groups; k++) {
            Cursor c = lane.cursors.get(k);
            double cx = boundaryX(lane, c.committed() < 0 ? lane.start : c.committed(), m);
            if (Double.isNaN(cx) || cx < left - 6 || cx > right + 6) {
                continue;
            }
            Color gc = LanePalette.groupColour(c.groupId());
            double x = Math.floor(cx) + 0.5;
            g.setStroke(background);
            g.setLineWidth(4 * scale);
            g.strokeLine(x, top + 3 * scale, x, bandTop + (k + 1) * bandH - 1);
            g.setStroke(gc);
            g.setLineWidth(2 * scale);
            if (c.committed() < 0) {
                g.setLineDashes(3 * scale, 2 * scale);
            }
            g.strokeLine(x, top + 3 * scale, x, bandTop + (k + 1) * bandH - 1);
            g.setLineDashes();
            double cs = 5 * scale;
            g.setFill(gc);
            g.fillPolygon(new double[] {x - cs, x + cs, x}, new double[] {top + 1, top + 1, top + 1 + cs * 1.3}, 3);
        }

        // The end offset: a solid line labelled "end N".
        if (!Double.isNaN(endX) && endX >= left - 1 && endX <= right + 1) {
            double x = Math.floor(endX) + 0.5;
            g.setStroke(text);
            g.setLineWidth(2 * scale);
            g.strokeLine(x, top + 2, x, top + laneH - 2);
            String label = "end " + lane.end;
            g.setFont(font);
            double tw = textWidth(label, font);
            g.setTextBaseline(VPos.TOP);
            g.setTextAlign(TextAlignment.LEFT);
            double lx = x + 4 * scale + tw <= right ? x + 4 * scale : x - 4 * scale - tw;
            g.setFill(background.deriveColor(0, 1, 1, 0.8));
            g.fillRect(lx - 1, top + 2 * scale, tw + 2, 13 * scale);
            g.setFill(text);
            g.fillText(label, lx, top + 2 * scale);
        }
    }

    private void placeBandLabel(GraphicsContext g, String label, double x0, double x1, double by, double bandH,
                                double left, double right) {
        if (bandH < 9 * scale) {
            return;
        }
        Font f = bandH >= 13 * scale ? small : theme.font(8, false);
        double tw = textWidth(label, f);
        double vx0 = Math.max(x0, left);
        double vx1 = Math.min(x1, right);
        double lx;
        if (vx1 - vx0 >= tw + 6 * scale) {
            lx = vx0 + 3 * scale;
        } else if (vx1 + 4 * scale + tw <= right) {
            lx = vx1 + 4 * scale;
        } else {
            lx = Math.max(left + 2, vx0 - 4 * scale - tw);
        }
        g.setFont(f);
        g.setFill(text);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(label, lx, by + bandH / 2);
    }

    /** The x of an offset boundary; on the time axis, just before the mark at that offset (NaN with no marks). */
    private double boundaryX(Lane lane, long offset, double m) {
        if (axis.get() == Axis.OFFSET) {
            return xOf(offset);
        }
        MarkRing r = lane.ring;
        if (r.size() == 0) {
            return Double.NaN;
        }
        int i = r.firstOffsetAtLeast(offset);
        if (i >= r.size()) {
            return xOf(r.time(r.size() - 1)) + m * 0.75;
        }
        return xOf(r.time(i)) - m * 0.75;
    }

    private double markX(MarkRing r, int i) {
        return axis.get() == Axis.OFFSET ? xOf(r.offset(i) + 0.5) : xOf(r.time(i));
    }

    private void drawMarks(GraphicsContext g, Lane lane, double y, double m, double left, double right) {
        MarkRing r = lane.ring;
        if (r.size() == 0) {
            return;
        }
        double margin = m * unitsPerPx;
        double from = unitAt(left) - margin;
        double to = unitAt(right) + margin;
        boolean time = axis.get() == Axis.TIME;
        int i0 = time ? r.firstTimeAtLeast(from) : r.firstOffsetAtLeast(from - 1);
        int i1 = time ? r.firstTimeAtLeast(to) : r.firstOffsetAtLeast(to);
        int visible = i1 - i0;
        boolean crowded = visible > plotWidth() / (m * 0.8);
        double outlineW = Math.max(1, scale);
        g.setLineWidth(outlineW);
        Color outline = text.deriveColor(0, 1, 1, 0.75);
        int drawn = 0;
        if (crowded) {
            drawn = drawStrip(g, r, i0, i1, y, m, left, right);
        } else {
            // Few enough to draw each one: marks at one time (the time axis) are drawn over each other in order.
            for (int i = i0; i < i1; i++) {
                double x = markX(r, i);
                String key = r.key(i);
                Color fill = key == null ? muted : model.keyColour(key);
                model.keyShape(key).draw(g, x, y, m, fill, key == null ? muted : outline);
                drawn++;
            }
            drawDuplicates(g, lane, y, m, i0, i1);
        }
        drawLost(g, lane, y, m, left, right);
        lastDrawnMarks += drawn;
    }

    /**
     * Crowded marks: one tick per pixel column, in the colour of the column's first key, so keyed partitioning still
     * shows. The ticks are written as pixels, one run of neighbouring columns at a time: a few thousand rectangles a
     * frame cost the software pipeline far more to rasterise than the same pixels written once.
     */
    private int drawStrip(GraphicsContext g, MarkRing r, int i0, int i1, double y, double m, double left,
                          double right) {
        int x0 = (int) Math.ceil(left);
        int width = (int) Math.floor(right) - x0;
        int th = Math.max(2, (int) Math.round(m * 1.2));
        int ty = (int) Math.round(y - th / 2.0);
        if (width <= 0) {
            return 0;
        }
        if (stripColumns.length < width) {
            stripColumns = new int[width];
        }
        java.util.Arrays.fill(stripColumns, 0, width, 0);
        int none = LanePalette.argb(muted);
        int drawn = 0;
        for (int i = i0; i < i1; i++) {
            int x = (int) Math.floor(markX(r, i)) - x0;
            if (x >= 0 && x < width && stripColumns[x] == 0) {
                String key = r.key(i);
                stripColumns[x] = key == null ? none : LanePalette.markArgb(model.mark(key));
                drawn++;
            }
        }
        javafx.scene.image.PixelWriter w = g.getPixelWriter();
        for (int a = 0; a < width; ) {
            if (stripColumns[a] == 0) {
                a++;
                continue;
            }
            int b = a;
            while (b < width && stripColumns[b] != 0) {
                b++;
            }
            int run = b - a;
            if (stripPixels.length < run * th) {
                stripPixels = new int[Math.max(run * th, width * th)];
            }
            for (int row = 0; row < th; row++) {
                System.arraycopy(stripColumns, a, stripPixels, row * run, run);
            }
            w.setPixels(x0 + a, ty, run, th, javafx.scene.image.PixelFormat.getIntArgbInstance(), stripPixels, 0, run);
            a = b;
        }
        return drawn;
    }

    private void drawDuplicates(GraphicsContext g, Lane lane, double y, double m, int i0, int i1) {
        MarkRing r = lane.ring;
        if (lane.duplicates.isEmpty() || i1 <= i0) {
            return;
        }
        Map<Long, Integer> dups = lane.duplicates.subMap(r.offset(i0), true, r.offset(i1 - 1), true);
        g.setFont(theme.font(9, true));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BOTTOM);
        for (Map.Entry<Long, Integer> e : dups.entrySet()) {
            int i = r.firstOffsetAtLeast(e.getKey());
            if (i >= r.size() || r.offset(i) != e.getKey()) {
                continue;
            }
            double x = markX(r, i);
            g.setStroke(text);
            g.setLineWidth(Math.max(1.2, 1.2 * scale));
            double d1 = m + 4 * scale;
            double d2 = m + 9 * scale;
            g.strokeOval(x - d1 / 2, y - d1 / 2, d1, d1);
            g.strokeOval(x - d2 / 2, y - d2 / 2, d2, d2);
            // Above the rings' top right, but never above the lane, where it would be cut off.
            String label = e.getValue() + "×";
            double tw = textWidth(label, theme.font(9, true));
            double th = 11 * scale;
            double lx = x + d2 / 2 - 2 * scale;
            double by = Math.max(y - d2 / 2 + 3 * scale, laneTopOf(y) + th + 1);
            g.setFill(background.deriveColor(0, 1, 1, 0.85));
            g.fillRect(lx - 1, by - th, tw + 2, th);
            g.setFill(text);
            g.fillText(label, lx, by);
        }
    }

    /** The top of the lane whose marks' centre is at {@code y}. */
    private double laneTopOf(double y) {
        int l = (int) Math.max(0, Math.floor((y - axisH) / laneHeight()));
        return axisH + l * laneHeight();
    }

    private void drawLost(GraphicsContext g, Lane lane, double y, double m, double left, double right) {
        if (lane.lost.isEmpty()) {
            return;
        }
        double s = m * 0.75 + 2 * scale;
        for (long offset : lane.lost) {
            double x;
            if (axis.get() == Axis.OFFSET) {
                x = xOf(offset + 0.5);
            } else {
                MarkRing r = lane.ring;
                int i = r.firstOffsetAtLeast(offset);
                if (i >= r.size() || r.offset(i) != offset) {
                    continue;
                }
                x = xOf(r.time(i));
            }
            if (x < left - s || x > right + s) {
                continue;
            }
            g.setStroke(background);
            g.setLineWidth(5.5 * scale);
            g.strokeLine(x - s, y - s, x + s, y + s);
            g.strokeLine(x - s, y + s, x + s, y - s);
            g.setStroke(LOST);
            g.setLineWidth(3 * scale);
            g.strokeLine(x - s, y - s, x + s, y + s);
            g.strokeLine(x - s, y + s, x + s, y - s);
        }
    }

    private double textWidth(String s, Font f) {
        measure.setFont(f);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    // ---- Input ----

    private void onScroll(ScrollEvent e) {
        if (e.isControlDown() || e.isShortcutDown()) {
            if (e.getDeltaY() != 0) {
                zoom(e.getDeltaY() > 0 ? 1.25 : 0.8, e.getX());
            }
        } else {
            double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            if (d == 0) {
                return;
            }
            pan(-d);
        }
        e.consume();
    }

    private void onKey(KeyEvent e) {
        KeyCode k = e.getCode();
        if (k == KeyCode.PLUS || k == KeyCode.EQUALS || k == KeyCode.ADD) {
            zoomIn();
        } else if (k == KeyCode.MINUS || k == KeyCode.SUBTRACT) {
            zoomOut();
        } else if (k == KeyCode.LEFT || k == KeyCode.RIGHT) {
            pan(k == KeyCode.LEFT ? -80 : 80);
        } else if (k == KeyCode.F) {
            fit();
        } else if (k == KeyCode.T) {
            axis.set(axis.get() == Axis.OFFSET ? Axis.TIME : Axis.OFFSET);
        } else {
            return;
        }
        e.consume();
    }

    private void showHover(double mx, double my) {
        CanvasTheme.showHover(hover, describeAt(mx, my), mx, my, getWidth(), getHeight());
    }

    /** The message under the pointer: partition, offset, key, value (shortened), time; or null. */
    String describeAt(double mx, double my) {
        List<Lane> lanes = model.lanes();
        if (lanes.isEmpty() || mx < gutter || my < axisH) {
            return null;
        }
        int l = (int) ((my - axisH) / laneHeight());
        if (l < 0 || l >= lanes.size()) {
            return null;
        }
        Lane lane = lanes.get(l);
        MarkRing r = lane.ring;
        if (r.size() == 0) {
            return null;
        }
        double u = unitAt(mx);
        int i = axis.get() == Axis.TIME ? r.firstTimeAtLeast(u) : r.firstOffsetAtLeast(u - 0.5);
        int best = -1;
        double bestD = Math.max(4, markSize(lane.cursors.size()) / 2 + 2);
        for (int j = Math.max(0, i - 1); j <= Math.min(r.size() - 1, i); j++) {
            double d = Math.abs(markX(r, j) - mx);
            if (d <= bestD) {
                best = j;
                bestD = d;
            }
        }
        if (best < 0) {
            return null;
        }
        long offset = r.offset(best);
        StringBuilder sb = new StringBuilder();
        sb.append("partition ").append(lane.partition).append(" · offset ").append(offset);
        sb.append("\nkey: ").append(r.key(best) == null ? "(none)" : r.key(best));
        String value = r.value(best);
        sb.append("\nvalue: ").append(value == null ? "(null)" : value);
        sb.append("\ntime: ").append(MILLIS.format(Instant.ofEpochMilli(r.rawTime(best))));
        Integer times = lane.duplicates.get(offset);
        if (times != null) {
            sb.append("\nprocessed ").append(times).append("× (duplicate)");
        }
        if (lane.lost.contains(offset)) {
            sb.append("\nlost: its offset was committed before processing, and its consumer was killed");
        }
        return sb.toString();
    }

    /** Lanes' labels for tests: which partitions are drawn, top to bottom. */
    List<Integer> lanePartitions() {
        List<Integer> out = new ArrayList<>();
        for (Lane l : model.lanes()) {
            out.add(l.partition);
        }
        return out;
    }
}
