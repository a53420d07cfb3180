package streamlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code streamlab listen}: Receive UDP datagrams or TCP messages and print one line each. */
@Command(name = "listen", mixinStandardHelpOptions = true, description = "Receive UDP datagrams or TCP messages and print one line each.")
public final class ListenCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliErrors.UserError("'listen' is not available in this version of StreamLab yet.");
    }
}
