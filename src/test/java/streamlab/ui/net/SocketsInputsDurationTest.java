package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import streamlab.net.NetError;

/** The Sockets tab's interval field reads durations with the same rule as every other field and option. */
class SocketsInputsDurationTest {

    @Test
    void theIntervalFieldTakesDecimalsAndEveryUnit() {
        assertEquals(Duration.ZERO, SocketsInputs.interval("0"));
        assertEquals(Duration.ZERO, SocketsInputs.interval("0ms"));
        assertEquals(Duration.ofMillis(1500), SocketsInputs.interval("1.5s"));
        assertEquals(Duration.ofNanos(500_000), SocketsInputs.interval("0.5ms"));
        assertEquals(Duration.ofNanos(250_000), SocketsInputs.interval("250us"));
        assertEquals(Duration.ofHours(1), SocketsInputs.interval("1 H"));
    }

    @Test
    void aBareNumberInTheIntervalFieldNeedsAUnit() {
        assertEquals("The interval '100' needs a unit: write 100ms or 100s.",
                assertThrows(NetError.class, () -> SocketsInputs.interval("100")).getMessage());
        assertEquals("The interval '-5ms' is negative: write 0 or more, such as 500ms.",
                assertThrows(NetError.class, () -> SocketsInputs.interval("-5ms")).getMessage());
        assertEquals("The interval 'soon' is not a duration. Write it like 0ms, 100ms, 2s or 1m.",
                assertThrows(NetError.class, () -> SocketsInputs.interval("soon")).getMessage());
    }
}
