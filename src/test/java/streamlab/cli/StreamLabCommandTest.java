package streamlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StreamLabCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return StreamLabCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
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
