package streamlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import streamlab.testing.CliRun;

class StreamLabCommandTest {

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.exec(args);
    }

    @Test
    void helpListsOneSubcommandPerEngine() {
        assertEquals(0, run("--help"));
        String help = out.toString();
        for (String sub : new String[] {"contention", "stream", "listen", "send", "compare"}) {
            assertTrue(help.contains(sub), "help names " + sub + ":\n" + help);
        }
    }

    @Test
    void versionNamesStreamLabAndJava() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("StreamLab "), out.toString());
        assertTrue(out.toString().contains("Java " + System.getProperty("java.version")), out.toString());
    }

    @Test
    void mistakenOptionGivesOneLineErrorWithAHelpHintAndExitCodeTwo() {
        assertEquals(2, run("--no-such-option"));
        assertEquals("streamlab: unknown option '--no-such-option'. See 'streamlab --help'.", err.toString().strip());
    }

    @Test
    void missingSubcommandIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err.toString().startsWith("streamlab: name a command: contention, stream"), err.toString());
    }
}
