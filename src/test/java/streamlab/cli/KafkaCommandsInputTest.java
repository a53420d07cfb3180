package streamlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.kafka.KafkaAdmin;
import streamlab.testing.CliRun;
import streamlab.testing.TestBroker;

/** Hostile input to the {@code kafka} commands: each mistake is one line naming the fix, exit code 2. */
class KafkaCommandsInputTest {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** Runs {@code kafka ARGS}, asserts exit code 2 and one line on standard error, and returns that line. */
    private static String mistake(String... args) {
        CliRun r = new CliRun();
        List<String> all = new ArrayList<>(List.of("kafka"));
        all.addAll(List.of(args));
        int code = r.exec(all.toArray(String[]::new));
        String err = r.err.toString();
        assertEquals(2, code, "exit code of " + all + "\nerr: " + err);
        assertEquals(1, err.lines().count(), "one line for " + all + ": " + err);
        assertFalse(err.contains("Exception") || err.contains("unexpected error"), err);
        return err.strip();
    }

    private static List<String> topics() throws Exception {
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            return admin.topics(false);
        }
    }

    @Test
    void aBootstrapHostThatDoesNotResolveIsOneLineWithinFiveSeconds() {
        for (List<String> command : List.of(List.of("topics"), List.of("groups"),
                List.of("consume", "--topic", "t", "--group", "g"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--bootstrap", "nohost.invalid:9092"));
            long t0 = System.nanoTime();
            String line = mistake(args.toArray(String[]::new));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("streamlab kafka " + command.get(0) + ": no host name in nohost.invalid:9092 resolves to an "
                    + "address; check the spelling, or give the right --bootstrap HOST:PORT.", line);
            assertTrue(ms < 5000, command + " took " + ms + " ms");
        }
    }

    @Test
    void aBootstrapWithAnEmptyEntryOrASpaceIsAnOptionError() {
        assertEquals("streamlab kafka topics: --bootstrap: '" + broker.bootstrap() + ",' has an empty entry; give "
                + "HOST:PORT, or several separated by commas, such as localhost:9092. "
                + "See 'streamlab kafka topics --help'.", mistake("topics", "--bootstrap", broker.bootstrap() + ","));
        assertEquals("streamlab kafka groups: --bootstrap: 'local host:9092' is not HOST:PORT; give the bootstrap "
                + "servers such as localhost:9092. See 'streamlab kafka groups --help'.",
                mistake("groups", "--bootstrap", "local host:9092"));
    }

    @Test
    void topicNamesKafkaRefusesAreOptionErrorsThatSayWhatItAccepts() throws Exception {
        String b = broker.bootstrap();
        String rule = "use letters, digits, '.', '_' and '-', at most 249 of them, and not '.' or '..'.";
        assertEquals("streamlab kafka topics: --create: give a topic name, such as readings. "
                + "See 'streamlab kafka topics --help'.", mistake("topics", "--create", "", "--bootstrap", b));
        assertEquals("streamlab kafka topics: --create: the topic name 'my topic' is not valid: " + rule
                + " See 'streamlab kafka topics --help'.", mistake("topics", "--create", "my topic", "--bootstrap", b));
        assertEquals("streamlab kafka topics: --delete: give a topic name, such as readings. "
                + "See 'streamlab kafka topics --help'.", mistake("topics", "--delete", " ", "--bootstrap", b));
        assertEquals("streamlab kafka topics: --recreate: the topic name 'a/b' is not valid: " + rule
                + " See 'streamlab kafka topics --help'.", mistake("topics", "--recreate", "a/b", "--bootstrap", b));
        assertEquals("streamlab kafka topics: --create: the topic name '" + "x".repeat(250) + "' is not valid: "
                + rule + " See 'streamlab kafka topics --help'.",
                mistake("topics", "--create", "x".repeat(250), "--bootstrap", b));
        assertEquals("streamlab kafka consume: --topic: the topic name 'my topic' is not valid: " + rule
                + " See 'streamlab kafka consume --help'.",
                mistake("consume", "--topic", "my topic", "--group", "g", "--bootstrap", b));
        assertEquals("streamlab kafka consume: --group needs a name, such as --group readers. "
                + "See 'streamlab kafka consume --help'.",
                mistake("consume", "--topic", "t", "--group", " ", "--bootstrap", b));
        assertEquals(List.of(), topics());
    }

    @Test
    void partitionCountsOutsideOneToTheLimitAreOptionErrorsAndCreateNothing() throws Exception {
        String b = broker.bootstrap();
        for (String n : List.of("-1", "0", "257", "100000")) {
            assertEquals("streamlab kafka topics: --partitions must be 1 to 256, not " + n + ". "
                    + "See 'streamlab kafka topics --help'.",
                    mistake("topics", "--create", "huge", "--partitions", n, "--bootstrap", b));
        }
        assertEquals("streamlab kafka topics: --partitions: 'abc' is not a whole number. "
                + "See 'streamlab kafka topics --help'.",
                mistake("topics", "--create", "huge", "--partitions", "abc", "--bootstrap", b));
        assertFalse(topics().contains("huge"));
    }

    @Test
    void countAndTimeoutMistakesAreOptionErrors() {
        String b = broker.bootstrap();
        String help = " See 'streamlab kafka consume --help'.";
        assertEquals("streamlab kafka consume: --count must be at least 1, not 0." + help,
                mistake("consume", "--topic", "t", "--group", "g", "--count", "0", "--bootstrap", b));
        assertEquals("streamlab kafka consume: --timeout: 'nonsense' is not a duration: write a number with a "
                + "unit: 500ms, 2s, 1.5m." + help,
                mistake("consume", "--topic", "t", "--group", "g", "--timeout", "nonsense", "--bootstrap", b));
        assertEquals("streamlab kafka consume: --timeout: '10' needs a unit: write 10ms or 10s." + help,
                mistake("consume", "--topic", "t", "--group", "g", "--timeout", "10", "--bootstrap", b));
        assertEquals("streamlab kafka consume: --timeout must be longer than 0." + help,
                mistake("consume", "--topic", "t", "--group", "g", "--timeout", "0", "--bootstrap", b));
    }

    @Test
    void aBrokerDataFolderThatIsAFileOrAPortOutOfRangeIsOneLine(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        int port = TestBroker.freePort();
        assertEquals("streamlab kafka broker: " + file.toAbsolutePath() + " is a file, not a folder; give the broker "
                + "a folder of its own with --dir.",
                mistake("broker", "--port", String.valueOf(port), "--dir", file.toString()));
        assertEquals("mine", Files.readString(file));
        assertEquals("streamlab kafka broker: --port must be 1 to 65535, not 70000. "
                + "See 'streamlab kafka broker --help'.", mistake("broker", "--port", "70000"));
    }
}
