package streamlab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import streamlab.testing.ChildJvm;

/** A real {@code streamlab} command in its own JVM, with its output lines collected as they come. Thread-safe. */
final class NetChildJvm implements AutoCloseable {

    final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();
    /** Where standard error goes instead of a pipe, or null. */
    private final Path errFile;

    private NetChildJvm(Process process, boolean readOut, Path errFile) {
        this.process = process;
        this.errFile = errFile;
        if (readOut) {
            ChildJvm.pumpLines(process.getInputStream(), out, "child-out");
        }
        if (errFile == null) {
            ChildJvm.pumpLines(process.getErrorStream(), err, "child-err");
        }
    }

    /** Starts {@code streamlab.Main} with the JVM options, then the command's arguments. */
    static NetChildJvm start(List<String> jvmOptions, boolean readOut, String... args) throws IOException {
        return start(jvmOptions, readOut, null, args);
    }

    /**
     * As {@link #start(List, boolean, String...)}, with standard error written to a file: {@link Process#destroy()}
     * closes the parent's end of every pipe, so what a child prints while it shuts down can only be seen this way.
     */
    static NetChildJvm start(List<String> jvmOptions, boolean readOut, Path errFile, String... args)
            throws IOException {
        ProcessBuilder pb = ChildJvm.streamlab(jvmOptions, args);
        if (errFile != null) {
            pb.redirectError(errFile.toFile());
        }
        return new NetChildJvm(pb.start(), readOut, errFile);
    }

    String errText() {
        if (errFile != null) {
            try {
                return Files.readString(errFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
        return String.join("\n", err);
    }

    List<String> errLines() {
        return errText().lines().toList();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
