package streamlab.ui.net;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import streamlab.net.Direction;
import streamlab.net.TrafficEntry;

/**
 * The traffic table's live view during a flood: the newest rows, drawn straight onto a canvas laid over the table's
 * body, in the table's own columns, fonts and colours.
 *
 * <p>A {@code TableView} re-lays out and re-styles every visible cell whenever its rows change. At 100,000 datagrams
 * a second that costs 40 to 60 ms a refresh on a 2-core machine, more than a frame. Drawing the 20 to 30 rows that
 * fit costs a few milliseconds, so the window stays smooth. The table takes over again, with all its rows, when the
 * flood ends or the user pauses scrolling or clicks the view to browse.
 */
final class TrafficTail extends Region {

    /** Room between a column's edge and its text, in ems (the table's cells use about this). */
    private static final double PAD_EM = 0.6;

    private final TableView<TrafficEntry> table;
    private final Canvas canvas = new Canvas();
    private final Label banner = new Label();
    /** Invisible labels styled like the table's cells; the view reads its fonts and colours from them. */
    private final Label plain = probe("tail-plain");
    private final Label in = probe("tail-in");
    private final Label out = probe("tail-out");
    private final Label event = probe("tail-event");
    private final Label mono = probe("tail-mono");
    private final Label line = probe("tail-line");
    private final Label background = probe("tail-background");
    private final Map<Font, Double> charWidths = new HashMap<>();
    private final Text measure = new Text();
    private final TableColumn<TrafficEntry, ?> dirCol;
    private final TableColumn<TrafficEntry, ?> hexCol;
    private final List<TableColumn<TrafficEntry, ?>> addressCols;
    private List<TrafficEntry> source = List.of();
    private List<TrafficEntry> shown = List.of();

    /**
     * @param dirCol      drawn in the direction's colour
     * @param hexCol      drawn in a monospace font
     * @param addressCols shortened in the middle, so the port stays
     */
    TrafficTail(TableView<TrafficEntry> table, TableColumn<TrafficEntry, ?> dirCol, TableColumn<TrafficEntry, ?> hexCol,
            List<TableColumn<TrafficEntry, ?>> addressCols) {
        this.table = table;
        this.dirCol = dirCol;
        this.hexCol = hexCol;
        this.addressCols = List.copyOf(addressCols);
        getStyleClass().add("traffic-tail");
        banner.getStyleClass().add("tail-banner");
        banner.setManaged(false);
        canvas.setManaged(false);
        // Only the canvas and the banner take clicks: the column headers above stay the table's own.
        setPickOnBounds(false);
        getChildren().addAll(canvas, banner, plain, in, out, event, mono, line, background);
        setVisible(false);
    }

    private Label probe(String styleClass) {
        Label l = new Label();
        l.getStyleClass().add(styleClass);
        l.setManaged(false);
        l.setMouseTransparent(true);
        return l;
    }

    /** The entries on screen, oldest first; empty when nothing is drawn. */
    List<TrafficEntry> shown() {
        return shown;
    }

    Canvas canvas() {
        return canvas;
    }

    String banner() {
        return banner.getText();
    }

    void setBanner(String text) {
        banner.setText(text);
        requestLayout();
    }

    /** Where the table's body starts: below its column headers. */
    private double bodyTop() {
        Region header = (Region) table.lookup(".column-header-background");
        return table.snappedTopInset() + (header == null ? 0 : header.getHeight());
    }

