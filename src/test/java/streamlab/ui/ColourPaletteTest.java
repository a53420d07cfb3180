package streamlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.css.PseudoClass;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.paint.Stop;
import javafx.scene.shape.Circle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.ColourVision.Deficiency;
import streamlab.ui.contention.TimelineCanvas;
import streamlab.ui.kafka.lanes.LanePalette;

/**
 * Every colour that carries meaning, in both themes, checked for colour-blind readers and for contrast.
 *
 * <p>The colours are not copied here: the test rebuilds the style classes and pseudo-classes the tabs use, under the
 * app's own stylesheets and the theme's, and lets JavaFX's CSS engine resolve them (the canvas colours are read from
 * {@link TimelineCanvas}). Each deficiency is simulated with the Machado et al. (2009) matrices at severity 1.0 on
 * linear sRGB, and colours are compared with CIEDE2000.
 *
 * <p>Why ΔE00 ≥ 10: about 1 is just noticeable between two large patches side by side, but timeline bars can be one
 * pixel wide and marks a few pixels, and small marks need a much larger difference to be told apart (Stone, Szafir and
 * Setlur 2014). Ten is also about the step between neighbours in an 8-step grey ramp from black to white.
 */
class ColourPaletteTest {

    /** The smallest CIEDE2000 difference between two colours of one palette, with every deficiency. */
    static final double MIN_DELTA_E = 10;
    /** WCAG 2 level AA for text, and for large text (at least 18.66 px bold or 24 px). */
    static final double TEXT_CONTRAST = 4.5;
    static final double LARGE_TEXT_CONTRAST = 3.0;

    private static final PseudoClass IN = PseudoClass.getPseudoClass("dir-in");
    private static final PseudoClass OUT = PseudoClass.getPseudoClass("dir-out");
    private static final PseudoClass EVENT = PseudoClass.getPseudoClass("dir-event");
    private static final Map<Theme, Map<String, Color>> RESOLVED = new EnumMap<>(Theme.class);

    /** Colours that tell categories or states apart; each must stay distinguishable from all the others. */
    record Palette(String name, Map<String, Color> colours) {
    }

    /** A coloured text on the background it is shown on. */
    record TextOn(String name, Color text, Color background, double minContrast) {
    }

