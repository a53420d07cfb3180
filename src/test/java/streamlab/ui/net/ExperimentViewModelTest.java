package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import streamlab.net.ExperimentResult;
import streamlab.net.LossyLink;

/** The experiment's inputs and results without a window, on direct executors. */
class ExperimentViewModelTest {

    @Test
    void aCountThatDoesNotReadIsShownAndNothingRuns() {
        ExperimentViewModel m = new ExperimentViewModel(Runnable::run, Runnable::run);
        m.countProperty().set("many");
        assertTrue(m.run().isCompletedExceptionally());
        assertEquals("The message count 'many' is not a whole number.", m.statusProperty().get());
        assertFalse(m.runningProperty().get());
        assertNull(m.resultProperty().get());

        m.countProperty().set("0");
        m.run();
        assertEquals("The message count 0 is out of range. Use 1 to 10,000,000.", m.statusProperty().get());
        m.countProperty().set("500");
        m.dropProperty().set("five");
        m.run();
        assertEquals("The drop percentage 'five' is not a number, such as 5.", m.statusProperty().get());
    }

    @Test
    void aSimulatedRunFillsTheTableTheBarsAndSaysSimulated() throws Exception {
        ExperimentViewModel m = simulated("1,000", "10", "4%", "7");
        ExperimentResult r = m.run().get();
        assertEquals(r, m.resultProperty().get());
        assertFalse(m.runningProperty().get());
        LossyLink plan = LossyLink.plan(1_000, 10, 4, 7);
        assertEquals(7, r.config().seed());
        assertEquals(7, m.rows().size());
        assertEquals(List.of("lost", String.valueOf(plan.dropped()), "0"), List.of(m.rows().get(2)));
        assertEquals(List.of("sent", "1,000", "1,000"), List.of(m.rows().get(0)));
        assertEquals("UDP (simulated lossy link)", m.udpSeriesName());
        List<ExperimentViewModel.Bar> bars = m.bars();
        assertEquals(new ExperimentViewModel.Bar("delivered", 1_000 - plan.dropped(), 1_000), bars.get(0));
        assertEquals(new ExperimentViewModel.Bar("lost", plan.dropped(), 0), bars.get(1));
        assertTrue(m.statusProperty().get().startsWith("SIMULATED lossy link for UDP (drop 10%, reorder 4%, seed 7): "
                + plan.dropped() + " dropped"), m.statusProperty().get());
    }

    @Test
    void aRunWithoutSimulationSaysAnyLossIsReal() throws Exception {
        ExperimentViewModel m = new ExperimentViewModel(Runnable::run, Runnable::run);
        m.countProperty().set("200");
        m.run().get();
        assertEquals("UDP", m.udpSeriesName());
        assertTrue(m.statusProperty().get().startsWith("No simulation: any UDP loss is real"));
    }

    @Test
    void aSecondRunWaitsForTheFirstToFinish() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        ExperimentViewModel m = new ExperimentViewModel(Runnable::run, queued::add);
        m.countProperty().set("100");
        m.run();
        assertTrue(m.runningProperty().get());
        assertEquals("Running: 100 messages over UDP, then over TCP\u2026", m.statusProperty().get());
        assertTrue(m.run().isCompletedExceptionally(), "F5 during a run does nothing");
        assertEquals(1, queued.size());
        queued.get(0).run();
        assertFalse(m.runningProperty().get());
        assertEquals(100, m.resultProperty().get().tcp().delivered());
    }

    @Test
    void anEmptySeedDrawsANewSeedEachRunAndShowsIt() throws Exception {
        ExperimentViewModel m = new ExperimentViewModel(Runnable::run, Runnable::run);
        m.countProperty().set("300");
        m.dropProperty().set("10");
        long first = m.run().get().config().seed();
        assertEquals("Seed used: " + first + " (new)", m.seedUsedProperty().get());
        assertTrue(m.statusProperty().get().contains("seed " + first + ")"), m.statusProperty().get());
        long second = m.run().get().config().seed();
        assertNotEquals(first, second, "a new seed for the second run");
        assertEquals("", m.seedProperty().get(), "the field stays empty: every run draws anew");
    }

    @Test
    void aTypedSeedRepeatsTheSameLossPattern() throws Exception {
        ExperimentViewModel m = simulated("2,000", "5", "2", "123,456");
        ExperimentResult a = m.run().get();
        ExperimentResult b = m.run().get();
        LossyLink plan = LossyLink.plan(2_000, 5, 2, 123_456);
        assertEquals(123_456, a.config().seed());
        assertEquals("Seed used: 123456", m.seedUsedProperty().get());
        for (ExperimentResult r : List.of(a, b)) {
            assertEquals(plan.dropped(), r.udp().simulatedDrops());
            assertEquals(plan.reordered(), r.udp().simulatedReorders());
            assertEquals(plan.dropped(), r.udp().lost());
        }
        assertEquals(a.udp().outOfOrder(), b.udp().outOfOrder());
        assertTrue(plan.dropped() > 0 && plan.reordered() > 0, "the plan drops and reorders some");
    }

    @Test
    void aSeedThatIsNotAWholeNumberSaysSo() {
        ExperimentViewModel m = new ExperimentViewModel(Runnable::run, Runnable::run);
        m.seedProperty().set("abc");
        assertTrue(m.run().isCompletedExceptionally());
        assertEquals("The seed 'abc' is not a whole number. Leave it empty for a new seed each run.",
                m.statusProperty().get());
    }

    /** A view model on the test thread with the fields filled in as typed, for a run on the simulated lossy link. */
    private static ExperimentViewModel simulated(String count, String drop, String reorder, String seed) {
        ExperimentViewModel m = new ExperimentViewModel(Runnable::run, Runnable::run);
        m.countProperty().set(count);
        m.dropProperty().set(drop);
        m.reorderProperty().set(reorder);
        m.seedProperty().set(seed);
        return m;
    }
}
