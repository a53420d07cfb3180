package streamlab.bench.stream;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.exceptions.CsvValidationException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import streamlab.stream.CsvOptions;
import streamlab.stream.Pacing;
import streamlab.stream.RecordFormat;
import streamlab.stream.SinkSpec;
import streamlab.stream.StreamConfig;
import streamlab.stream.StreamEngine;
import streamlab.stream.StreamSnapshot;

/**
 * CSV to out9.txt at interval 0 on a generated 1M-row file, against a baseline that reads the same file with opencsv
 * and writes the same messages with a BufferedWriter, in the same JVM; and UDP datagrams per second on loopback.
 * Scores are records per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamBench {

    static final int ROWS = 1_000_000;
    static final int UDP_ROWS = 200_000;

    Path dir;
    Path csv;
    Path udpCsv;
    Path out;
    DatagramSocket receiver;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("streambench");
        csv = generate(dir.resolve("rows.csv"), ROWS);
        udpCsv = generate(dir.resolve("udp.csv"), UDP_ROWS);
        out = dir.resolve("out9.txt");
        // Bound but never read: the kernel drops what overflows; the sink's send rate is what is measured.
        receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    }

    /** Rows shaped like the course file, with a quoted text column now and then. */
    static Path generate(Path file, int rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("\uFEFFYear,Month,Day,Time,TempF,Note\r\n");
            for (int i = 0; i < rows; i++) {
                int minutes = i % 1440;
                w.write("2023," + (1 + i % 12) + "," + (1 + i % 28) + "," + minutes / 60 + ":"
                        + String.format("%02d", minutes % 60) + "," + (i % 97 - 10) + ","
                        + (i % 10 == 0 ? "\"gusty, cold\"" : "calm") + "\r\n");
            }
        }
        return file;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        receiver.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long baselineOpencsvBufferedWriter() throws IOException, CsvValidationException {
        long n = 0;
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVReader reader = new CSVReaderBuilder(r).build();
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            reader.readNext();
            String[] row;
            StringBuilder sb = new StringBuilder();
            while ((row = reader.readNext()) != null) {
                sb.setLength(0);
                sb.append('[');
                for (int i = 0; i < row.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(row[i]);
                }
                sb.append(']');
                w.write(sb.toString());
                w.newLine();
                n++;
            }
        }
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long engineFileFlushPerRecord() throws Exception {
        return run(csv, new SinkSpec.File(out, false, 1), ROWS);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long engineFileBatchedFlush() throws Exception {
        return run(csv, new SinkSpec.File(out, false, 1000), ROWS);
    }

    @Benchmark
    @OperationsPerInvocation(UDP_ROWS)
    public long engineUdpDatagrams() throws Exception {
        return run(udpCsv, new SinkSpec.Udp("127.0.0.1", receiver.getLocalPort()), UDP_ROWS);
    }

    static long run(Path file, SinkSpec sink, int expected) throws Exception {
        StreamEngine engine = new StreamEngine();
        engine.start(new StreamConfig(CsvOptions.of(file), false, false, 0, Pacing.asFastAsPossible(),
                RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP, List.of(sink)));
        if (!engine.awaitEnd(5, TimeUnit.MINUTES)) {
            engine.stop();
            throw new IllegalStateException("stream did not end");
        }
        StreamSnapshot s = engine.snapshot();
        if (s.sent() != expected || s.sinks().get(0).sent() != expected) {
            throw new IllegalStateException("sent " + s.sent() + " of " + expected + ": " + s.sinks());
        }
        return s.sent();
    }
}
