package streamlab.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExperimentTest {

    @Test
    void fullReorderSwapsEveryPair() {
        LossyLink link = LossyLink.plan(7, 0, 100, 1);
        assertArrayEquals(new int[] {1, 0, 3, 2, 5, 4, 6}, link.order());
        assertEquals(3, link.reordered());
        assertEquals(0, link.dropped());
    }

    @Test
    void fullDropSendsNothingAndNoLinkSendsAllInOrder() {
        assertEquals(0, LossyLink.plan(50, 100, 0, 1).order().length);
        assertEquals(50, LossyLink.plan(50, 100, 0, 1).dropped());
        LossyLink none = LossyLink.none(5);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, none.order());
        assertFalse(none.simulated());
    }

    @Test
    void sameSeedGivesTheSamePlanAndRatesAreRoughlyHonoured() {
        LossyLink a = LossyLink.plan(10_000, 10, 5, 42);
        LossyLink b = LossyLink.plan(10_000, 10, 5, 42);
        assertArrayEquals(a.order(), b.order());
        assertTrue(a.dropped() > 900 && a.dropped() < 1100, "about 10% of 10,000: " + a.dropped());
        assertTrue(a.reordered() > 350 && a.reordered() < 550, "about 5% of the 9,000 sent: " + a.reordered());
        assertEquals(10_000 - a.dropped(), a.order().length);
    }

    @Test
    void trackerCountsDuplicatesAndLateArrivals() {
        SequenceTracker t = new SequenceTracker();
        for (int seq : new int[] {0, 2, 1, 3, 3, 5, 4}) {
            t.arrived(seq);
        }
        assertEquals(6, t.delivered());
        assertEquals(1, t.duplicated());
        assertEquals(2, t.outOfOrder());
        assertEquals(12, SequenceTracker.parse("seq 12".getBytes()));
        assertEquals(-1, SequenceTracker.parse("hello".getBytes()));
    }

    @Test
    void udpCountsMatchTheSeededSimulatedLinkAndTcpDeliversEverythingInOrder() {
        // A modest rate keeps real loopback loss out, so every UDP loss here is a simulated one.
        ExperimentConfig config = new ExperimentConfig(2000, 20_000, 10, 5, 7, null, null);
        LossyLink plan = LossyLink.plan(2000, 10, 5, 7);
        ExperimentResult r = UdpVsTcpExperiment.run(config);

        assertTrue(r.simulated());
        assertEquals(2000, r.udp().sent());
        assertEquals(plan.dropped(), r.udp().simulatedDrops());
        assertEquals(2000 - plan.dropped(), r.udp().delivered());
        assertEquals(plan.dropped(), r.udp().lost());
        assertEquals(plan.reordered(), r.udp().outOfOrder());
        assertEquals(0, r.udp().duplicated());
        assertTrue(plan.dropped() > 100 && plan.reordered() > 30, plan.dropped() + " / " + plan.reordered());

        assertEquals(2000, r.tcp().sent());
        assertEquals(2000, r.tcp().delivered());
        assertEquals(0, r.tcp().lost());
        assertEquals(0, r.tcp().outOfOrder());
        assertEquals(0, r.tcp().duplicated());
        assertTrue(r.tcp().ms() >= 1 && r.tcp().perSecond() > 0);
        assertEquals(0, Await.aliveThreads("udp-listener-"), "own listeners are closed afterwards");
    }

    @Test
    void badSettingsAreRejectedWithAMessage() {
        NetError e = assertThrows(NetError.class, () -> new ExperimentConfig(10, 0, 120, 0, 1, null, null));
        assertTrue(e.getMessage().contains("120.0% is out of range"), e.getMessage());
        assertThrows(NetError.class, () -> new ExperimentConfig(0, 0, 0, 0, 1, null, null));
    }
}
