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
            CommandLine.HelpCommand.class
        })
public final class StreamLabCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** Builds the configured command line, so tests can capture its output. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new StreamLabCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(StreamLabCommand::shortError);
        cl.setExecutionExceptionHandler(StreamLabCommand::executionError);
        return cl;
    }

    /** Runs the command line and returns its exit code: 0 done, 1 a failed run, 2 a usage or input error. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return commandLine(out, err).execute(args);
    }

    private static int shortError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("streamlab: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        cl.usage(err, cl.getColorScheme());
        return CliErrors.USAGE;
    }

    private static int executionError(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        if (ex instanceof CliErrors.UserError userError) {
            err.println("streamlab " + cl.getCommandName() + ": " + userError.getMessage());
            return CliErrors.USAGE;
        }
        // A fault of StreamLab itself, not of the user's input: keep the trace for a bug report.
        err.println("streamlab " + cl.getCommandName() + ": unexpected error: " + ex);
        ex.printStackTrace(err);
        return CliErrors.FAILED;
    }
}
