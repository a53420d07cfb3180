package streamlab.ui;

import java.util.List;
import javafx.beans.property.DoubleProperty;
import javafx.scene.control.Labeled;

/**
 * Keeps sizes that a view gives in pixels in proportion to its font. Zoom changes the root font size; without this,
 * text grows inside columns and panels that stay the same width, and is cut off or runs under its neighbour. The
 * pixel sizes are for the theme's font at 100 % ({@link #BASE_FONT_PX}), so at 100 % nothing changes.
 */
public final class ZoomSizes {

    /** The theme's font size at 100 % zoom. */
    public static final double BASE_FONT_PX = 14;

    private ZoomSizes() {
    }

    /**
     * From now on, sets each size to its current value times the reference's font size over {@link #BASE_FONT_PX},
     * whenever that font changes. Call once the sizes hold their 100 % values.
     *
     * @param reference a control that inherits the view's font (a plain label)
     */
    public static void follow(Labeled reference, List<DoubleProperty> sizes) {
        double[] base = sizes.stream().mapToDouble(DoubleProperty::get).toArray();
        reference.fontProperty().addListener((o, old, font) -> {
            double scale = font.getSize() / BASE_FONT_PX;
            for (int i = 0; i < base.length; i++) {
                sizes.get(i).set(Math.round(base[i] * scale));
            }
        });
    }
}
