package streamlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import streamlab.StreamLabInfo;
import streamlab.kafka.KafkaClients;
import streamlab.stream.SinkSpec;
import streamlab.stream.SinkStats;
import streamlab.stream.StreamConfig;
import streamlab.stream.StreamConfigBuilder;
import streamlab.stream.StreamEngine;
import streamlab.stream.StreamEvent;
import streamlab.stream.StreamInputException;
import streamlab.stream.StreamSnapshot;
import streamlab.stream.StreamState;
import streamlab.text.Printable;

/** {@code streamlab stream}: Replay a CSV file as a stream into a file, UDP, TCP, Kafka or the log. */
@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a CSV file as a stream into a file, UDP, TCP, Kafka or the log.",
            "Prints one line per record. Ctrl-C stops cleanly; the output file then holds whole lines only."},
        footer = {"", "Examples:",
            "  streamlab stream data/batchfile_0_farenheit.csv --reverse --udp",
            "  streamlab stream data/messy-sample.csv --interval 0 --format json --bad-rows send",
            "  streamlab stream data/batchfile_0_farenheit.csv --format \"{Time} {TempF}F\" --limit 10 --log",
            "  streamlab stream data/batchfile_0_farenheit.csv --interval 0 --kafka --topic readings --key Month"
                    + " --partitions 3",
            "", "Exit codes: 0 end of file or limit reached, 1 the run failed (or an output lost records),",
            "2 bad file or option, 141 standard output closed by its reader (for example | head)."})
