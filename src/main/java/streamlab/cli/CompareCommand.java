package streamlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code streamlab compare}: Send numbered messages over UDP and TCP and compare what arrives. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Send numbered messages over UDP and TCP and compare what arrives.")
public final class CompareCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliErrors.UserError("'compare' is not available in this version of StreamLab yet.");
    }
}