    @BeforeAll
    static void resolveTheColoursOfBothThemes() throws Exception {
        FxToolkit.registerPrimaryStage();
        for (Theme theme : Theme.values()) {
            RESOLVED.put(theme, WaitForAsyncUtils.asyncFx(() -> resolve(theme)).get(20, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(Theme.class)
    void everyPaletteStaysDistinguishableWithEachKindOfColourBlindness(Theme theme) {
        List<String> failures = new ArrayList<>();
        for (Palette p : palettes(theme)) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5s %-36s", theme, p.name()));
            for (Deficiency d : Deficiency.values()) {
                Closest c = closest(p, d);
                line.append(String.format(Locale.ROOT, "  %s %5.1f (%s/%s)", d.label(), c.deltaE(), c.a(), c.b()));
                if (c.deltaE() < MIN_DELTA_E) {
                    failures.add(p.name() + ", " + d.label() + ": " + c);
                }
            }
            System.out.println(line);
        }
        assertTrue(failures.isEmpty(), theme + ": " + failures);
    }

    @ParameterizedTest
    @EnumSource(Theme.class)
    void colouredTextMeetsWcagContrastOnItsBackground(Theme theme) {
        List<String> failures = new ArrayList<>();
        for (TextOn t : texts(theme)) {
            double ratio = ColourVision.contrast(t.text(), t.background());
            System.out.printf(Locale.ROOT, "%-5s %-44s %s on %s  %5.2f:1%n", theme, t.name(),
                    ColourVision.hex(t.text()), ColourVision.hex(t.background()), ratio);
            if (ratio < t.minContrast()) {
                failures.add(String.format(Locale.ROOT, "%s %.2f:1 < %.1f:1", t.name(), ratio, t.minContrast()));
            }
        }
        assertTrue(failures.isEmpty(), theme + ": " + failures);
    }

    /** The legend draws its marks in the timeline's own colours. */
    @ParameterizedTest
    @EnumSource(Theme.class)
    void legendCrossHasTheTimelinesErrorColour(Theme theme) {
        assertEquals(TimelineCanvas.ERROR, RESOLVED.get(theme).get("contention.legend.cross"));
    }

    /** The check can fail: a red and green pair that anyone with normal vision tells apart does not pass it. */
    @Test
    void redAgainstGreenFailsTheCheck() {
        // Primer's own dark-theme danger and success colours, which the status lines used before.
        Palette redGreen = new Palette("red/green", ordered("danger", Color.web("#f85149"), "success",
                Color.web("#3fb950")));
        assertTrue(closest(redGreen, Deficiency.NONE).deltaE() > 50, "far apart with normal vision");
        Closest deutan = closest(redGreen, Deficiency.DEUTERANOPIA);
        assertTrue(deutan.deltaE() < MIN_DELTA_E, "close with deuteranopia: " + deutan);
        assertThrows(AssertionError.class, () -> assertDistinguishable(redGreen));
        assertThrows(AssertionError.class, () -> assertDistinguishable(new Palette("matplotlib red/green",
                ordered("red", Color.web("#D62728"), "green", Color.web("#2CA02C")))));
        // The Okabe-Ito pair that replaces it in graphics passes.
        assertDistinguishable(new Palette("vermillion/bluish green", ordered("error", TimelineCanvas.ERROR,
                "on", TimelineCanvas.WRITING)));
    }

    /** The contrast check can fail too: Okabe-Ito orange, the old colour of "out", is too light for text on white. */
    @Test
    void orangeTextOnWhiteFailsTheContrastCheck() {
        assertEquals(21.0, ColourVision.contrast(Color.BLACK, Color.WHITE), 1e-9);
        assertThrows(AssertionError.class, () -> assertReadable(new TextOn("orange 'out' on white",
                TimelineCanvas.WAITING, Color.WHITE, TEXT_CONTRAST)));
        // The lightest grey that passes AA on white, and the next one up.
        assertReadable(new TextOn("#767676 on white", Color.web("#767676"), Color.WHITE, TEXT_CONTRAST));
        assertThrows(AssertionError.class, () -> assertReadable(new TextOn("#777777 on white", Color.web("#777777"),
                Color.WHITE, TEXT_CONTRAST)));
    }

    /** Sample pairs from Sharma, Wu and Dalal (2005), the reference data for CIEDE2000 implementations. */
    @Test
    void ciede2000MatchesThePublishedTestData() {
        double[][][] pairs = {
                {{50, 2.6772, -79.7751}, {50, 0, -82.7485}, {2.0425}},
                {{50, 2.5, 0}, {50, 0, -2.5}, {4.3065}},
                {{50, 2.5, 0}, {73, 25, -18}, {27.1492}},
                {{50, -0.001, 2.49}, {50, 0.0009, -2.49}, {4.8045}},
                {{50, -0.001, 2.49}, {50, 0.0011, -2.49}, {4.7461}},
                {{50, 2.49, -0.001}, {50, -2.49, 0.0011}, {7.2195}},
                {{60.2574, -34.0099, 36.2677}, {60.4626, -34.1751, 39.4387}, {1.2644}},
                {{22.7233, 20.0904, -46.694}, {23.0331, 14.973, -42.5619}, {2.0373}},
                {{90.8027, -2.0831, 1.441}, {91.1528, -1.6435, 0.0447}, {1.4441}},
                {{2.0776, 0.0795, -1.135}, {0.9033, -0.0636, -0.5514}, {0.9082}},
        };
        for (double[][] p : pairs) {
            assertEquals(p[2][0], ColourVision.deltaE2000(p[0], p[1]), 1e-4);
            assertEquals(p[2][0], ColourVision.deltaE2000(p[1], p[0]), 1e-4, "symmetric");
        }
    }

    /** The simulation keeps greys grey, and with deuteranopia it turns a common red and green into near twins. */
    @Test
    void simulationKeepsGreysAndMergesRedWithGreen() {
        for (Deficiency d : Deficiency.values()) {
            for (Color grey : List.of(Color.BLACK, Color.gray(0.5), Color.WHITE)) {
                assertTrue(ColourVision.deltaE(grey, ColourVision.simulate(grey, d)) < 0.5, d + " " + grey);
            }
        }
        Color red = Color.web("#D62728");
        Color green = Color.web("#2CA02C");
        assertTrue(ColourVision.deltaE(ColourVision.simulate(red, Deficiency.DEUTERANOPIA),
                ColourVision.simulate(green, Deficiency.DEUTERANOPIA)) < 5);
        assertTrue(ColourVision.deltaE(ColourVision.simulate(red, Deficiency.TRITANOPIA),
                ColourVision.simulate(green, Deficiency.TRITANOPIA)) > 50, "tritanopes tell red from green");
    }

    /** The palettes, as the tabs use them. */
    static List<Palette> palettes(Theme theme) {
        Map<String, Color> c = RESOLVED.get(theme);
        Color window = c.get("window");
        return List.of(
                new Palette("Contention timeline", ordered(
                        "waiting", TimelineCanvas.WAITING, "holding", TimelineCanvas.HOLDING,
                        "writing", TimelineCanvas.WRITING, "error", TimelineCanvas.ERROR,
                        "lost update", TimelineCanvas.LOST, "lock line", TimelineCanvas.LOCK_LINE,
                        "stop line", c.get("contention.timeline.text"), "background", c.get("contention.timeline.bg"))),
                new Palette("Contention lock toggle", ordered(
                        "on", ColourVision.over(c.get("contention.lockOn.bg"), window),
                        "off", ColourVision.over(c.get("contention.lockOff.bg"), window))),
                new Palette("Contention lost figure", ordered(
                        "zero", c.get("contention.lost.text"), "above zero", c.get("contention.lostBad.text"))),
                new Palette("Sockets traffic direction", ordered(
                        "in", c.get("sockets.in.text"), "out", c.get("sockets.out.text"),
                        "event", c.get("sockets.event.text"))),
                new Palette("Sockets listener light", ordered(
                        "off", c.get("sockets.lightOff"), "on", c.get("sockets.lightOn"),
                        "error", c.get("sockets.lightError"))),
                new Palette("Sockets status line", ordered(
                        "ok", c.get("sockets.statusOk"), "error", c.get("sockets.statusError"))),
                new Palette("Sockets UDP vs TCP chart", ordered(
                        "UDP", c.get("sockets.bar0"), "TCP", c.get("sockets.bar1"), "background", window)),
                new Palette("Sockets UDP vs TCP legend", ordered(
                        "UDP", c.get("sockets.legend0"), "TCP", c.get("sockets.legend1"))),
                new Palette("Stream status line", ordered(
                        "normal", c.get("stream.status.text"), "error", c.get("stream.statusError.text"))),
                new Palette("Stream current record bar", ordered(
                        "bar", c.get("stream.currentRow.bar"), "row", c.get("table.row.bg"))),
                new Palette("Kafka message keys", kafkaKeyColours()));
    }

    /**
     * The Kafka lanes' key colours, in the order keys reach them, read through {@link LanePalette#keyColour} (the
     * shape, which also tells keys apart, is not part of this check). The same in both themes.
     */
    static Map<String, Color> kafkaKeyColours() {
        Map<Color, String> firstKey = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            firstKey.putIfAbsent(LanePalette.keyColour("key-" + i), "key-" + i);
        }
        Map<String, Color> m = new LinkedHashMap<>();
        firstKey.forEach((colour, key) -> m.put(ColourVision.hex(colour) + " (" + key + ")", colour));
        assertEquals(6, m.size(), "the key colours: " + m.keySet());
        return m;
    }

    /** Coloured text and the background it sits on. */
    static List<TextOn> texts(Theme theme) {
        Map<String, Color> c = RESOLVED.get(theme);
        Color window = c.get("window");
        Color row = c.get("table.row.bg");
        Color selected = c.get("table.selectedRow.bg");
        List<TextOn> texts = new ArrayList<>(List.of(
                // 1.35 em bold of 14 px: large text.
                new TextOn("Contention lock toggle on", c.get("contention.lockOn.text"),
                        ColourVision.over(c.get("contention.lockOn.bg"), window), LARGE_TEXT_CONTRAST),
                new TextOn("Contention lock toggle off", c.get("contention.lockOff.text"),
                        ColourVision.over(c.get("contention.lockOff.bg"), window), LARGE_TEXT_CONTRAST),
                // 1.9 em bold: large text.
                new TextOn("Contention lost figure, zero", c.get("contention.lost.text"), c.get("contention.figure.bg"),
                        LARGE_TEXT_CONTRAST),
                new TextOn("Contention lost figure, above zero", c.get("contention.lostBad.text"),
                        c.get("contention.figure.bg"), LARGE_TEXT_CONTRAST),
                new TextOn("Contention hold value", c.get("contention.hold.text"), window, TEXT_CONTRAST),
                new TextOn("Contention legend labels", c.get("contention.legend.text"), window, TEXT_CONTRAST),
                new TextOn("Contention timeline text", c.get("contention.timeline.text"),
                        c.get("contention.timeline.bg"), TEXT_CONTRAST),
                new TextOn("Sockets status ok", c.get("sockets.statusOk"), window, TEXT_CONTRAST),
                new TextOn("Sockets status error", c.get("sockets.statusError"), window, TEXT_CONTRAST),
                new TextOn("Stream behind schedule", c.get("stream.behind.text"), window, TEXT_CONTRAST),
                new TextOn("Stream status", c.get("stream.status.text"), c.get("stream.status.bg"), TEXT_CONTRAST),
                new TextOn("Stream status error", c.get("stream.statusError.text"), c.get("stream.statusError.bg"),
                        TEXT_CONTRAST),
                new TextOn("Stream current record", c.get("stream.currentRow.text"),
                        ColourVision.over(c.get("stream.currentRow.bg"), row), TEXT_CONTRAST)));
        for (String dir : List.of("in", "out", "event")) {
            texts.add(new TextOn("Sockets traffic '" + dir + "'", c.get("sockets." + dir + ".text"), row,
                    TEXT_CONTRAST));
            texts.add(new TextOn("Sockets traffic '" + dir + "', selected", c.get("sockets." + dir + ".selectedText"),
                    selected, TEXT_CONTRAST));
        }
        return texts;
    }

    /** The two closest colours of a palette as seen with {@code d}. */
    record Closest(String a, String b, double deltaE) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s and %s ΔE00 %.1f", a, b, deltaE);
        }
    }

