package streamlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** The guard can fail: a blocking call by StreamLab code on the FX thread is reported, and only there. */
class FxThreadBlockingGuardTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void startFx() throws Exception {
        FxThreadBlockingGuard.install();
    }

    private static void onFx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get(20, TimeUnit.SECONDS);
    }

    /** Sleeps on the FX thread: the blocking call under test, which the guard must catch, not a wait. */
    private static void sleepOnFx(long ms) throws Exception {
        onFx(() -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void sleepOnTheFxThreadIsReported() throws Exception {
        sleepOnFx(10);
        List<String> found = FxThreadBlockingGuard.drainViolations();
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).contains("java.lang.Thread.sleep"), found.get(0));
        assertTrue(found.get(0).contains(FxThreadBlockingGuardTest.class.getName()), "names the caller: " + found);
    }

    @Test
    void aFileWriteOnTheFxThreadIsReported() throws Exception {
        Path file = dir.resolve("blocked.txt");
        onFx(() -> {
            try {
                Files.writeString(file, "written on the FX thread");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> found = FxThreadBlockingGuard.drainViolations();
        assertTrue(found.stream().anyMatch(v -> v.contains("open0")), "opening the file: " + found);
        assertTrue(found.stream().anyMatch(v -> v.contains("write0")), "writing it: " + found);
    }

    @Test
    void aPendingViolationFailsTheTest() throws Exception {
        sleepOnFx(1);
        AssertionError failure = assertThrows(AssertionError.class, FxThreadBlockingGuard::assertNoViolations);
        assertTrue(failure.getMessage().contains("blocked the FX Application Thread"), failure.getMessage());
        FxThreadBlockingGuard.assertNoViolations();
    }

    @Test
    void otherThreadsMayBlock() throws Exception {
        // Blocking calls off the FX thread, which the guard must let through.
        Thread.sleep(1);
        Files.writeString(dir.resolve("test-thread.txt"), "the test thread may block");
        assertEquals(List.of(), FxThreadBlockingGuard.drainViolations());
    }
}
