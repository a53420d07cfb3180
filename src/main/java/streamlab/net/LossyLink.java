package streamlab.net;

import java.util.Random;

/**
 * Immutable once planned. A simulated lossy link for UDP: decides, with a seeded random generator, which numbered
 * datagrams to drop and which to hold back and send after the next one; the same seed gives the same plan.
 *
 * @param order     the sequence numbers in the order they are sent (dropped ones left out)
 * @param dropped   how many were dropped
 * @param reordered how many were sent after a later one
 */
public record LossyLink(int[] order, int dropped, int reordered) {

    /**
     * Plans the sending of messages {@code 0..count-1}.
     *
     * @param dropPercent    chance, 0 to 100, that a datagram is dropped
     * @param reorderPercent chance, 0 to 100, that a datagram is held back and sent after the next one
     */
    public static LossyLink plan(int count, double dropPercent, double reorderPercent, long seed) {
        checkPercent("drop", dropPercent);
        checkPercent("reorder", reorderPercent);
        Random random = new Random(seed);
        int[] order = new int[count];
        int n = 0;
        int dropped = 0;
        int reordered = 0;
        int held = -1;
        for (int seq = 0; seq < count; seq++) {
            // Always draw both numbers so that changing one percentage does not shift the other's choices.
            double d = random.nextDouble() * 100;
            double r = random.nextDouble() * 100;
            if (d < dropPercent) {
                dropped++;
            } else if (held < 0 && r < reorderPercent) {
                held = seq;
            } else {
                order[n++] = seq;
                if (held >= 0) {
                    order[n++] = held;
                    held = -1;
                    reordered++;
                }
            }
        }
        if (held >= 0) {
            order[n++] = held;
        }
        return new LossyLink(java.util.Arrays.copyOf(order, n), dropped, reordered);
    }

    /** A plan that sends everything in order. */
    public static LossyLink none(int count) {
        return plan(count, 0, 0, 0);
    }

    public boolean simulated() {
        return dropped > 0 || reordered > 0;
    }

    private static void checkPercent(String what, double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new NetError(NetError.Kind.OTHER, "The simulated " + what + " rate " + p
                    + "% is out of range. Use a percentage from 0 to 100.");
        }
    }
}
