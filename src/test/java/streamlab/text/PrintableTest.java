package streamlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void terminalEscapesAreShownNotObeyed() {
        assertEquals("\\e[31mred\\e[0m \\x07 \\x7F \\x9B a\\tb\\r\\n",
                Printable.escape("\u001b[31mred\u001b[0m \u0007 \u007f \u009b a\tb\r\n"));
    }

    @Test
    void bidiOverridesAndLoneSurrogatesAreEscaped() {
        assertEquals("abc\\u{202E}def \\u{D800}x", Printable.escape("abc\u202edef \ud800x"));
    }

    @Test
    void ordinaryTextIsReturnedAsItIs() {
        String s = "Year,Month 12°F C:\\data\\out9.txt \uD83D\uDE00 é";
        assertSame(s, Printable.escape(s));
        assertFalse(Printable.needsEscape(s));
    }

    @Test
    void escapedTextHasNoControlCharactersForAnyInput() {
        SplittableRandom random = new SplittableRandom(20261130L);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(24);
            for (int j = 0; j < length; j++) {
                // Mostly the low planes, where the control and bidi characters are, with some of everything else.
                b.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(0x300)));
            }
            String s = b.toString();
            String e = Printable.escape(s);
            assertTrue(e.chars().noneMatch(c -> c < 0x20 || c >= 0x7f && c <= 0x9f), e);
            assertFalse(Printable.needsEscape(e), e);
        }
    }
}
