package streamlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code streamlab stream}: Replay a CSV file as a stream into a file, UDP, TCP or the log. */
@Command(name = "stream", mixinStandardHelpOptions = true, description = "Replay a CSV file as a stream into a file, UDP, TCP or the log.")
public final class StreamCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliErrors.UserError("'stream' is not available in this version of StreamLab yet.");
    }
}
