package streamlab.net;

/**
 * Immutable. Settings of a UDP-vs-TCP run.
 *
 * @param count          how many numbered messages each protocol sends
 * @param ratePerSecond  messages per second, or 0 for as fast as possible
 * @param dropPercent    simulated UDP loss, 0 to 100
 * @param reorderPercent simulated UDP reordering, 0 to 100
 * @param seed           seed of the simulated link, so a run can be repeated exactly
 * @param udpTarget      where to send UDP, as host:port, or null for StreamLab's own listener on a free port
 * @param tcpTarget      where to send TCP, or null for StreamLab's own server on a free port
 */
public record ExperimentConfig(int count, int ratePerSecond, double dropPercent, double reorderPercent, long seed,
        String udpTarget, String tcpTarget) {

    public static final int DEFAULT_COUNT = 10_000;
    public static final long DEFAULT_SEED = 42;

    public ExperimentConfig {
        if (count < 1 || count > 10_000_000) {
            throw new NetError(NetError.Kind.OTHER, "The message count " + count
                    + " is out of range. Use 1 to 10,000,000.");
        }
        if (ratePerSecond < 0) {
            throw new NetError(NetError.Kind.OTHER, "The rate " + ratePerSecond
                    + " is negative. Use 0 for as fast as possible, or messages per second.");
        }
        LossyLink.plan(0, dropPercent, reorderPercent, seed);
    }

    /** Own listeners, as fast as possible, no simulated loss. */
    public static ExperimentConfig defaults() {
        return new ExperimentConfig(DEFAULT_COUNT, 0, 0, 0, DEFAULT_SEED, null, null);
    }

    public ExperimentConfig withCount(int n) {
        return new ExperimentConfig(n, ratePerSecond, dropPercent, reorderPercent, seed, udpTarget, tcpTarget);
    }

    public ExperimentConfig withLink(double drop, double reorder) {
        return new ExperimentConfig(count, ratePerSecond, drop, reorder, seed, udpTarget, tcpTarget);
    }

    public ExperimentConfig withRate(int perSecond) {
        return new ExperimentConfig(count, perSecond, dropPercent, reorderPercent, seed, udpTarget, tcpTarget);
    }
}