    static Closest closest(Palette p, Deficiency d) {
        List<Map.Entry<String, Color>> entries = new ArrayList<>(p.colours().entrySet());
        Closest best = null;
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                double de = ColourVision.deltaE(ColourVision.simulate(entries.get(i).getValue(), d),
                        ColourVision.simulate(entries.get(j).getValue(), d));
                if (best == null || de < best.deltaE()) {
                    best = new Closest(entries.get(i).getKey(), entries.get(j).getKey(), de);
                }
            }
        }
        return Objects.requireNonNull(best, "a palette has at least two colours");
    }

    static void assertDistinguishable(Palette p) {
        for (Deficiency d : Deficiency.values()) {
            Closest c = closest(p, d);
            assertTrue(c.deltaE() >= MIN_DELTA_E, p.name() + ", " + d.label() + ": " + c);
        }
    }

    static void assertReadable(TextOn t) {
        double ratio = ColourVision.contrast(t.text(), t.background());
        assertTrue(ratio >= t.minContrast(), String.format(Locale.ROOT, "%s %.2f:1", t.name(), ratio));
    }

    private static Map<String, Color> ordered(Object... nameColour) {
        Map<String, Color> m = new LinkedHashMap<>();
        for (int i = 0; i < nameColour.length; i += 2) {
            m.put((String) nameColour[i], Objects.requireNonNull((Color) nameColour[i + 1], (String) nameColour[i]));
        }
        return m;
    }

    /**
     * Builds nodes with the tabs' style classes under the app's and the theme's stylesheets, lets CSS resolve them and
     * reads the colours. Runs on the FX Application Thread; the scene is never shown.
     */
    private static Map<String, Color> resolve(Theme theme) {
        StackPane contention = tab("contention", "contention/contention.css");
        StackPane sockets = tab("sockets", "net/net.css");
        StackPane stream = tab("stream-view", "stream/stream.css");
        VBox root = new VBox(contention, sockets, stream);
        Scene scene = new Scene(root, 900, 900);
        scene.setUserAgentStylesheet(theme.stylesheet());
        scene.getStylesheets().add(url("app.css"));

        ToggleButton lockOff = new ToggleButton("Lock OFF");
        lockOff.getStyleClass().add("lock-toggle");
        ToggleButton lockOn = new ToggleButton("Lock ON");
        lockOn.getStyleClass().add("lock-toggle");
        lockOn.setSelected(true);
        Label lost = label("figure-value", "lost-value");
        Label lostBad = label("figure-value", "lost-value");
        lostBad.pseudoClassStateChanged(PseudoClass.getPseudoClass("bad"), true);
        VBox figure = new VBox(lost, lostBad);
        figure.getStyleClass().add("figure");
        Label legendText = new Label("lost update");
        Label legendCross = label("legend-error");
        HBox legendItem = new HBox(legendCross, legendText);
        legendItem.getStyleClass().add("legend-item");
        Label hold = label("hold-value");
        Label timelineText = label("timeline-text");
        StackPane timeline = new StackPane(timelineText);
        timeline.getStyleClass().add("timeline");
        contention.getChildren().add(new VBox(lockOff, lockOn, figure, legendItem, hold, timeline));

        TableView<String> traffic = trafficTable();
        Circle lightOff = circle("light", "light-off");
        Circle lightOn = circle("light", "light-on");
        Circle lightError = circle("light", "light-error");
        Label statusOk = label("listener-status", "ok");
        Label statusError = label("send-status", "error");
        Region bar0 = region("chart-bar", "default-color0");
        Region bar1 = region("chart-bar", "default-color1");
        Region legend0 = region("chart-legend-item-symbol", "default-color0");
        Region legend1 = region("chart-legend-item-symbol", "default-color1");
        sockets.getChildren().add(new VBox(traffic, new HBox(lightOff, lightOn, lightError), statusOk, statusError,
                bar0, bar1, legend0, legend1));

        Label behind = label("behind");
        Label status = label("stream-status");
        Label statusErr = label("stream-status", "error");
        Label currentText = label();
        StackPane currentRow = new StackPane(currentText);
        currentRow.getStyleClass().addAll("table-row-cell", "current-row");
        stream.getChildren().add(new VBox(behind, status, statusErr, currentRow));

        Map<String, Color> c = new LinkedHashMap<>();
        layOut(root);
        c.put("window", background(root));
        c.put("contention.lockOff.text", (Color) lockOff.getTextFill());
        c.put("contention.lockOff.bg", background(lockOff));
        c.put("contention.lockOn.text", (Color) lockOn.getTextFill());
        c.put("contention.lockOn.bg", background(lockOn));
        c.put("contention.figure.bg", background(figure));
        c.put("contention.lost.text", (Color) lost.getTextFill());
        c.put("contention.lostBad.text", (Color) lostBad.getTextFill());
        c.put("contention.legend.text", (Color) legendText.getTextFill());
        c.put("contention.legend.cross", (Color) legendCross.getTextFill());
        c.put("contention.hold.text", (Color) hold.getTextFill());
        c.put("contention.timeline.text", (Color) timelineText.getTextFill());
        c.put("contention.timeline.bg", background(timeline));
        c.put("sockets.lightOff", (Color) lightOff.getFill());
        c.put("sockets.lightOn", (Color) lightOn.getFill());
        c.put("sockets.lightError", (Color) lightError.getFill());
        c.put("sockets.statusOk", (Color) statusOk.getTextFill());
        c.put("sockets.statusError", (Color) statusError.getTextFill());
        c.put("sockets.bar0", background(bar0));
        c.put("sockets.bar1", background(bar1));
        c.put("sockets.legend0", background(legend0));
        c.put("sockets.legend1", background(legend1));
        c.put("stream.behind.text", (Color) behind.getTextFill());
        c.put("stream.status.text", (Color) status.getTextFill());
        c.put("stream.status.bg", background(status));
        c.put("stream.statusError.text", (Color) statusErr.getTextFill());
        c.put("stream.statusError.bg", background(statusErr));
        c.put("stream.currentRow.text", (Color) currentText.getTextFill());
        c.put("stream.currentRow.bg", background(currentRow));
        c.put("stream.currentRow.bar", (Color) currentRow.getBorder().getStrokes().get(0).getLeftStroke());

        readTrafficRows(traffic, c, false);
        traffic.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        traffic.getSelectionModel().selectAll();
        layOut(root);
        readTrafficRows(traffic, c, true);
        return c;
    }

    /** A traffic table like the Sockets tab's: a pseudo-class per direction on the row, "dir-cell" on the cell. */
    private static TableView<String> trafficTable() {
        TableView<String> table = new TableView<>(FXCollections.observableArrayList("in", "out", "event"));
        TableColumn<String, String> dir = new TableColumn<>("Dir");
        dir.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue()));
        dir.setCellFactory(col -> {
            TableCell<String, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                }
            };
            cell.getStyleClass().add("dir-cell");
            return cell;
        });
        table.getColumns().add(dir);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(IN, !empty && "in".equals(item));
                pseudoClassStateChanged(OUT, !empty && "out".equals(item));
                pseudoClassStateChanged(EVENT, !empty && "event".equals(item));
            }
        });
        table.setPrefHeight(200);
        return table;
    }

    private static void readTrafficRows(TableView<String> table, Map<String, Color> c, boolean selected) {
        int found = 0;
        for (var node : table.lookupAll(".dir-cell")) {
            if (node instanceof TableCell<?, ?> cell && !cell.isEmpty() && cell.getItem() != null) {
                String dir = (String) cell.getItem();
                c.put("sockets." + dir + (selected ? ".selectedText" : ".text"), (Color) cell.getTextFill());
                Color rowBg = background((Region) cell.getTableRow());
                c.put(selected ? "table.selectedRow.bg" : "table.row.bg", rowBg);
                found++;
            }
        }
        assertEquals(3, found, "one cell per direction");
    }

    private static void layOut(VBox root) {
        root.resize(900, 900);
        for (int i = 0; i < 3; i++) {
            root.applyCss();
            root.layout();
        }
    }

    private static StackPane tab(String styleClass, String stylesheet) {
        StackPane tab = new StackPane();
        tab.getStyleClass().add(styleClass);
        tab.getStylesheets().add(url(stylesheet));
        return tab;
    }

    private static String url(String resource) {
        return Objects.requireNonNull(ColourPaletteTest.class.getResource("/streamlab/ui/" + resource), resource)
                .toExternalForm();
    }

    private static Label label(String... styleClasses) {
        Label l = new Label("Text");
        l.getStyleClass().addAll(styleClasses);
        return l;
    }

    private static Region region(String... styleClasses) {
        Region r = new Region();
        r.getStyleClass().addAll(styleClasses);
        r.setMinSize(10, 10);
        return r;
    }

    private static Circle circle(String... styleClasses) {
        Circle c = new Circle(6);
        c.getStyleClass().addAll(styleClasses);
        return c;
    }

    /** The colour a region's background shows: its top fill, or the middle of a gradient. */
    private static Color background(Region r) {
        var fills = Objects.requireNonNull(r.getBackground(), "no background on " + r).getFills();
        return solid(fills.get(fills.size() - 1).getFill());
    }

    private static Color solid(Paint p) {
        if (p instanceof Color c) {
            return c;
        }
        if (p instanceof LinearGradient g) {
            Stop mid = g.getStops().stream().min((a, b) -> Double.compare(Math.abs(a.getOffset() - 0.5),
                    Math.abs(b.getOffset() - 0.5))).orElseThrow();
            return mid.getColor();
        }
        throw new IllegalStateException("not a colour: " + p);
    }
}
