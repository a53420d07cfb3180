package streamlab.ui.shell;

import streamlab.ui.Settings.Key;
import streamlab.ui.Theme;

/** Immutable: the window's stored settings, by the names they have always been stored under. */
public final class WindowSettings {

    public static final Key<Theme> THEME = Key.ofEnum("theme", Theme.LIGHT);
    /** 1.0 is 100 %. */
    public static final Key<Double> ZOOM = Key.ofDouble("zoom", 1.0);
    public static final Key<Boolean> REPORT_FOOTER = Key.ofBoolean("report.footer", false);
    public static final Key<Double> WIDTH = Key.ofDouble("window.width", MainWindow.DEFAULT_WIDTH);
    public static final Key<Double> HEIGHT = Key.ofDouble("window.height", MainWindow.DEFAULT_HEIGHT);
    public static final Key<Boolean> MAXIMIZED = Key.ofBoolean("window.maximized", false);
    /** NaN until the window has been moved once: it then opens centred. */
    public static final Key<Double> X = Key.ofDouble("window.x", Double.NaN);
    public static final Key<Double> Y = Key.ofDouble("window.y", Double.NaN);

    private WindowSettings() {
    }
}
