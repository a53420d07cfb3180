package streamlab.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Checks that an output file holds whole records only: no torn line, ever. Immutable (static helpers only). */
final class WholeLines {

    /** One record of the course file in the default format. */
    static final Pattern RECORD = Pattern.compile("\\[2023, 1, \\d, \\d{1,2}:\\d\\d, -?\\d+\\]");

    private WholeLines() {
    }

    /** Asserts that every line of the file matches {@code record} and that it ends with a newline; returns how many. */
    static int assertWholeLines(Path out, Pattern record) throws IOException {
        byte[] bytes = Files.readAllBytes(out);
        if (bytes.length == 0) {
            return 0;
        }
        assertEquals('\n', bytes[bytes.length - 1], "the file ends with a whole line");
        List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(record.matcher(lines.get(i)).matches(), "line " + (i + 1) + " is whole: " + lines.get(i));
        }
        return lines.size();
    }
}
