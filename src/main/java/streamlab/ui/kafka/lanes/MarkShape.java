package streamlab.ui.kafka.lanes;

import java.util.List;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** The shape of a message's mark: one per key (cycling), hollow for no key. Immutable. */
public enum MarkShape {
    CIRCLE, SQUARE, TRIANGLE, DIAMOND,
    /** A message without a key: a hollow ring. */
    RING;

    /** The shapes keys cycle through. */
    static final List<MarkShape> KEYED = List.of(CIRCLE, SQUARE, TRIANGLE, DIAMOND);

    /**
     * Draws the mark centred on (x, y), {@code size} pixels across: filled with {@code fill} and outlined with
     * {@code outline}, or, for {@link #RING}, a hollow ring in {@code outline}.
     */
    void draw(GraphicsContext g, double x, double y, double size, Color fill, Color outline) {
        double r = size / 2;
        g.setFill(fill);
        g.setStroke(outline);
        switch (this) {
            case CIRCLE -> {
                g.fillOval(x - r, y - r, size, size);
                g.strokeOval(x - r, y - r, size, size);
            }
            case SQUARE -> {
                double s = size * 0.86;
                g.fillRect(x - s / 2, y - s / 2, s, s);
                g.strokeRect(x - s / 2, y - s / 2, s, s);
            }
            case TRIANGLE -> {
                double[] xs = {x, x + r * 1.05, x - r * 1.05};
                double[] ys = {y - r * 1.05, y + r * 0.8, y + r * 0.8};
                g.fillPolygon(xs, ys, 3);
                g.strokePolygon(xs, ys, 3);
            }
            case DIAMOND -> {
                double[] xs = {x, x + r * 1.1, x, x - r * 1.1};
                double[] ys = {y - r * 1.1, y, y + r * 1.1, y};
                g.fillPolygon(xs, ys, 4);
                g.strokePolygon(xs, ys, 4);
            }
            case RING -> {
                double w = g.getLineWidth();
                g.setLineWidth(Math.max(1.5, size / 6));
                g.strokeOval(x - r * 0.8, y - r * 0.8, size * 0.8, size * 0.8);
                g.setLineWidth(w);
            }
        }
    }
}
