package streamlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import streamlab.net.ExperimentConfig;
import streamlab.net.ExperimentResult;
import streamlab.net.NetError;
import streamlab.net.ProtocolResult;
import streamlab.net.UdpVsTcpExperiment;

/** {@code streamlab compare}: Send numbered messages over UDP and TCP and compare what arrives. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Send numbered messages over UDP and TCP to StreamLab's own loopback listeners (or to "
            + "--udp-to/--tcp-to) and compare what arrives: delivered, lost, duplicated, out of order, time.",
            "--drop and --reorder simulate a lossy link for UDP; the output then says 'simulated'.",
            "Exit codes: 0 done (losses are results, not failures), 2 for a usage or network error."})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10000",
            description = "Messages per protocol (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--drop", paramLabel = "P", defaultValue = "0",
            description = "Simulated UDP loss in percent, 0 to 100 (default: ${DEFAULT-VALUE}).")
    double drop;

    @Option(names = "--reorder", paramLabel = "Q", defaultValue = "0",
            description = "Simulated UDP reordering in percent, 0 to 100 (default: ${DEFAULT-VALUE}).")
    double reorder;

    @Option(names = "--rate", paramLabel = "PER_S", defaultValue = "0",
            description = "Messages per second; 0 sends as fast as possible (default).")
    int rate;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the simulated link, to repeat a run exactly (default: a new random seed each run, "
                    + "printed with the results).")
    Long seed;

    @Option(names = "--udp-to", paramLabel = "HOST:PORT", description = "Send UDP there (arrivals not counted).")
    String udpTarget;

    @Option(names = "--tcp-to", paramLabel = "HOST:PORT", description = "Send TCP there (arrivals not counted).")
    String tcpTarget;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        ExperimentResult r;
        long linkSeed = seed != null ? seed
                : java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
        try {
            r = UdpVsTcpExperiment.run(new ExperimentConfig(count, rate, drop, reorder, linkSeed, udpTarget,
                    tcpTarget));
        } catch (NetError e) {
            throw NetCli.userError(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("udp", fields(r.udp()));
            root.put("tcp", fields(r.tcp()));
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("simulated", r.simulated());
            link.put("dropPercent", drop);
            link.put("reorderPercent", reorder);
            link.put("seed", linkSeed);
            link.put("simulatedDrops", r.udp().simulatedDrops());
            link.put("simulatedReorders", r.udp().simulatedReorders());
            root.put("udpLink", link);
            out.println(new ObjectMapper().writeValueAsString(root));
        } else {
            out.print(table(r));
        }
        out.flush();
        return CliErrors.OK;
    }

    private static Map<String, Object> fields(ProtocolResult p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", p.sent());
        m.put("delivered", p.counted() ? p.delivered() : null);
        m.put("lost", p.counted() ? p.lost() : null);
        m.put("duplicated", p.duplicated());
        m.put("outOfOrder", p.outOfOrder());
        m.put("ms", p.ms());
        return m;
    }

    static String table(ExperimentResult r) {
        StringBuilder b = new StringBuilder();
        String fmt = "%-14s %12s %12s%n";
        b.append(String.format(Locale.ROOT, fmt, "", "UDP", "TCP"));
        row(b, fmt, "sent", r.udp().sent(), r.tcp().sent());
        row(b, fmt, "delivered", r.udp().delivered(), r.tcp().delivered());
        row(b, fmt, "lost", r.udp().lost(), r.tcp().lost());
        row(b, fmt, "duplicated", r.udp().duplicated(), r.tcp().duplicated());
        row(b, fmt, "out of order", r.udp().outOfOrder(), r.tcp().outOfOrder());
        row(b, fmt, "ms", r.udp().ms(), r.tcp().ms());
        row(b, fmt, "msg/s", Math.round(r.udp().perSecond()), Math.round(r.tcp().perSecond()));
        if (r.simulated()) {
            b.append(String.format(Locale.ROOT, "UDP went through a SIMULATED lossy link: drop %s%%, reorder %s%% "
                    + "(seed %d): %d dropped and %d reordered on purpose.%n", num(r.config().dropPercent()),
                    num(r.config().reorderPercent()), r.config().seed(), r.udp().simulatedDrops(),
                    r.udp().simulatedReorders()));
        } else {
            b.append("No simulation: any UDP loss above is real (for example a full socket buffer).")
                    .append(System.lineSeparator());
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String fmt, String name, long udp, long tcp) {
        b.append(String.format(Locale.ROOT, fmt, name, udp < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", udp),
                tcp < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", tcp)));
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
