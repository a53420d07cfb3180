package streamlab.net;

/**
 * Immutable. What one protocol delivered in a UDP-vs-TCP run.
 *
 * @param protocol          UDP or TCP
 * @param sent              messages the sender was asked to send (simulated drops included)
 * @param delivered         distinct messages that arrived, or -1 when sent elsewhere and not counted
 * @param lost              sent minus delivered, or -1 when not counted
 * @param duplicated        messages that arrived more than once
 * @param outOfOrder        messages that arrived after a higher-numbered one
 * @param ms                elapsed time from the first send to the last arrival (or the end of sending)
 * @param perSecond         delivered (or sent, when not counted) messages per second
 * @param simulatedDrops    datagrams the simulated link dropped on purpose (UDP only)
 * @param simulatedReorders datagrams the simulated link sent late on purpose (UDP only)
 */
public record ProtocolResult(Protocol protocol, int sent, int delivered, int lost, int duplicated, int outOfOrder,
        long ms, double perSecond, int simulatedDrops, int simulatedReorders) {

    public boolean counted() {
        return delivered >= 0;
    }
}
