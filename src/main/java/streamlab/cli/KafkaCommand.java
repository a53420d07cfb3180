package streamlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code streamlab kafka}: the built-in broker, topics, a consumer and consumer groups. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = {"Run the built-in Kafka broker and work with topics, consumers and consumer groups.",
            "Every command but 'broker' talks to --bootstrap HOST:PORT (default: localhost:9092); a cluster that does "
            + "not answer within 5 s is one line and exit code 2.",
            "Exit codes: 0 done, 1 the run failed (a consumer timed out, the broker stopped with an error), 2 a "
            + "mistake you can fix (an option, an unknown topic, a port in use, Kafka not reachable)."},
        subcommands = {
            KafkaBrokerCommand.class,
            KafkaTopicsCommand.class,
            KafkaConsumeCommand.class,
            KafkaGroupsCommand.class
        })
public final class KafkaCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a kafka command: " + ErrorHandlers.commands(spec.commandLine()));
    }
}
