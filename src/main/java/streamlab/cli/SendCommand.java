package streamlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code streamlab send}: Send messages over UDP or TCP. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Send messages over UDP or TCP.")
public final class SendCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliErrors.UserError("'send' is not available in this version of StreamLab yet.");
    }
}
