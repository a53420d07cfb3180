package streamlab.ui.kafka.lanes;

import java.util.List;
import javafx.scene.paint.Color;

/**
 * The colours and shapes of the Kafka lanes, chart and member chips. Immutable (static only).
 *
 * <p>A key's colour and shape come from its {@link String#hashCode()}, which Java specifies exactly, so a key keeps
 * its mark in every run and every view: 6 Okabe-Ito colours (safe for the common kinds of colour blindness) times 4
 * shapes give 24 marks; keys that differ only in their last character (sensor-1, sensor-2) get neighbouring
 * colours. In grey, the shape still tells keys apart. Within one topic's lanes the first 24 keys get 24 different
 * marks: a key whose mark is taken takes the next free one (see {@link PartitionLanesModel#mark(String)}).
 * Partitions and groups have palettes of their own.
 */
public final class LanePalette {

    /** Okabe-Ito without black and yellow: black vanishes on the dark theme, yellow on the light one. */
    static final List<Color> KEY_COLOURS = List.of(
            Color.web("#E69F00"), Color.web("#56B4E9"), Color.web("#009E73"),
            Color.web("#0072B2"), Color.web("#D55E00"), Color.web("#CC79A7"));

    /** One colour per partition (lane stripe, member chips, lag lines), cycling past 8. */
    static final List<Color> PARTITION_COLOURS = List.of(
            Color.web("#4E79A7"), Color.web("#F28E2B"), Color.web("#59A14F"), Color.web("#B07AA1"),
            Color.web("#EDC948"), Color.web("#76B7B2"), Color.web("#E15759"), Color.web("#9C755F"));

    /** Group cursors: strong colours behind white text, so the cursor's label reads on both themes. */
    static final List<Color> GROUP_COLOURS = List.of(
            Color.web("#6A3D9A"), Color.web("#1F78B4"), Color.web("#B15928"), Color.web("#33A02C"),
            Color.web("#E31A1C"), Color.web("#525252"));

    /** The key colours as ARGB, for the crowded lanes' pixel strips. */
    private static final int[] KEY_ARGB = KEY_COLOURS.stream().mapToInt(LanePalette::argb).toArray();

    private LanePalette() {
    }

    static int argb(Color c) {
        return 0xff000000 | (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
                | (int) Math.round(c.getBlue() * 255);
    }

    /** The key's colour; null keys have none (they are drawn hollow, in the theme's muted colour). */
    public static Color keyColour(String key) {
        return key == null ? null : KEY_COLOURS.get(index(key) % KEY_COLOURS.size());
    }

    /** The key's shape; {@link MarkShape#RING} for a null key. */
    public static MarkShape keyShape(String key) {
        return key == null ? MarkShape.RING : MarkShape.KEYED.get(index(key) / KEY_COLOURS.size());
    }

    /** The partition's colour, as its lane stripe, its chips and its lag line show it. */
    public static Color partitionColour(int partition) {
        return PARTITION_COLOURS.get(Math.floorMod(partition, PARTITION_COLOURS.size()));
    }

    /** The group's colour for its cursors and lag bands. */
    public static Color groupColour(String groupId) {
        return GROUP_COLOURS.get(Math.floorMod(groupId.hashCode(), GROUP_COLOURS.size()));
    }

    /** Black or white, whichever reads better on {@code fill}. */
    static Color textOn(Color fill) {
        double l = 0.2126 * fill.getRed() + 0.7152 * fill.getGreen() + 0.0722 * fill.getBlue();
        return l > 0.55 ? Color.BLACK : Color.WHITE;
    }

    /** How many distinct marks there are: colours times shapes. */
    static final int MARKS = KEY_COLOURS.size() * MarkShape.KEYED.size();

    /** Mark {@code i}'s colour (0 to {@link #MARKS} - 1). */
    static Color markColour(int i) {
        return KEY_COLOURS.get(i % KEY_COLOURS.size());
    }

    /** Mark {@code i}'s shape. */
    static MarkShape markShape(int i) {
        return MarkShape.KEYED.get(i / KEY_COLOURS.size());
    }

    /** Mark {@code i}'s colour as opaque ARGB. */
    static int markArgb(int i) {
        return KEY_ARGB[i % KEY_ARGB.length];
    }

    /** The mark a key gets when no other key of the view has taken it first. */
    static int index(String key) {
        return Math.floorMod(key.hashCode(), KEY_COLOURS.size() * MarkShape.KEYED.size());
    }
}
