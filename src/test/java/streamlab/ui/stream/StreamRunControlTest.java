package streamlab.ui.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import streamlab.stream.SinkStats;
import streamlab.stream.StreamState;

/**
 * Start, stop and the frame tick of the Stream tab's view model, without a window: the background work runs on an
 * executor the test drives, which runs queued tasks newest first, the freedom a shared pool has to run two tasks in
 * either order. The test thread plays the FX thread.
 */
class StreamRunControlTest extends StreamViewModelTestBase {

    private final LifoExecutor background = new LifoExecutor();

    /** Holds tasks until {@link #runAll}, then runs them newest first. Thread-safe. */
    static final class LifoExecutor implements Executor {
        private final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.push(task);
        }

        private synchronized Runnable next() {
            return tasks.poll();
        }

        /** Runs every task, including the ones queued meanwhile, newest first. */
        void runAll() {
            Runnable r;
            while ((r = next()) != null) {
                r.run();
            }
        }
    }

    private StreamViewModel model(String interval, boolean loop, long limit) throws Exception {
        Path csv = Files.writeString(dir.resolve("in.csv"), "n,text\n1,a\n2,b\n3,c\n");
        open(background);
        vm.interval.set(interval);
        vm.loop.set(loop);
        vm.limit.set(String.valueOf(limit));
        vm.load(csv);
        background.runAll();
        assertTrue(vm.info.get() != null, vm.status.get());
        return vm;
    }

    /** Ticks frames (running the background work they ask for) until the run is no longer active. */
    private void awaitEnded() {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            background.runAll();
            vm.tick();
            return !vm.state.get().isActive();
        });
    }

    @Test
    void twoQuickStartsMakeOneRunAndOneTruncation() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(100);
            model("10s", false, 0);
            vm.udpOn.set(true);
            vm.udpTarget.set("localhost:" + receiver.getLocalPort());
            vm.start();
            vm.start();
            background.runAll();
            AtomicInteger datagrams = new AtomicInteger();
            byte[] buf = new byte[1024];
            // The first record of a run goes out at once, the next one 10 s later: each run sends one datagram here.
            await().atMost(Duration.ofSeconds(5)).until(() -> receive(receiver, buf, datagrams) > 0);
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                    .until(() -> receive(receiver, buf, datagrams) == 1);
            assertEquals("[1, a]\n", Files.readString(dir.resolve("out9.txt")));
        }
    }

    private static int receive(DatagramSocket socket, byte[] buf, AtomicInteger count) throws Exception {
        try {
            socket.receive(new DatagramPacket(buf, buf.length));
            count.incrementAndGet();
        } catch (SocketTimeoutException e) {
            // nothing more came
        }
        return count.get();
    }

    @Test
    void aStopRightAfterAStartAlwaysEndsThatRun() throws Exception {
        model("0", true, 0);
        vm.start();
        vm.stop();
        background.runAll();
        awaitEnded();
        assertEquals(StreamState.STOPPED, vm.state.get(), vm.status.get());
        Path out = dir.resolve("out9.txt");
        long size = Files.size(out);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> Files.size(out) == size);
    }

    /** A run of one record, as fast as possible, started and followed to its end. */
    private void oneRecordRunToItsEnd() throws Exception {
        model("0", false, 1);
        vm.start();
        background.runAll();
        awaitEnded();
        assertEquals(StreamState.FINISHED, vm.state.get());
    }

    @Test
    void aFrameShowingTheLastRunsEndDoesNotEnableStartForTheNextRun() throws Exception {
        oneRecordRunToItsEnd();
        vm.start();
        // The engine has not taken the start yet, so its snapshot still shows the first run's end.
        vm.tick();
        assertTrue(vm.state.get().isActive(), "Start stays disabled: " + vm.state.get());
        background.runAll();
        awaitEnded();
        assertEquals(StreamState.FINISHED, vm.state.get());
        assertEquals(1, vm.sent.get());
    }

    @Test
    void anIdleFrameLeavesTheOutputsListAlone() throws Exception {
        model("0", false, 2);
        vm.start();
        background.runAll();
        awaitEnded();
        vm.tick();
        assertEquals(1, vm.sinks.size());
        List<String> changes = new ArrayList<>();
        vm.sinks.addListener((ListChangeListener<SinkStats>) c -> changes.add(c.toString()));
        for (int i = 0; i < 3; i++) {
            vm.tick();
        }
        assertEquals(List.of(), changes);
    }

    @Test
    void stopAndRestartRunOnTheBackgroundExecutorInTheOrderIssued() throws Exception {
        model("10s", false, 0);
        vm.start();
        background.runAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> vm.engine().snapshot().sent() == 1);
        vm.stop();
        vm.restart();
        vm.tick();
        // Neither the stop nor the restart ran on this (the FX) thread: the first run still goes on.
        assertEquals(StreamState.RUNNING, vm.engine().snapshot().state());
        assertEquals(1, vm.engine().snapshot().sent());
        background.runAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            vm.tick();
            return vm.sent.get() == 1 && vm.state.get() == StreamState.RUNNING;
        });
        vm.stop();
        background.runAll();
        awaitEnded();
        assertEquals(StreamState.STOPPED, vm.state.get());
    }

    @Test
    void aRefusedStartShowsItsProblemAndNotTheLastRunsEnd() throws Exception {
        oneRecordRunToItsEnd();
        vm.timestampColumn.set("nope");
        vm.start();
        background.runAll();
        vm.tick();
        vm.tick();
        assertEquals(StreamState.IDLE, vm.state.get());
        assertTrue(vm.statusIsError.get());
        assertTrue(vm.status.get().startsWith("The timestamp column 'nope' is not in the file."), vm.status.get());
    }
}
