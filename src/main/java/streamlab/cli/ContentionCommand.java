package streamlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code streamlab contention}: Run threads against a shared counter or SQLite database. */
@Command(name = "contention", mixinStandardHelpOptions = true, description = "Run threads against a shared counter or SQLite database.")
public final class ContentionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliErrors.UserError("'contention' is not available in this version of StreamLab yet.");
    }
}
