package streamlab.ui;

import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/**
 * Confined to the FX Application Thread: the theme's colours and the zoom, as a canvas should draw them now. Hidden
 * labels carry the looked-up colours ({@code -color-fg-default}, {@code -color-fg-muted}, {@code -color-bg-default},
 * set by the canvas's style classes {@code PREFIX-text}, {@code PREFIX-muted} and {@code PREFIX-bg}) and inherit the
 * root font size that the window's zoom sets, so CSS resolves them on every theme switch and zoom step; the canvas
 * reads them at each frame and redraws when they change.
 */
public class CanvasTheme {

    private final Label text;
    private final Label muted;
    private final Label background;

    /** Probes styled by {@code prefix-text}, {@code prefix-muted} and {@code prefix-bg}. */
    protected CanvasTheme(String prefix) {
        text = probe(prefix + "-text");
        muted = probe(prefix + "-muted");
        background = probe(prefix + "-bg");
    }

    /** The probes, to add to the canvas's children (they take part in CSS, not in layout). */
    public Label[] probes() {
        return new Label[] {text, muted, background};
    }

    /** Calls {@code changed} whenever a colour or the font size changes: a theme switch or a zoom step. */
    public void onChange(Runnable changed) {
        for (Label l : probes()) {
            l.textFillProperty().addListener((o, a, b) -> changed.run());
        }
        text.fontProperty().addListener((o, a, b) -> changed.run());
    }

    public Color text() {
        return colour(text.getTextFill(), Color.gray(0.15));
    }

    public Color muted() {
        return colour(muted.getTextFill(), Color.gray(0.4));
    }

    public Color background() {
        return colour(background.getTextFill(), Color.WHITE);
    }

    /** The zoom: the inherited font size over the theme's size at 100 %. */
    public double scale() {
        double size = text.getFont().getSize();
        return size > 0 ? size / ZoomSizes.BASE_FONT_PX : 1;
    }

    /** The canvas font at the zoom: {@code px} pixels at 100 %. */
    public Font font(double px, boolean bold) {
        return Font.font(text.getFont().getFamily(), bold ? FontWeight.BOLD : FontWeight.NORMAL, px * scale());
    }

    /**
     * Shows {@code hover} with {@code text} beside the pointer, kept inside a {@code width} × {@code height} control;
     * hides it when {@code text} is null.
     */
    public static void showHover(Label hover, String text, double mx, double my, double width, double height) {
        if (text == null) {
            hover.setVisible(false);
            return;
        }
        hover.setText(text);
        hover.autosize();
        double x = Math.min(mx + 14, width - hover.getWidth() - 4);
        double y = Math.min(my + 14, height - hover.getHeight() - 4);
        hover.relocate(Math.max(0, x), Math.max(0, y));
        hover.setVisible(true);
    }

    /** Sizes {@code canvas} to whole pixels of {@code width} × {@code height}; true when its size changed. */
    public static boolean fitCanvas(Canvas canvas, double width, double height) {
        double w = Math.floor(width);
        double h = Math.floor(height);
        if (canvas.getWidth() == w && canvas.getHeight() == h) {
            return false;
        }
        canvas.setWidth(w);
        canvas.setHeight(h);
        return true;
    }

    private static Color colour(Paint p, Color fallback) {
        return p instanceof Color c ? c : fallback;
    }

    private static Label probe(String styleClass) {
        Label l = new Label();
        l.getStyleClass().add(styleClass);
        l.setVisible(false);
        l.setManaged(false);
        return l;
    }
}