    @Override
    protected void layoutChildren() {
        double top = bodyTop();
        double w = Math.max(0, getWidth() - table.snappedLeftInset() - table.snappedRightInset());
        double h = Math.max(0, getHeight() - top - table.snappedBottomInset());
        canvas.relocate(table.snappedLeftInset(), top);
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            redraw();
        }
        // A strip over the oldest row, at the top: the newest rows, at the bottom, stay in sight.
        double bh = banner.prefHeight(w);
        banner.resizeRelocate(table.snappedLeftInset(), top, w, bh);
    }

    private void redraw() {
        draw(source);
    }

    /**
     * Draws the newest rows that fit, newest at the bottom, as the table shows them when scrolled to its end.
     *
     * @param rows the rows in table order, newest last; only the last few are read
     */
    void draw(List<TrafficEntry> rows) {
        source = rows;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        // The canvas covers only the table's body: the column headers stay the table's own.
        g.setFill(paint(background));
        g.fillRect(0, 0, w, h);
        double rowH = table.getFixedCellSize() > 0 ? table.getFixedCellSize() : 24;
        int fit = (int) Math.ceil(h / rowH);
        int n = Math.min(fit, rows.size());
        shown = List.copyOf(rows.subList(rows.size() - n, rows.size()));
        if (n == 0) {
            return;
        }
        // A full view ends at the bottom edge, as a table scrolled to its last row does; a short one starts at the top.
        double y0 = rows.size() >= fit ? h - n * rowH : 0;
        g.setTextBaseline(VPos.CENTER);
        g.setStroke(line.getTextFill());
        g.setLineWidth(1);
        for (int i = 0; i < n; i++) {
            double y = Math.floor(y0 + (i + 1) * rowH) - 0.5;
            g.strokeLine(0, y, w, y);
        }
        double pad = plain.getFont().getSize() * PAD_EM;
        double x = 0;
        for (TableColumn<TrafficEntry, ?> col : table.getVisibleLeafColumns()) {
            double cw = col.getWidth();
            double room = cw - 2 * pad;
            if (room > 4) {
                boolean right = col.getStyleClass().contains("numeric");
                boolean hex = col == hexCol;
                boolean address = addressCols.contains(col);
                boolean dir = col == dirCol;
                g.setTextAlign(right ? TextAlignment.RIGHT : TextAlignment.LEFT);
                for (int i = 0; i < n; i++) {
                    TrafficEntry e = shown.get(i);
                    Label style = e.direction() == Direction.EVENT ? event
                            : hex ? mono
                            : dir ? (e.direction() == Direction.RECEIVED ? in : out)
                            : plain;
                    Object value = col.getCellData(e);
                    if (value == null) {
                        continue;
                    }
                    Font font = style.getFont();
                    String s = fit(value.toString(), room, font, address);
                    g.setFont(font);
                    g.setFill(paint(style));
                    g.fillText(s, right ? x + cw - pad : x + pad, y0 + (i + 0.5) * rowH, room);
                }
            }
            x += cw;
        }
    }

    private static Paint paint(Label style) {
        return style.getTextFill() == null ? Color.BLACK : style.getTextFill();
    }

    /**
     * Shortens a string to about the room given, with an ellipsis at the end, or in the middle for an address so
     * that its port stays. Uses the font's average character width: measuring every string would cost what the view
     * saves. {@code fillText}'s maximum width keeps a string the estimate gets wrong inside its column.
     */
    private String fit(String s, double room, Font font, boolean middle) {
        double cw = charWidths.computeIfAbsent(font, f -> {
            measure.setFont(f);
            measure.setText("0123456789abcdefghijklmnopqrstuvwxyz.:, ");
            return measure.getLayoutBounds().getWidth() / measure.getText().length();
        });
        return shorten(s, (int) Math.floor(room / cw), middle);
    }

    /**
     * A string cut to at most {@code max} characters, the last or a middle one an ellipsis. In the middle, the
     * ":port" of an address stays whole when it fits with a character before the ellipsis, as the table's centre
     * ellipsis keeps it: {@code 127.0…:40918}.
     */
    static String shorten(String s, int max, boolean middle) {
        if (s.length() <= max) {
            return s;
        }
        if (max < 2) {
            return "";
        }
        if (middle) {
            int colon = s.lastIndexOf(':');
            int tail = colon >= 0 && s.length() - colon <= max - 2 ? s.length() - colon : max / 2;
            return s.substring(0, max - 1 - tail) + '\u2026' + s.substring(s.length() - tail);
        }
        return s.substring(0, max - 1) + '\u2026';
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TrafficTail[%d rows]", shown.size());
    }
}
