package streamlab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** The {@code streamlab} command line: one subcommand per engine. */
@Command(
        name = "streamlab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "StreamLab: concurrency, shared resources, streams and sockets, made visible.",
            "Run without arguments to open the window."
        },
        subcommands = {
            ContentionCommand.class,
            StreamCommand.class,
            ListenCommand.class,
            SendCommand.class,
            CompareCommand.class,
            KafkaCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StreamLabCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command: " + ErrorHandlers.commands(spec.commandLine()));
    }

    /** Builds the configured command line, so tests can capture its output. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new StreamLabCommand());
        cl.setOut(out);
        cl.setErr(err);
        // An enum option without a converter of ours takes its constants in any case, as ours do.
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        Converters.registerAll(cl);
        cl.setParameterExceptionHandler(ErrorHandlers::parameterError);
        cl.setExecutionExceptionHandler(ErrorHandlers::executionError);
        return cl;
    }

    /** Runs the command line and returns its exit code: 0 done, 1 a failed run, 2 a mistake in the input. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return execute(commandLine(out, err), args);
    }

    /**
     * Executes {@code cl}; an {@link Error} such as OutOfMemoryError, which picocli lets through, is reported like
     * any other fault of StreamLab.
     */
    public static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            CommandLine.ParseResult parsed = cl.getParseResult();
            while (parsed != null && parsed.hasSubcommand()) {
                parsed = parsed.subcommand();
            }
            String who = parsed != null ? parsed.commandSpec().qualifiedName() : cl.getCommandName();
            return ErrorHandlers.crash(t, who, cl.getErr());
        }
    }
}
