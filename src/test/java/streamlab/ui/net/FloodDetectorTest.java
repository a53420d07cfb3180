package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The live view's switching rules, frame by frame, without JavaFX. */
class FloodDetectorTest {

    /** One frame in which every waiting entry is drained. */
    private static boolean frame(FloodDetector d, int rows, boolean following) {
        d.beforeDrain(rows, following);
        d.drained(rows);
        return d.settle(following);
    }

    @Test
    void aRateBelowAbout2000PerSecondNeverStartsTheLiveView() {
        FloodDetector d = new FloodDetector();
        for (int i = 0; i < 600; i++) {
            assertFalse(frame(d, FloodDetector.LIVE_ROWS - 1, true), "frame " + i);
        }
    }

    @Test
    void aFloodStartsItBeforeTheDrainAndHalfASecondOfCalmEndsIt() {
        FloodDetector d = new FloodDetector();
        assertTrue(d.beforeDrain(FloodDetector.LIVE_ROWS, true), "on before the flood's first rows reach the table");
        d.drained(FloodDetector.LIVE_ROWS);
        assertTrue(d.settle(true));
        for (int i = 1; i < FloodDetector.CALM_FRAMES; i++) {
            assertTrue(frame(d, FloodDetector.CALM_ROWS - 1, true), "still live after " + i + " calm frames");
        }
        assertFalse(frame(d, 0, true), "off after " + FloodDetector.CALM_FRAMES + " calm frames");
    }

    @Test
    void aRateBetweenTheTwoThresholdsKeepsTheViewAsItIs() {
        int between = (FloodDetector.CALM_ROWS + FloodDetector.LIVE_ROWS) / 2;
        FloodDetector off = new FloodDetector();
        FloodDetector on = new FloodDetector();
        frame(on, 1_000, true);
        for (int i = 0; i < 300; i++) {
            assertFalse(frame(off, between, true));
            assertTrue(frame(on, between, true));
        }
    }

    @Test
    void oneBusyFrameStartsTheCalmCountAgain() {
        FloodDetector d = new FloodDetector();
        frame(d, 1_000, true);
        for (int i = 0; i < FloodDetector.CALM_FRAMES - 1; i++) {
            frame(d, 0, true);
        }
        assertTrue(frame(d, FloodDetector.CALM_ROWS, true));
        for (int i = 0; i < FloodDetector.CALM_FRAMES - 1; i++) {
            assertTrue(frame(d, 0, true));
        }
        assertFalse(frame(d, 0, true));
    }

    @Test
    void aNewFloodDoesNotInheritTheCalmFramesBeforeIt() {
        FloodDetector d = new FloodDetector();
        for (int i = 0; i < 100; i++) {
            frame(d, 0, true);
        }
        assertTrue(d.beforeDrain(FloodDetector.LIVE_ROWS, true));
        // Its first drain may bring few rows (say, a slow frame before); that is one calm frame, not the 101st.
        d.drained(FloodDetector.CALM_ROWS - 1);
        assertTrue(d.settle(true));
    }

    @Test
    void pausingEndsItAtOnceAndKeepsItOff() {
        FloodDetector d = new FloodDetector();
        frame(d, 1_000, true);
        assertFalse(frame(d, 1_000, false), "pause scroll hands the table back during the flood");
        for (int i = 0; i < 100; i++) {
            assertFalse(frame(d, 1_000, false));
        }
        assertTrue(frame(d, 1_000, true), "following again, the flood goes live again");
    }

    /**
     * Random rates and pauses, checked against the rules as stated: on only when following and after a frame with
     * at least {@code LIVE_ROWS} waiting; off after a pause or {@code CALM_FRAMES} calm drains, and only then.
     */
    @Test
    void randomFramesFollowTheStatedRules() {
        long seed = 20261130L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < 200; run++) {
            FloodDetector d = new FloodDetector();
            Deque<Integer> drainsSinceStart = new ArrayDeque<>();
            boolean live = false;
            StringBuilder trace = new StringBuilder();
            for (int f = 0; f < 400; f++) {
                int waiting = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(FloodDetector.CALM_ROWS);
                    case 1 -> random.nextInt(FloodDetector.CALM_ROWS, FloodDetector.LIVE_ROWS);
                    case 2 -> random.nextInt(FloodDetector.LIVE_ROWS, 2_000);
                    default -> 0;
                };
                // Long calm spells, so that live views also end by calm, not only by pause.
                if (random.nextInt(100) < 85 && f % 80 > 30) {
                    waiting = random.nextInt(FloodDetector.CALM_ROWS);
                }
                boolean following = random.nextInt(50) != 0;
                boolean drains = random.nextInt(4) != 0 || d.isLive();
                trace.append(waiting).append(following ? "" : "p").append(drains ? "" : "s").append(' ');
                boolean before = d.beforeDrain(waiting, following);
                boolean started = before && !live;
                if (started) {
                    drainsSinceStart.clear();
                    if (!following || waiting < FloodDetector.LIVE_ROWS) {
                        fail("started without a flood, seed " + seed + " run " + run + ": " + trace);
                    }
                }
                if (drains) {
                    d.drained(waiting);
                    drainsSinceStart.addLast(waiting);
                }
                boolean after = d.settle(following);
                boolean calm = drainsSinceStart.size() >= FloodDetector.CALM_FRAMES && drainsSinceStart.stream()
                        .skip(drainsSinceStart.size() - FloodDetector.CALM_FRAMES)
                        .allMatch(n -> n < FloodDetector.CALM_ROWS);
                if (before && !after && following && !calm) {
                    fail("ended without calm, seed " + seed + " run " + run + ": " + trace);
                }
                if (before && after && (!following || calm)) {
                    fail("stayed on after calm or a pause, seed " + seed + " run " + run + ": " + trace);
                }
                live = after;
            }
        }
    }
}
