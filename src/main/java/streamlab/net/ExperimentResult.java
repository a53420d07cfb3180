package streamlab.net;

/** Immutable. The side-by-side result of a UDP-vs-TCP run. */
public record ExperimentResult(ExperimentConfig config, ProtocolResult udp, ProtocolResult tcp) {

    /** True when the UDP numbers include a simulated lossy link; always show the word "simulated" then. */
    public boolean simulated() {
        return config.dropPercent() > 0 || config.reorderPercent() > 0;
    }
}
