package streamlab.launch;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Stateless, thread-safe. Tells, before JavaFX starts, whether the window can open here, and turns JavaFX's own
 * "no display" failures into one line: a stack trace from the toolkit tells a user nothing about what to do.
 */
public final class Desktop {

    /** Exit code for a window that cannot open here: like a usage error, the user can fix it. */
    public static final int NO_WINDOW_EXIT = 2;

    static final String NO_DISPLAY = "streamlab: the window needs a desktop (a display), and there is none here "
            + "(DISPLAY and WAYLAND_DISPLAY are not set). 'streamlab --help' lists the command-line tools, which need "
            + "none.";

    static final String NO_GTK = "streamlab: the window needs the GTK 3 library, which is missing (on Debian or "
            + "Ubuntu: sudo apt-get install libgtk-3-0). 'streamlab --help' lists the command-line tools, which need "
            + "no window.";

    private Desktop() {
    }

    /**
     * The one-line message if the window surely cannot open: on Linux and the BSDs (X11 or Wayland), neither DISPLAY
     * nor WAYLAND_DISPLAY is set. Windows and macOS always have a desktop; Monocle ({@code -Dglass.platform=Monocle})
     * needs none.
     */
    public static Optional<String> missingDisplay(String osName, Map<String, String> env, String glassPlatform) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac") || "monocle".equalsIgnoreCase(glassPlatform)) {
            return Optional.empty();
        }
        if (blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY"))) {
            return Optional.of(NO_DISPLAY);
        }
        return Optional.empty();
    }

    /** The one-line message if {@code failure}, thrown by {@code Application.launch}, means "no desktop here". */
    public static Optional<String> explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("Unable to open DISPLAY")) {
                return Optional.of(NO_DISPLAY.replace("there is none here (DISPLAY and WAYLAND_DISPLAY are not set)",
                        "the display could not be opened (is DISPLAY right, and may this user use it?)"));
            }
            if (m.contains("Unable to load glass GTK library")) {
                return Optional.of(NO_GTK);
            }
        }
        return Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
