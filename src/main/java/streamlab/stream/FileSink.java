package streamlab.stream;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Confined to the engine thread. Writes one line per record. Each line (or, in batched mode, each batch of whole
 * lines) goes to the operating system in a single write call on an unbuffered stream, so a stop or a kill of the
 * process leaves only whole lines in the file.
 */
final class FileSink extends Sink {

    private final SinkSpec.File spec;
    private OutputStream out;
    private byte[] batch = new byte[64 * 1024];
    private int batchLength;
    private int batched;

    FileSink(SinkSpec.File spec) {
        super("file " + spec.file());
        this.spec = spec;
    }

    @Override
    void open() throws StreamInputException {
        Path file = spec.file();
        if (Files.isDirectory(file)) {
            throw new StreamInputException("The output " + file + " is a folder. Choose a file name, for example "
                    + file.resolve("out9.txt") + ".");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = new FileOutputStream(file.toFile(), spec.append());
        } catch (IOException e) {
            throw new StreamInputException("Cannot write the output file " + file + ": " + e.getMessage()
                    + ". Choose another path.");
        }
    }

    @Override
    void send(String message, byte[] utf8) throws IOException {
        if (spec.flushEvery() == 1) {
            byte[] line = Arrays.copyOf(utf8, utf8.length + 1);
            line[utf8.length] = '\n';
            out.write(line);
            sent.incrementAndGet();
            return;
        }
        if (batchLength + utf8.length + 1 > batch.length) {
            flush();
            if (utf8.length + 1 > batch.length) {
                batch = new byte[utf8.length + 1];
            }
        }
        System.arraycopy(utf8, 0, batch, batchLength, utf8.length);
        batchLength += utf8.length;
        batch[batchLength++] = '\n';
        if (++batched >= spec.flushEvery()) {
            flush();
        }
    }

    @Override
    void flush() throws IOException {
        if (batchLength > 0) {
            int n = batched;
            int len = batchLength;
            batchLength = 0;
            batched = 0;
            try {
                out.write(batch, 0, len);
            } catch (IOException e) {
                failed.addAndGet(n);
                throw e;
            }
            sent.addAndGet(n);
        }
    }

    @Override
    void failed(Exception e) {
        if (spec.flushEvery() == 1) {
            super.failed(e);
        } else {
            // flush() has already counted every record of the lost batch.
            lastError = String.valueOf(e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                flush();
                out.close();
            }
        } catch (IOException e) {
            lastError = e.getMessage();
        }
    }
}
