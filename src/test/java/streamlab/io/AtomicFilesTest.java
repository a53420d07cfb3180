package streamlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("out.txt");
        Files.writeString(file, "old");
        AtomicFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(file));
        AtomicFiles.writeLines(file, List.of("a", "b"));
        assertEquals(List.of("a", "b"), Files.readAllLines(file));
        AtomicFiles.writeString(file, "text");
        assertEquals("text", Files.readString(file));
        assertEquals(List.of(file), listing());
    }

    @Test
    void anIoFailureMidWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("report.md");
        Files.writeString(file, "old report");
        IOException thrown = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]);
            throw thrown;
        }));
        assertSame(thrown, e);
        assertEquals("old report", Files.readString(file));
        assertEquals(List.of(file), listing());
    }

    @Test
    void anUncheckedFailureOfAPathWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("screenshot.png");
        Files.writeString(file, "old image");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeVia(file, tmp -> {
            Files.writeString(tmp, "half an ima");
            throw new UncheckedIOException(new IOException("encoder failed"));
        }));
        assertEquals("old image", Files.readString(file));
        assertEquals(List.of(file), listing());
    }

    @Test
    void aFirstWriteThatFailsLeavesNothing() {
        Path file = dir.resolve("new.csv");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            throw new IOException("no");
        }));
        assertFalse(Files.exists(file));
        assertEquals(List.of(), listing());
    }

    @Test
    void dependsOnTheJdkOnly() {
        ArchRuleDefinition.classes().that().resideInAPackage("streamlab.io..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "streamlab.io..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("streamlab.io"));
    }

    private List<Path> listing() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
