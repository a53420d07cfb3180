package streamlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import streamlab.testing.CliRun;

/** The command line's front door: every mistake in the input is one line, exit 2, in words a user knows. */
class CliFrontDoorTest {

    /** Java's names for types, which mean nothing to someone who typed "--limit abc". */
    private static final Pattern TYPE_WORDS = Pattern.compile(
            "\\b(int|long|double|float|Integer|Long|Double|Path|Charset|Duration)\\b|java\\.|Exception");

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        CliRun cli = new CliRun();
        int exit = cli.exec(args);
        return new Result(exit, cli.out.toString(), cli.err.toString());
    }

    private static String assertOneLineMistake(String... args) {
        Result r = run(args);
        String cmd = String.join(" ", args);
        assertEquals(2, r.exit(), cmd + "\n" + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), cmd + ": one line on stderr:\n" + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("streamlab"), line);
        assertTrue(line.contains("--help"), cmd + ": the line says where help is: " + line);
        assertFalse(TYPE_WORDS.matcher(line).find(), cmd + ": no Java type names: " + line);
        assertFalse(r.err().contains("Usage:"), cmd + ": no usage dump");
        assertFalse(r.err().contains("\tat "), cmd + ": no stack trace");
        return line;
    }

    @Test
    void everyMistakeThePickerFindsIsOneLineWithExitTwoAndAHelpHint() {
        String csv = dir.resolve("x.csv").toString();
        String[][] cases = {
            {"stream", csv, "--limt", "3"},                 // unknown option
            {"contention", "--threads", "many"},            // bad int
            {"contention", "--threads", "99999999999"},     // int too large
            {"stream", csv, "--limit", "abc"},              // bad long
            {"compare", "--drop", "lots"},                  // bad double
            {"compare", "--drop", "NaN"},                   // not a number anyone types
            {"compare", "--seed", "1.5"},                   // a fraction where a whole number goes
            {"listen", "udp"},                              // missing parameter
            {"listen", "udp", "x"},                         // bad int in a positional
            {"stream", csv, "--limit"},                     // missing option value
            {"stream"},                                     // missing file
            {"stream", csv, "other.csv"},                   // one argument too many
            {"strem", csv},                                 // unknown subcommand
            {"--no-such-option"},                           // unknown option at the top
            {"listen", "udp", "0", "--timeout", "soon"},    // bad duration
            {"send", "udp", "localhost:9", "x", "--interval", "5"},  // a duration without its unit
            {"contention", "--lock-kind", "mutex"},         // not one of the kinds
            {"contention", "--resource", "redis"},          // not one of the resources
            {"contention", "--lock", "maybe"},              // not on or off
            {"contention", "--threads", "65"},              // out of range
            {"help", "nothing"},                            // help for a command that does not exist
        };
        for (String[] args : cases) {
            assertOneLineMistake(args);
        }
    }

    @Test
    void aBadNumberIsNamedInWordsWithTheOption() {
        assertEquals("streamlab stream: --limit: 'abc' is not a whole number. See 'streamlab stream --help'.",
                assertOneLineMistake("stream", dir.resolve("x.csv").toString(), "--limit", "abc"));
        assertEquals("streamlab compare: --drop: 'lots' is not a number. See 'streamlab compare --help'.",
                assertOneLineMistake("compare", "--drop", "lots"));
        assertTrue(assertOneLineMistake("listen", "udp", "x").startsWith("streamlab listen: PORT: 'x' is not a whole"
                + " number."));
    }

    @Test
    void anUnknownOptionKeepsItsSuggestionOnTheSameLine() {
        String line = assertOneLineMistake("stream", dir.resolve("x.csv").toString(), "--limt", "3");
        assertTrue(line.startsWith("streamlab stream: unknown option '--limt' (did you mean --limit?)."), line);
    }

    @Test
    void anUnknownOrMissingCommandListsTheCommands() {
        String line = assertOneLineMistake("strem");
        assertTrue(line.startsWith("streamlab: 'strem' is not a command (did you mean stream"), line);
        assertTrue(line.contains("The commands are contention, stream, listen, send, compare, kafka or help."), line);

        Result none = run();
        assertEquals(2, none.exit());
        assertEquals("streamlab: name a command: contention, stream, listen, send, compare, kafka or help. "
                + "See 'streamlab --help'.", none.err().strip());
    }

    @Test
    void aHoldBeyondItsLimitSaysTooLongAndTheLimit() {
        String line = assertOneLineMistakeAllowingTooLong("contention", "--hold", "1h");
        assertTrue(line.startsWith("streamlab contention: --hold 1h is too long: the hold is 0 to 5s"), line);
        line = assertOneLineMistakeAllowingTooLong("contention", "--hold", "6s");
        assertTrue(line.contains("--hold 6s is too long: the hold is 0 to 5s"), line);
        line = assertOneLineMistakeAllowingTooLong("contention", "--busy-timeout", "2m");
        assertTrue(line.contains("--busy-timeout 2m is too long: the busy timeout is 0 to 60s"), line);
    }

    @Test
    void everyDurationOptionStatesItsUnitRule() {
        for (String option : new String[] {"--hold", "--busy-timeout"}) {
            String line = assertOneLineMistake("contention", option, "soon");
            assertTrue(line.contains(option + " 'soon' is not a duration"), line);
            assertTrue(line.contains("written as a number with a unit like"), line);
        }
        assertTrue(assertOneLineMistake("listen", "udp", "0", "--timeout", "soon")
                .contains("--timeout: 'soon' is not a duration: write a number with a unit: 500ms, 2s"));
        for (String[] args : new String[][] {
            {"contention", "--help"}, {"listen", "--help"}, {"send", "--help"}}) {
            Result help = run(args);
            assertFalse(help.out().contains("bare number"), help.out());
            assertTrue(help.out().replaceAll("\\s+", " ").contains("a number with a unit"), help.out());
        }
    }

    @Test
    void aBareNumberGetsTheSameNeedsAUnitHintInEveryCommand() {
        Object[][] cases = {
            {"300", new String[] {"contention", "--hold", "300"}},
            {"50", new String[] {"contention", "--busy-timeout", "50"}},
            {"2", new String[] {"stream", dir.resolve("x.csv").toString(), "--interval", "2"}},
            {"1", new String[] {"stream", dir.resolve("x.csv").toString(), "--interval", "1-3s"}},
            {"5", new String[] {"send", "udp", "localhost:9", "x", "--interval", "5"}},
            {"5", new String[] {"send", "tcp", "localhost:9", "x", "--timeout", "5"}},
            {"30", new String[] {"listen", "udp", "0", "--timeout", "30"}},
        };
        for (Object[] c : cases) {
            String n = (String) c[0];
            String[] args = (String[]) c[1];
            Result r = run(args);
            String cmd = String.join(" ", args);
            assertEquals(2, r.exit(), cmd + "\n" + r.err());
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), cmd + ": one line on stderr:\n" + r.err());
            assertTrue(lines.get(0).contains("'" + n + "' needs a unit: write " + n + "ms or " + n + "s."),
                    cmd + ": " + lines.get(0));
            assertFalse(r.err().contains("\tat "), cmd + ": no stack trace");
        }
    }

    @Test
    void zeroNeedsNoUnit() {
        assertEquals(0, run("contention", "--threads", "1", "--tasks", "1", "--hold", "0", "--json").exit());
    }

    @Test
    void controlCharactersTypedByTheUserAreShownAsEscapes() {
        String esc = "\u001b[31mred\u001b[0m";
        for (String[] args : new String[][] {
            {"stream", dir.resolve("x.csv").toString(), "--limit", esc},
            {"contention", "--lock", esc},
            {"contention", "--" + esc},
            {"contention", "--hold", "1\u0007"},
        }) {
            Result r = run(args);
            assertEquals(2, r.exit(), r.err());
            assertFalse(r.err().chars().anyMatch(c -> c == 0x1b || c == 0x07), "no raw control character: " + r.err());
            assertTrue(r.err().contains("\\e[31mred") || r.err().contains("1\\x07"), r.err());
            assertEquals(1, r.err().lines().count(), Arrays.toString(args) + ": " + r.err());
        }
    }

    @Test
    void anyGarbageInANumberOptionIsOneEscapedLine() {
        long seed = 20261130L;
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        String alphabet = "0123456789abcxyzABCXYZ_-+.,;:/\\'\" \u00e9\u001b\u0007\t\r\n\u202e\u0085";
        String[][] options = {{"contention", "--threads"}, {"contention", "--tasks"}, {"contention", "--kill"},
            {"stream", "x.csv", "--limit"}, {"compare", "--count"}, {"listen", "udp", "0", "--count"}};
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int k = 0; k < length; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            // A letter somewhere keeps every value from being a number, so nothing runs.
            b.insert(random.nextInt(b.length() + 1), (char) ('a' + random.nextInt(26)));
            String[] base = options[random.nextInt(options.length)];
            String[] args = Arrays.copyOf(base, base.length + 1);
            args[base.length] = b.toString();
            String what = "seed " + seed + ", case " + i + ": " + Arrays.toString(args);
            Result r = run(args);
            assertEquals(2, r.exit(), what + "\n" + r.err());
            assertEquals(1, r.err().lines().count(), what + "\n" + r.err());
            assertFalse(streamlab.text.Printable.needsEscape(r.err().strip()), what + ": " + r.err());
            assertFalse(TYPE_WORDS.matcher(r.err()).find(), what + ": " + r.err());
            assertTrue(r.err().contains("--help"), what + ": " + r.err());
        }
    }

    @Command(name = "pick")
    static final class EnumCommand implements Runnable {
        enum Colour { RED, GREEN }

        @Option(names = "--colour")
        Colour colour;

        @Override
        public void run() {
        }
    }

    @Test
    void aBadChoiceListsTheChoicesWithoutJavaWords() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new EnumCommand());
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler(ErrorHandlers::parameterError);
        assertEquals(2, cl.execute("--colour", "blue"));
        assertEquals("pick: --colour: 'blue' is not one of RED, GREEN. See 'pick --help'.", err.toString().strip());
    }

    private static String assertOneLineMistakeAllowingTooLong(String... args) {
        Result r = run(args);
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--help"), r.err());
        return r.err().strip();
    }
}