public final class StreamCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The CSV file to replay.")
    Path file;

    @Option(names = "--out", paramLabel = "PATH", description = "Output file (default: out/out9.txt).")
    Path out;

    @Option(names = "--append", description = "Append to the output file instead of replacing it.")
    boolean append;

    @Option(names = "--no-file", description = "Do not write the output file.")
    boolean noFile;

    @Option(names = "--flush-every", paramLabel = "N", defaultValue = "0",
            description = "Hold at most N records before writing them to the file (1 = each record alone). Default:"
                    + " 0, auto: a paced record is written at once, records due back to back are written together"
                    + " at least every 10 ms. The file holds whole lines only either way.")
    int flushEvery;

    @Option(names = "--udp", paramLabel = "HOST:PORT", arity = "0..1", fallbackValue = "localhost:9999",
            description = "Also send one UDP datagram per record (default target: localhost:9999).")
    String udp;

    @Option(names = "--tcp", paramLabel = "HOST:PORT",
            description = "Also send newline-framed records over TCP. Something must listen there at the start"
                    + " (for example streamlab listen tcp PORT); if the connection drops later, it reconnects with"
                    + " backoff and counts the records lost meanwhile as failed (exit 1).")
    String tcp;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", arity = "0..1", fallbackValue = "localhost:9092",
            description = "Also send one Kafka message per record to --topic (default bootstrap: localhost:9092)."
                    + " Kafka must answer at the start; a missing topic is created. A record Kafka does not"
                    + " acknowledge within 30 s is named and fails the run (exit 1).")
    String kafka;

    @Option(names = "--topic", paramLabel = "NAME", description = "The Kafka topic (with --kafka).")
    String topic;

    @Option(names = "--key", paramLabel = "COLUMN",
            description = "Key each Kafka message by this column's value: the same key always goes to the same"
                    + " partition. Default: no key, the records go to the partitions in turn.")
    String key;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of a topic that --kafka has to create (default: 1; an existing topic keeps"
                    + " its own).")
    Integer partitions;

    @Option(names = "--log", description = "Also log each record to the logger streamlab.stream.")
    boolean log;

    @Option(names = "--interval", paramLabel = "SPEC", defaultValue = "1s-3s",
            description = "Wait between records, each a number with a unit: 1s-3s (random, the default), 2s, 500ms,"
                    + " or 0 (as fast as possible).")
    String interval;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "1",
            description = "Divide every wait by this factor (2 = twice as fast).")
    double speed;

    @Option(names = "--timestamp-column", paramLabel = "COLUMN",
            description = "Pace by the real gaps between this column's timestamps instead of --interval.")
    String timestampColumn;

    @Option(names = "--reverse", description = "Play the rows last to first (a newest-first file plays oldest-first).")
    boolean reverse;

    @Option(names = "--loop", description = "Start again at the end, forever (stop with Ctrl-C or --limit).")
    boolean loop;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Stop after N records (default: 0, no limit).")
    long limit;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "A template with {Column} names, 'csv' (the raw line) or 'json'."
                    + " Default: all columns as [v1, v2, ...].")
    String format;

    @Option(names = "--no-header", description = "The first row is data, not column names (columns: Column1..N).")
    boolean noHeader;

    @Option(names = "--delimiter", paramLabel = "C",
            description = "Field separator: , ; | or tab, or another punctuation character such as : ^ ~ #"
                    + " (default: detected).")
    String delimiter;

    @Option(names = "--charset", paramLabel = "NAME", defaultValue = "UTF-8",
            description = "Text encoding of the file (default: UTF-8).")
    Charset charset;

    @Option(names = "--bad-rows", paramLabel = "skip|send", defaultValue = "skip",
            description = "Rows with the wrong number of fields: skip (default) or send. Either way they are"
                    + " reported on stderr with their line number.")
    StreamConfig.BadRows badRows;

    @Option(names = "--quiet", description = "Do not print a line per record, only problems and the summary.")
    boolean quiet;

    /** The exit status of a run whose standard output was closed by its reader ({@code | head}): 128 + SIGPIPE. */
    static final int BROKEN_PIPE = 141;
    /** A wait longer than this between records shows a countdown on a terminal. */
    private static final long COUNTDOWN_FROM_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** How often buffered console lines are written out and the countdown is refreshed. */
    private static final long CONSOLE_TICK_MS = 50;

    @Override
    public Integer call() throws InterruptedException {
        StreamConfig config = config();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        // On a terminal each line shows at once; into a file or a pipe, lines are buffered and written out by the
        // console thread at least every CONSOLE_TICK_MS, which is what makes the default run fast.
        boolean buffered = System.console() == null;
        String targets = Printable.escape(String.join(", ", config.sinks().stream().map(StreamCommand::describe)
                .toList()));
        StreamEngine engine = new StreamEngine();
        Run run = new Run(engine, stdout, stderr, buffered, stderrIsTerminal());
        engine.setListener(event -> run.onEvent(event, targets));
        // Ctrl-C or SIGTERM: stop the engine (no partial line, the file closed), then print the summary whole. The
        // main thread may be printing it at the same moment: finish() prints it exactly once, and the hook waits.
        // The hook is in place before the first record can reach stdout, so no signal finds output without it.
        Thread hook = new Thread(() -> {
            engine.stop();
            run.finish();
        }, "stream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try {
                engine.start(config);
            } catch (StreamInputException e) {
                run.abandon();
                // Kafka's own advice names the kafka commands' option; here the bootstrap is given with --kafka.
                throw new CliErrors.UserError(e.getMessage().replace("--bootstrap HOST:PORT", "--kafka=HOST:PORT"));
            }
            Thread console = new Thread(run::consoleLoop, "stream-console");
            console.setDaemon(true);
            console.start();
            while (!engine.awaitEnd(1, TimeUnit.SECONDS)) {
                // keep waiting; the engine ends at the end of the file, the limit, a closed pipe or Ctrl-C
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running; finish() below waits for it or runs first
            }
        }
        return run.finish();
    }

    /** Thread-safe. The console side of one run: record lines, problems, the countdown and the summary. */
    private final class Run {
        private final StreamEngine engine;
        private final PrintWriter stdout;
        private final PrintWriter stderr;
        private final boolean buffered;
        private final boolean countdown;
        /** Guards the countdown line on stderr, so a record line never lands after it on the same row. */
        private final Object screen = new Object();
        /** Guarded by {@link #screen}: seconds shown in the countdown, or -1 when none is shown. */
        private long shownSeconds = -1;
        /** Guarded by this: the summary was printed; its exit code. */
        private boolean finished;
        private int exitCode;
        private final AtomicLong sinkErrors = new AtomicLong();
        private volatile boolean brokenPipe;
        /** Confined to the engine thread: the record line being built. */
        private final StringBuilder line = new StringBuilder(256);
        /** Confined to the engine thread. */
        private char[] chars = new char[256];
        private volatile boolean ended;

        Run(StreamEngine engine, PrintWriter stdout, PrintWriter stderr, boolean buffered, boolean countdown) {
            this.engine = engine;
            this.stdout = stdout;
            this.stderr = stderr;
            this.buffered = buffered;
            this.countdown = countdown;
        }

        /** On the engine thread. */
        void onEvent(StreamEvent event, String targets) {
            if (event instanceof StreamEvent.Sent s && !quiet) {
                if (buffered) {
                    // One reused buffer instead of a String per record: at interval 0 this line is the hot path.
                    line.setLength(0);
                    line.append("Sent: ").append(Printable.escape(s.message())).append(" to ").append(targets)
                            .append(System.lineSeparator());
                    if (chars.length < line.length()) {
                        chars = new char[line.length() * 2];
                    }
                    line.getChars(0, line.length(), chars, 0);
                    stdout.write(chars, 0, line.length());
                } else {
                    String line = "Sent: " + Printable.escape(s.message()) + " to " + targets;
                    synchronized (screen) {
                        clearCountdown();
                        stdout.println(line);
                    }
                }
            } else if (event instanceof StreamEvent.BadRow b) {
                problem("bad row at " + b.describe());
            } else if (event instanceof StreamEvent.SinkFailed f) {
                long n = sinkErrors.incrementAndGet();
                if (n <= 10 || n % 1000 == 0) {
                    problem(f.sink() + " failed for record " + f.seq() + ": " + f.error()
                            + (n == 10 ? " (further errors are counted, one line per 1000)" : ""));
                }
            } else if (event instanceof StreamEvent.Behind b && b.seq() % 10 == 1) {
                problem("behind schedule by " + b.lagMillis() + " ms at record " + b.seq()
                        + " (a sink cannot keep up with the pace)");
            } else if (event instanceof StreamEvent.WaitCapped w) {
                problem("the timestamp gap before record " + w.seq() + " is " + w.gapSeconds() + " s; waiting "
                        + w.waitedSeconds() + " s, the longest wait, instead");
            }
        }

        private void problem(String text) {
            synchronized (screen) {
                clearCountdown();
                stderr.println("streamlab stream: " + Printable.escape(text));
            }
        }

        /** Guarded by {@link #screen}. */
        private void clearCountdown() {
            if (shownSeconds >= 0) {
                stderr.print("\r\033[K");
                stderr.flush();
                shownSeconds = -1;
            }
        }

        /** On the console thread: writes buffered lines out, notices a closed pipe, refreshes the countdown. */
        void consoleLoop() {
            while (!ended) {
                try {
                    if (engine.awaitEnd(CONSOLE_TICK_MS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                // checkError() flushes, and reports the error that PrintWriter and System.out otherwise swallow.
                if (stdout.checkError()) {
                    brokenPipe = true;
                    engine.stop();
                    return;
                }
                if (countdown) {
                    long next = engine.snapshot().nextInNanos();
                    synchronized (screen) {
                        if (next > COUNTDOWN_FROM_NANOS) {
                            long seconds = TimeUnit.NANOSECONDS.toSeconds(next + 999_999_999L);
                            if (seconds != shownSeconds) {
                                stderr.print("\rnext record in " + seconds + " s\033[K");
                                stderr.flush();
                                shownSeconds = seconds;
                            }
                        } else {
                            clearCountdown();
                        }
                    }
                }
            }
        }

        /** The run never started (a refused start): there is no summary to print, from the hook either. */
        synchronized void abandon() {
            finished = true;
            exitCode = CliErrors.USAGE;
        }

        /**
         * Prints the summary exactly once, from the main thread or the shutdown hook, whichever comes first; the
         * other waits for it and gets the same exit code.
         */
        synchronized int finish() {
            if (finished) {
                return exitCode;
            }
            ended = true;
            synchronized (screen) {
                clearCountdown();
            }
            StreamSnapshot s = engine.snapshot();
            if (stdout.checkError() || brokenPipe) {
                // The reader went away (| head): nothing left to tell it, and no error either.
                finished = true;
                exitCode = BROKEN_PIPE;
                return exitCode;
            }
            String word = switch (s.state()) {
                case FAILED -> "Failed";
                case FINISHED -> "Done";
                default -> "Stopped";
            };
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%s: %d records in %.1f s (%.1f records/s)%s%n", word, s.sent(),
                    s.elapsedNanos() / 1e9, s.rate(), s.badRows() > 0 ? ", " + s.badRows() + " bad rows"
                            + (s.skipped() > 0 ? " skipped" : " sent") : ""));
            List<String> failedOutputs = new ArrayList<>();
            for (SinkStats st : s.sinks()) {
                b.append(String.format(Locale.ROOT, "  %s: %d sent, %d failed%s%s%n", Printable.escape(st.name()),
                        st.sent(), st.failed(),
                        st.dropped() > 0 ? " (" + st.dropped() + " dropped while disconnected)" : "",
                        st.failed() > 0 ? ": " + Printable.escape(st.lastError()) : ""));
                if (st.failed() > 0) {
                    failedOutputs.add(st.name() + " (" + st.failed() + " records: " + st.lastError() + ")");
                }
            }
            // One write, so a signal arriving now cannot leave half a summary.
            stdout.print(b);
            stdout.flush();
            if (s.state() == StreamState.FAILED) {
                stderr.println("streamlab stream: " + Printable.escape(s.error()));
                exitCode = CliErrors.FAILED;
            } else if (!failedOutputs.isEmpty()) {
                stderr.println("streamlab stream: the run failed: " + Printable.escape(String.join(", ",
                        failedOutputs)));
                exitCode = CliErrors.FAILED;
            } else {
                exitCode = CliErrors.OK;
            }
            stderr.flush();
            finished = true;
            return exitCode;
        }
    }

    /** True when stderr is a terminal (Linux: its file descriptor links to a tty); false when unknown. */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    StreamConfig config() {
        return parse(() -> {
            StreamConfigBuilder b = new StreamConfigBuilder(file).charset(charset).header(!noHeader)
                    .delimiter(delimiter).pacing(interval, timestampColumn, speed, "--speed").reverse(reverse)
                    .loop(loop).limit(limit, "--limit");
            if (!noFile) {
                b.file(out != null ? out : StreamLabInfo.outDir().resolve("out9.txt"), append, flushEvery,
                        "--flush-every");
            }
            b.format(format).badRows(badRows);
            if (udp != null) {
                b.udp(udp, "--udp");
            }
            if (tcp != null) {
                b.tcp(tcp, true, "--tcp");
            }
            if (kafka != null) {
                if (topic == null || topic.isBlank()) {
                    throw new IllegalArgumentException("--kafka needs --topic NAME: the topic to write to, such as"
                            + " --topic readings.");
                }
                if (partitions != null && (partitions < 1 || partitions > KafkaClients.MAX_PARTITIONS)) {
                    throw new IllegalArgumentException("--partitions must be 1 to " + KafkaClients.MAX_PARTITIONS
                            + ", not " + partitions + ".");
                }
                b.kafka(kafka, topic, key, partitions == null ? 1 : partitions, true, "--kafka");
            } else if (topic != null || key != null || partitions != null) {
                throw new IllegalArgumentException((topic != null ? "--topic" : key != null ? "--key"
                        : "--partitions") + " is for the Kafka output: add --kafka (localhost:9092) or"
                        + " --kafka=HOST:PORT.");
            }
            if (log) {
                b.log();
            }
            if (!b.hasSinks()) {
                throw new IllegalArgumentException("--no-file leaves no output. Add --udp, --tcp, --kafka or --log.");
            }
            return b.build();
        });
    }

    private static String describe(SinkSpec s) {
        if (s instanceof SinkSpec.File f) {
            return f.file().toString();
        } else if (s instanceof SinkSpec.Udp u) {
            return "udp " + u.host() + ":" + u.port();
        } else if (s instanceof SinkSpec.Tcp t) {
            return "tcp " + t.host() + ":" + t.port();
        } else if (s instanceof SinkSpec.Kafka k) {
            return "kafka " + k.bootstrap() + " " + k.topic();
        }
        return "log";
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage());
        }
    }
}
