package streamlab.ui.contention;

import streamlab.ui.CanvasTheme;

/**
 * Confined to the FX Application Thread: the theme's colours and the zoom, as the canvas should draw them now. Hidden
 * labels carry the looked-up colours ({@code -color-fg-default}, {@code -color-fg-muted}, {@code -color-bg-default})
 * and inherit the root font size that the window's zoom sets, so CSS resolves them on every theme switch and zoom
 * step; the canvas reads them at each frame and redraws when they change.
 */
final class TimelineTheme extends CanvasTheme {

    TimelineTheme() {
        super("timeline");
    }
}
