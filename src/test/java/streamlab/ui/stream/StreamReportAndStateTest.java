package streamlab.ui.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import streamlab.report.ReportHeader;
import streamlab.stream.CsvRecord;
import streamlab.stream.StreamState;

/**
 * What the Stream tab's report says about a paced run, and what the tab shows around a run (preview order, a new
 * file, a pause), without a window: background work runs on the calling thread, and the test thread plays the FX
 * thread.
 */
class StreamReportAndStateTest extends StreamViewModelTestBase {

    /** A log line of the report: time, gap since the record before (or "first"), number, line and message. */
    private static final Pattern LOG_LINE = Pattern.compile(
            "^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3})  (?:first  |\\+(\\d+\\.\\d{2}) s)  Sent #(\\d+) \\(line (\\d+)\\): (.*)$");

    private StreamViewModel model(String csv) throws Exception {
        open(Runnable::run);
        vm.load(Files.writeString(dir.resolve("in.csv"), csv));
        assertTrue(vm.info.get() != null, vm.status.get());
        return vm;
    }

    private static String rows(int n) {
        StringBuilder b = new StringBuilder("n,text\n");
        for (int i = 1; i <= n; i++) {
            b.append(i).append(",row").append(i).append('\n');
        }
        return b.toString();
    }

    private void awaitEnded() {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            vm.tick();
            return !vm.state.get().isActive();
        });
    }

    @Test
    void theReportLogsEachRecordWithItsTimeAndTheGapWithinTheInterval() throws Exception {
        model(rows(6));
        vm.interval.set("150ms-300ms");
        vm.template.set("{n}: {text}");
        vm.start();
        awaitEnded();
        assertEquals(StreamState.FINISHED, vm.state.get(), vm.status.get());

        String md = StreamExport.bundle(vm, ReportHeader.EMPTY).report().toMarkdown();
        assertTrue(md.contains("| Interval | 150ms-300ms |"), md);
        assertTrue(md.contains("| Message template | {n}: {text} |"), md);
        assertTrue(md.contains("| First message | 1: row1 |"), md);

        String block = md.substring(md.indexOf("```\n", md.indexOf("## Log")) + 4);
        List<String> lines = block.substring(0, block.indexOf("```")).lines().toList();
        assertEquals(6, lines.size(), block);
        LocalTime previous = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LOG_LINE.matcher(lines.get(i));
            assertTrue(m.matches(), "not time, gap, record: " + lines.get(i));
            assertEquals(i + 1, Integer.parseInt(m.group(3)));
            assertEquals(i + 2, Integer.parseInt(m.group(4)), "the file line of record " + (i + 1));
            assertEquals((i + 1) + ": row" + (i + 1), m.group(5));
            LocalTime time = LocalTime.parse(m.group(1));
            if (i == 0) {
                assertEquals(null, m.group(2), "the first record has no gap");
            } else {
                double gap = Double.parseDouble(m.group(2));
                // The engine keeps a schedule: a gap may come out a little shorter after a late record.
                assertTrue(gap >= 0.13 && gap <= 0.36, "gap " + gap + " s outside 150ms-300ms: " + lines.get(i));
                double between = Duration.between(previous, time).toMillis() / 1000.0;
                assertEquals(between, gap, 0.0051, "the gap is the difference of the times shown");
            }
            previous = time;
        }
        assertTrue(md.contains("- Gaps between the last 6 records: shortest "), md);
    }

    @Test
    void thePreviewFollowsReverse() throws Exception {
        model(rows(5));
        assertEquals(List.of("1", "2", "3", "4", "5"), firstFields());
        assertEquals("[1, row1]", vm.formatPreview.get());
        vm.reverse.set(true);
        assertEquals(List.of("5", "4", "3", "2", "1"), firstFields(), "the last row first, as it will be sent");
        assertEquals("[5, row5]", vm.formatPreview.get());
        vm.reverse.set(false);
        assertEquals(List.of("1", "2", "3", "4", "5"), firstFields());
    }

    private List<String> firstFields() {
        return vm.previewRows.stream().map(CsvRecord::fields).map(f -> f.get(0)).toList();
    }

    @Test
    void openingAnotherFileClearsTheProgressTheCountersAndTheChart() throws Exception {
        model(rows(5));
        vm.interval.set("0");
        vm.start();
        awaitEnded();
        assertEquals(5, vm.sent.get());
        assertFalse(vm.chartPoints.isEmpty(), "the chart plots column n");
        assertFalse(vm.sinks.isEmpty());
        assertEquals(1.0, vm.progress.get(), 1e-9);

        vm.load(Files.writeString(dir.resolve("other.csv"), "a,b\n7,8\n"));
        for (int i = 0; i < 3; i++) {
            vm.tick();
        }
        assertEquals(0, vm.sent.get());
        assertEquals(0, vm.progress.get());
        assertEquals("", vm.progressText.get());
        assertEquals("", vm.rateText.get());
        assertTrue(vm.chartPoints.isEmpty(), "chart " + vm.chartPoints);
        assertTrue(vm.recent.isEmpty());
        assertTrue(vm.sinks.isEmpty());
        assertEquals(StreamState.IDLE, vm.state.get());
        assertTrue(vm.status.get().startsWith("other.csv: 1 rows"), vm.status.get());
    }

    @Test
    void theStatusSaysPausedWhilePaused() throws Exception {
        model(rows(5));
        vm.interval.set("10s");
        vm.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            vm.tick();
            return vm.sent.get() == 1 && vm.state.get() == StreamState.RUNNING;
        });
        assertTrue(vm.status.get().startsWith("Streaming in.csv"), vm.status.get());
        vm.togglePause();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            vm.tick();
            return vm.state.get() == StreamState.PAUSED;
        });
        assertTrue(vm.status.get().startsWith("Paused after 1 record."), vm.status.get());
        vm.togglePause();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            vm.tick();
            return vm.state.get() == StreamState.RUNNING;
        });
        assertTrue(vm.status.get().startsWith("Streaming in.csv"), vm.status.get());
        vm.stop();
        awaitEnded();
    }
}
