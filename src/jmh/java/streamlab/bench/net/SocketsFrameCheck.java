package streamlab.bench.net;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import streamlab.ui.AppContext;
import streamlab.ui.Settings;
import streamlab.ui.Theme;

/**
 * Opens the Sockets tab in a real window, starts its UDP listener and floods it with datagrams for a few seconds,
 * while recording the time between frames. Needs a display; on a server run it under {@code xvfb-run -a}:
 * {@code java -cp target/benchmarks.jar streamlab.bench.net.SocketsFrameCheck [seconds] [datagrams per second]}
 * ({@code -Dframes.theme=dark} for the dark theme; {@code -Dframes.warm} sends one datagram before the flood, so the
 * table has shown a row before, as it has when a student sends a message first).
 */
public final class SocketsFrameCheck {

    private SocketsFrameCheck() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 120_000;
        Path out = Files.createTempDirectory("streamlab-frames");
        Settings settings = new Settings(Preferences.userRoot().node("streamlab-bench-frames"));
        AppContext context = new AppContext(out, settings, uri -> { });
        CountDownLatch ready = new CountDownLatch(1);
        int[] port = new int[1];
        Label[] count = new Label[1];
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        boolean[] recording = new boolean[1];
        Platform.startup(() -> {
            try {
                ("dark".equals(System.getProperty("frames.theme")) ? Theme.DARK : Theme.LIGHT).apply();
                FXMLLoader loader = new FXMLLoader(SocketsFrameCheck.class.getResource(
                        "/streamlab/ui/net/SocketsView.fxml"));
                loader.setControllerFactory(context.controllerFactory());
                Parent root = loader.load();
                Stage stage = new Stage();
                stage.setScene(new Scene(root, 1200, 700));
                stage.show();
                TextField udpPort = (TextField) root.lookup("#udpPort");
                udpPort.setText("0");
                if (args.length > 2 && !args[2].isEmpty()) {
                    ((TextField) root.lookup("#textFilter")).setText(args[2]);
                }
                if (args.length > 3) {
                    ((ToggleButton) root.lookup("#pauseScroll")).setSelected(true);
                }
                ((ToggleButton) root.lookup("#udpToggle")).fire();
                port[0] = Integer.parseInt(udpPort.getText());
                count[0] = (Label) root.lookup("#trafficCount");
                new AnimationTimer() {
                    private long last;

                    @Override
                    public void handle(long now) {
                        if (last != 0 && recording[0]) {
                            gaps.add(now - last);
                        }
                        last = now;
                    }
                }.start();
                ready.countDown();
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(2);
            }
        });
        if (!ready.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the window did not open");
        }
        if (System.getProperty("frames.warm") != null) {
            // As a student would: one message first, so the table has laid out its rows before the flood.
            try (DatagramChannel hello = DatagramChannel.open()) {
                hello.send(ByteBuffer.wrap("hello".getBytes()), new InetSocketAddress("127.0.0.1", port[0]));
            }
        }
        Thread.sleep(1000);
        recording[0] = true;
        long sent = 0;
        try (DatagramChannel sender = DatagramChannel.open()) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port[0]);
            ByteBuffer payload = ByteBuffer.wrap("2017,1,1,00:00,44.6 flood payload".getBytes());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long start = System.nanoTime();
            // Paced to the given rate; 0 sends nothing, to measure frames without traffic.
            while (System.nanoTime() < end) {
                if (rate == 0) {
                    Thread.sleep(10);
                    continue;
                }
                long due = start + sent * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    Thread.yield();
                }
                sender.send(payload.clear(), target);
                sent++;
            }
        }
        Thread.sleep(500);
        recording[0] = false;
        List<Long> g;
        synchronized (gaps) {
            g = new ArrayList<>(gaps);
        }
        // After the flood: the table takes over from the live view once the flood has been calm for half a second.
        synchronized (gaps) {
            gaps.clear();
        }
        recording[0] = true;
        Thread.sleep(1500);
        recording[0] = false;
        long afterMax;
        synchronized (gaps) {
            afterMax = gaps.stream().mapToLong(Long::longValue).max().orElse(0);
        }
        // The first second of a flood includes the JIT compiling the whole path; report the rest on its own too.
        List<Long> steady = new ArrayList<>();
        long elapsed = 0;
        for (long gap : g) {
            elapsed += gap;
            if (elapsed > 1_000_000_000L) {
                steady.add(gap);
            }
        }
        Collections.sort(steady);
        Collections.sort(g);
        String[] label = new String[1];
        CountDownLatch read = new CountDownLatch(1);
        Platform.runLater(() -> {
            label[0] = count[0].getText();
            read.countDown();
        });
        read.await(5, TimeUnit.SECONDS);
        double mean = g.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        System.out.printf("sent %,d datagrams in %d s (%,d/s)%n", sent, seconds, sent / seconds);
        System.out.printf("frames %d, mean %.1f ms, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", g.size(), mean,
                pct(g, 0.50), pct(g, 0.99), g.isEmpty() ? 0 : g.get(g.size() - 1) / 1e6);
        System.out.printf("after the first second: frames %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", steady.size(),
                pct(steady, 0.50), pct(steady, 0.99), steady.isEmpty() ? 0 : steady.get(steady.size() - 1) / 1e6);
        System.out.printf("the 2 s after the flood (the table taking over): max frame %.1f ms%n", afterMax / 1e6);
        System.out.println("tab: " + label[0]);
        Platform.runLater(context::close);
        Thread.sleep(1500);
        Platform.exit();
        System.exit(0);
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6;
    }
}
