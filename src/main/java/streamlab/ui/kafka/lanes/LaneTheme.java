package streamlab.ui.kafka.lanes;

import java.util.Objects;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import streamlab.ui.ZoomSizes;

/**
 * Confined to the FX Application Thread: the theme's colours and the zoom for the Kafka canvases, read from hidden
 * labels that CSS styles ({@code lanes.css}: {@code -color-fg-default}, {@code -color-fg-muted},
 * {@code -color-bg-default}) and that inherit the window's zoomed font size, as the Contention timeline does.
 */
final class LaneTheme {

    /** The controls' stylesheet: the probes' colours and the hover card. */
    static final String STYLESHEET = Objects.requireNonNull(LaneTheme.class.getResource("lanes.css"),
            "lanes.css is missing from the class path").toExternalForm();

    private final Label text = probe("lanes-text");
    private final Label muted = probe("lanes-muted");
    private final Label background = probe("lanes-bg");

    Label[] probes() {
        return new Label[] {text, muted, background};
    }

    /** Calls {@code changed} on a theme switch or a zoom step. */
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

    double scale() {
        double size = text.getFont().getSize();
        return size > 0 ? size / ZoomSizes.BASE_FONT_PX : 1;
    }

    Font font(double px, boolean bold) {
        return Font.font(text.getFont().getFamily(), bold ? FontWeight.BOLD : FontWeight.NORMAL, px * scale());
    }

    /** A hover card styled by {@code lanes.css}. */
    static Label hoverCard() {
        Label hover = new Label();
        hover.getStyleClass().add("lanes-hover");
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        hover.setManaged(false);
        return hover;
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
