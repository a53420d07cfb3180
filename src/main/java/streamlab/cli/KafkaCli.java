package streamlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LifeCycle;
import org.apache.logging.log4j.core.impl.Log4jContextFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.kafka.KafkaUnavailableException;
import streamlab.text.Printable;

/** Stateless, thread-safe. What the {@code kafka} commands share: the bootstrap option, errors and JSON. */
final class KafkaCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaCli() {
    }

    /** {@code --bootstrap HOST:PORT}, checked before anything connects. */
    static final class Bootstrap {
        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = KafkaClients.DEFAULT_BOOTSTRAP,
                description = "The Kafka cluster (default: ${DEFAULT-VALUE}, the built-in broker).")
        String value;

        /** The bootstrap servers, or an option error (exit 2) naming the expected form. */
        String checked() {
            try {
                return KafkaClients.checkBootstrap(value);
            } catch (IllegalArgumentException e) {
                throw new CliErrors.OptionError("--bootstrap: " + Printable.escape(e.getMessage()), e);
            }
        }

        /** Connects within five seconds, or a user error (exit 2) saying Kafka is not reachable and how to fix it. */
        KafkaAdmin connect() {
            String b = checked();
            try {
                return KafkaAdmin.connect(b);
            } catch (KafkaUnavailableException e) {
                throw userError(e);
            }
        }
    }

    /** The topic name of {@code option}, trimmed, or an option error (exit 2) that names what Kafka accepts. */
    static String topic(String option, String name) {
        try {
            return KafkaClients.checkTopic(name);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.OptionError(option + ": " + Printable.escape(e.getMessage()) + ".", e);
        }
    }

    /**
     * Kafka not reachable, an unknown topic, a topic that exists already, a bad topic name: each message names the
     * fix, and each is something the user can put right, so exit 2, as for a TCP target where nobody listens.
     */
    static CliErrors.UserError userError(KafkaUnavailableException e) {
        return new CliErrors.UserError(Printable.escape(e.getMessage()), e);
    }

    /** Prints one line naming the command and a failure of the run (exit 1), and returns {@link CliErrors#FAILED}. */
    static int failed(CommandLine cl, String message) {
        PrintWriter err = cl.getErr();
        String text = message.strip();
        err.println(Printable.escape(cl.getCommandSpec().qualifiedName() + ": " + text
                + (text.endsWith(".") ? "" : ".")));
        err.flush();
        return CliErrors.FAILED;
    }

    /**
     * Stops log4j's own shutdown hook, so Kafka's threads can still log while Ctrl-C stops them (otherwise log4j
     * stops first, and its status logger prints a warning on the console); the command's own hook shuts log4j
     * down after them. False if log4j is not the logging back end, or not in its usual set-up.
     */
    static boolean takeOverLogShutdown() {
        // The context first, so that it has registered with the hook before the hook goes.
        LogManager.getContext(false);
        if (LogManager.getFactory() instanceof Log4jContextFactory f
                && f.getShutdownCallbackRegistry() instanceof LifeCycle registry) {
            registry.stop();
            return true;
        }
        return false;
    }

    /** One line of JSON. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }
}
