package streamlab.stream;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code streamlab stream ...} in a child JVM, as a user would from a shell. */
final class StreamChild {

    private StreamChild() {
    }

    static ProcessBuilder builder(Path dir, List<String> jvmOptions, String... streamArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dstreamlab.out=" + dir);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("streamlab.Main");
        cmd.add("stream");
        cmd.addAll(List.of(streamArgs));
        return new ProcessBuilder(cmd);
    }

    /** Starts the child with its stdout and stderr in files under {@code dir}. */
    static Process start(Path dir, String name, List<String> jvmOptions, String... streamArgs) throws IOException {
        ProcessBuilder pb = builder(dir, jvmOptions, streamArgs);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(dir.resolve(name + "-stdout.txt").toFile());
        pb.redirectError(dir.resolve(name + "-stderr.txt").toFile());
        return pb.start();
    }

    static String course() {
        return Path.of("data/batchfile_0_farenheit.csv").toAbsolutePath().toString();
    }
}
