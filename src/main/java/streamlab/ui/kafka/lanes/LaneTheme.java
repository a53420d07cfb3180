package streamlab.ui.kafka.lanes;

import java.util.Objects;
import javafx.scene.control.Label;
import streamlab.ui.CanvasTheme;

/**
 * Confined to the FX Application Thread: the theme's colours and the zoom for the Kafka canvases, read from hidden
 * labels that CSS styles ({@code lanes.css}: {@code -color-fg-default}, {@code -color-fg-muted},
 * {@code -color-bg-default}) and that inherit the window's zoomed font size, as the Contention timeline does.
 */
final class LaneTheme extends CanvasTheme {

    /** The controls' stylesheet: the probes' colours and the hover card. */
    static final String STYLESHEET = Objects.requireNonNull(LaneTheme.class.getResource("lanes.css"),
            "lanes.css is missing from the class path").toExternalForm();

    LaneTheme() {
        super("lanes");
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
}
