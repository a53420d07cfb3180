package streamlab.text;

/**
 * Stateless, thread-safe. Makes untrusted text (a CSV field, a received datagram) safe to print on a terminal, in a log
 * line or in a table cell: control characters cannot move the cursor, ring the bell, change colours or reorder the
 * line, because each is shown as a visible escape instead.
 *
 * <p>The escapes: {@code \t}, {@code \n}, {@code \r}, {@code \e} (ESC), {@code \\xNN} for every other C0 or C1 control
 * character and DEL, and {@code \\u{NNNN}} for the Unicode bidirectional controls and a lone surrogate. A backslash is
 * left as it is, so ordinary Windows paths read the same.
 */
public final class Printable {

    private Printable() {
    }

    /** True if {@link #escape} would change {@code s}. */
    public static boolean needsEscape(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isUnsafe(c) || Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        return false;
    }

    /** The text with every control character escaped; {@code s} itself when nothing needs escaping. */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        if (!needsEscape(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && validSurrogateAt(s, i)) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append(String.format("\\u{%04X}", (int) c));
            } else if (!isUnsafe(c)) {
                b.append(c);
            } else {
                switch (c) {
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case 0x1b -> b.append("\\e");
                    default -> {
                        if (c < 0x100) {
                            b.append(String.format("\\x%02X", (int) c));
                        } else {
                            b.append(String.format("\\u{%04X}", (int) c));
                        }
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean isUnsafe(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || isBidiControl(c);
    }

    private static boolean isBidiControl(char c) {
        return c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x200e || c == 0x200f
                || c == 0x061c;
    }

    private static boolean validSurrogateAt(CharSequence s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
}
