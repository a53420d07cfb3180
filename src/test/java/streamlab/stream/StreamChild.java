package streamlab.stream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import streamlab.testing.ChildJvm;

/** Starts {@code streamlab stream ...} in a child JVM, as a user would from a shell. */
final class StreamChild {

    private StreamChild() {
    }

    static ProcessBuilder builder(Path dir, List<String> jvmOptions, String... streamArgs) {
        return ChildJvm.stream(dir, jvmOptions, streamArgs);
    }

    /** Starts the child with its stdout and stderr in files under {@code dir}. */
    static Process start(Path dir, String name, List<String> jvmOptions, String... streamArgs) throws IOException {
        ProcessBuilder pb = builder(dir, jvmOptions, streamArgs);
        pb.redirectOutput(dir.resolve(name + "-stdout.txt").toFile());
        pb.redirectError(dir.resolve(name + "-stderr.txt").toFile());
        return pb.start();
    }

    static String course() {
        return ChildJvm.course();
    }
}
