package streamlab.ui.contention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import streamlab.contention.ContentionRun;
import streamlab.report.ReportHeader;
import streamlab.testing.LogOrder;
import streamlab.ui.export.ExportBundle;

/**
 * The window's log and the exported run log of real runs keep the engine's order: the FX thread is the test thread,
 * as a direct executor, and drains the log once per tick as it does once per frame.
 */
class ContentionLogOrderTest extends ContentionViewModelTestBase {

    @Test
    void windowLogAndExportShowEveryWriteInCounterOrderWithTheSummaryLast() throws Exception {
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        vm.threadsProperty().set(4);
        vm.tasksProperty().set(500);
        vm.holdPositionProperty().set(0);
        vm.lockOnProperty().set(true);
        int failedRuns = 0;
        List<String> firstProblems = List.of();
        for (int r = 0; r < 10; r++) {
            vm.start().get();
            ContentionRun run = vm.runProperty().get();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
                vm.tick();
                return vm.summaryProperty().get() != null && run.completion().isDone()
                        && !vm.runningProperty().get();
            });
            List<String> problems = LogOrder.problems(vm.runLog(), 2_000);
            if (!problems.isEmpty()) {
                failedRuns++;
                if (firstProblems.isEmpty()) {
                    firstProblems = problems;
                }
            }
        }
        assertEquals(0, failedRuns, failedRuns + " of 10 window logs out of order, first: " + firstProblems);

        ExportBundle bundle = vm.exportBundle(new ReportHeader("Ada", "Streaming", "Module 3"));
        ExportBundle.RawFile runLog = bundle.files().stream().filter(f -> f.name().equals("run-log.txt"))
                .findFirst().orElseThrow();
        Path file = dir.resolve("run-log.txt");
        runLog.writer().write(file);
        List<String> exported = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(List.of(), LogOrder.problems(exported, 2_000));
        assertEquals(vm.runLog(), exported);
        String md = bundle.report().toMarkdown();
        assertTrue(md.contains(exported.get(exported.size() - 1)), "the report's excerpt ends with the summary");
    }
}
