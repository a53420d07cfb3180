package streamlab.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * The settings every StreamLab Kafka client shares: bootstrap checks, short timeouts and quiet reconnects, so an
 * unreachable cluster gives one message within seconds instead of endless retries. Stateless.
 */
public final class KafkaClients {

    /** What every view and command uses unless told otherwise. */
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    /** How long a first contact may take before the user hears that Kafka is unreachable. */
    public static final Duration REACH_DEADLINE = Duration.ofSeconds(5);
    /**
     * The most partitions StreamLab creates in one topic: on a lab machine a topic of 1,000 partitions takes longer
     * to create and list than {@link #REACH_DEADLINE}, and Kafka refuses 10,000 in one request.
     */
    public static final int MAX_PARTITIONS = 256;

    private KafkaClients() {
    }

    /**
     * Returns {@code bootstrap} trimmed if it is a comma-separated list of HOST:PORT; otherwise throws
     * IllegalArgumentException with a message that names the expected form.
     */
    public static String checkBootstrap(String bootstrap) {
        String b = bootstrap == null ? "" : bootstrap.strip();
        if (b.isEmpty()) {
            throw new IllegalArgumentException("give the Kafka bootstrap servers as HOST:PORT, such as "
                    + DEFAULT_BOOTSTRAP);
        }
        // -1 keeps a trailing empty entry ("localhost:9092,"), which Kafka's own check refuses with a stack trace.
        for (String part : b.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("'" + b + "' has an empty entry; give HOST:PORT, or several "
                        + "separated by commas, such as " + DEFAULT_BOOTSTRAP);
            }
            int colon = p.lastIndexOf(':');
            if (colon <= 0 || colon == p.length() - 1 || p.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("'" + p + "' is not HOST:PORT; give the bootstrap servers such as "
                        + DEFAULT_BOOTSTRAP);
            }
            int port;
            try {
                port = Integer.parseInt(p.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + p + "' has no port number; give HOST:PORT, such as "
                        + DEFAULT_BOOTSTRAP);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " in '" + p + "' is outside 1-65535");
            }
        }
        return b;
    }

    /**
     * Returns {@code name} trimmed if Kafka accepts it as a topic name; otherwise throws IllegalArgumentException with
     * a message that names the problem and the allowed characters.
     */
    public static String checkTopic(String name) {
        String t = name == null ? "" : name.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("give a topic name, such as readings");
        }
        try {
            Topic.validate(t);
        } catch (InvalidTopicException e) {
            throw new IllegalArgumentException("the topic name '" + t + "' is not valid: use letters, digits, '.', "
                    + "'_' and '-', at most 249 of them, and not '.' or '..'", e);
        }
        return t;
    }

    /** Returns {@code n} if it is a partition count StreamLab creates, 1 to {@link #MAX_PARTITIONS}; else throws. */
    public static int checkPartitions(int n) {
        if (n < 1 || n > MAX_PARTITIONS) {
            throw new IllegalArgumentException("a topic needs 1 to " + MAX_PARTITIONS + " partitions, not " + n);
        }
        return n;
    }

    /** Settings shared by producers, consumers and admin clients of StreamLab. */
    public static Map<String, Object> common(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, checkBootstrap(bootstrap));
        c.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 200);
        c.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 3000);
        c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5000);
        return c;
    }

    /** An admin client whose calls give up after {@link #REACH_DEADLINE} unless told otherwise. */
    public static Admin admin(String bootstrap) {
        return Admin.create(adminConfig(bootstrap, "streamlab-admin", (int) REACH_DEADLINE.toMillis()));
    }

    /** {@link #common} for an admin client named {@code clientId} whose calls and requests give up after {@code ms}. */
    public static Map<String, Object> adminConfig(String bootstrap, String clientId, int ms) {
        Map<String, Object> c = common(bootstrap);
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        return c;
    }

    /**
     * {@link #common} for a consumer named {@code clientId} that commits only when told, never brings a deleted topic
     * back through the broker's auto-create, and whose blocking calls give up after {@link #REACH_DEADLINE}.
     */
    public static Map<String, Object> consumerConfig(String bootstrap, String clientId) {
        Map<String, Object> c = common(bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REACH_DEADLINE.toMillis());
        return c;
    }

    /**
     * Throws, within {@link #REACH_DEADLINE}, with a message naming the bootstrap and the fix, if Kafka is not there.
     */
    public static void requireReachable(Admin admin, String bootstrap) throws KafkaUnavailableException {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) REACH_DEADLINE.toMillis()))
                    .clusterId().get(REACH_DEADLINE.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while reaching Kafka at " + bootstrap, e);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(bootstrap, e);
        }
    }

    /**
     * The message for bootstrap servers none of whose host names resolve: no client can be made, so this comes at
     * once rather than after {@link #REACH_DEADLINE}.
     */
    public static KafkaUnavailableException unresolvable(String bootstrap, Throwable cause) {
        return new KafkaUnavailableException("no host name in " + bootstrap + " resolves to an address; check the "
                + "spelling, or give the right --bootstrap HOST:PORT", cause);
    }

    /** The one message for a cluster that does not answer. */
    public static KafkaUnavailableException unreachable(String bootstrap, Throwable cause) {
        return new KafkaUnavailableException("cannot reach Kafka at " + bootstrap + " within "
                + REACH_DEADLINE.toSeconds() + " s; start the built-in broker (streamlab kafka broker, or Start in "
                + "the Kafka tab) or give the right --bootstrap HOST:PORT", cause);
    }
}
