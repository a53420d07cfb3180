package streamlab.ui.contention;

import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import streamlab.ui.ZoomSizes;

/**
 * Confined to the FX Application Thread: the theme's colours and the zoom, as the canvas should draw them now. Hidden
 * labels carry the looked-up colours ({@code -color-fg-default}, {@code -color-fg-muted}, {@code -color-bg-default})
 * and inherit the root font size that the window's zoom sets, so CSS resolves them on every theme switch and zoom
 * step; the canvas reads them at each frame and redraws when they change.
 */
final class TimelineTheme {

    private final Label text = probe("timeline-text");
    private final Label muted = probe("timeline-muted");
    private final Label background = probe("timeline-bg");

    /** The probes, to add to the canvas's children (they take part in CSS, not in layout). */
    Label[] probes() {
        return new Label[] {text, muted, background};
    }

    /** Calls {@code changed} whenever a colour or the font size changes: a theme switch or a zoom step. */
    void onChange(Runnable changed) {
        for (Label l : probes()) {
            l.textFillProperty().addListener((o, a, b) -> changed.run());
        }
        text.fontProperty().addListener((o, a, b) -> changed.run());
    }

    Color text() {
        return colour(text.getTextFill(), Color.gray(0.15));
    }

    Color muted() {
        return colour(muted.getTextFill(), Color.gray(0.4));
    }

    Color background() {
        return colour(background.getTextFill(), Color.WHITE);
    }

    /** The zoom: the inherited font size over the theme's size at 100 %. */
    double scale() {
        double size = text.getFont().getSize();
        return size > 0 ? size / ZoomSizes.BASE_FONT_PX : 1;
    }

    /** The canvas font at the zoom: {@code px} pixels at 100 %. */
    Font font(double px, boolean bold) {
        return Font.font(text.getFont().getFamily(), bold ? FontWeight.BOLD : FontWeight.NORMAL, px * scale());
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
