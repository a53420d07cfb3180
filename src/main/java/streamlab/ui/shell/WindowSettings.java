package streamlab.ui.shell;

import streamlab.ui.Settings.Key;
import streamlab.ui.Theme;

/** Immutable: the window's stored settings, by the names they have always been stored under. */
final class WindowSettings {

    static final Key<Theme> THEME = Key.ofEnum("theme", Theme.LIGHT);
    /** 1.0 is 100 %. */
    static final Key<Double> ZOOM = Key.ofDouble("zoom", 1.0);
    static final Key<Boolean> REPORT_FOOTER = Key.ofBoolean("report.footer", false);
    static final Key<Double> WIDTH = Key.ofDouble("window.width", MainWindow.DEFAULT_WIDTH);
    static final Key<Double> HEIGHT = Key.ofDouble("window.height", MainWindow.DEFAULT_HEIGHT);
    static final Key<Boolean> MAXIMIZED = Key.ofBoolean("window.maximized", false);
    /** NaN until the window has been moved once: it then opens centred. */
    static final Key<Double> X = Key.ofDouble("window.x", Double.NaN);
    static final Key<Double> Y = Key.ofDouble("window.y", Double.NaN);

    private WindowSettings() {
    }
}
