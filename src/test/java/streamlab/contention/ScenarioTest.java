package streamlab.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void defaultsMatchTheCourse() {
        Scenario s = Scenario.defaults();
        assertEquals(3, s.threads());
        assertEquals(2, s.tasks());
        assertEquals(Duration.ZERO, s.hold());
        assertTrue(s.lockOn());
        assertEquals(LockKind.REENTRANT, s.lockKind());
        assertEquals(Resource.COUNTER, s.resource());
        assertEquals(Duration.ofSeconds(5), s.busyTimeout());
        assertEquals("shared.db", s.dbPath().getFileName().toString());
    }

    @Test
    void outOfRangeValuesAreRejectedWithAMessageThatSaysTheRange() {
        assertEquals("Threads must be 1 to 64, not 65.",
                assertThrows(IllegalArgumentException.class, () -> Scenario.defaults().withThreads(65)).getMessage());
        assertEquals("Tasks per thread must be 1 to 1,000,000, not 0.",
                assertThrows(IllegalArgumentException.class, () -> Scenario.defaults().withTasks(0)).getMessage());
        assertEquals("The hold must be 0 to 5 s, not 6 s.", assertThrows(IllegalArgumentException.class,
                () -> Scenario.defaults().withHold(Duration.ofSeconds(6))).getMessage());
    }

    @Test
    void durationsParseTheWayStudentsWriteThem() {
        assertEquals(Duration.ofSeconds(3), Durations.parse("3s"));
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMillis(40), Durations.parse("40ms"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Durations.parse("40")).getMessage()
                .contains("needs a unit"));
        assertEquals(Duration.ZERO, Durations.parse("0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon")).getMessage()
                .contains("'soon' is not a duration: write a number with a unit"));
        assertEquals("1.5 s", Durations.format(Duration.ofMillis(1500)));
        assertEquals("250 ms", Durations.format(Duration.ofMillis(250)));
    }

    @Test
    void lockKindsAndResourcesParseIgnoringCase() {
        assertEquals(LockKind.FAIR, LockKind.parse("Fair"));
        assertEquals(Resource.SQLITE, Resource.parse("sqlite"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LockKind.parse("mutex")).getMessage()
                .contains("use reentrant, fair, synchronized or atomic"));
    }
}
