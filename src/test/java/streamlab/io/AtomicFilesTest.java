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
        IOException thrown = new IOException("disk full");
        IOException e = failedWriteKeepsTheOldFile("report.md", IOException.class, file -> AtomicFiles.write(file,
                out -> {
                    out.write(new byte[100_000]);
                    throw thrown;
                }));
        assertSame(thrown, e);
    }

    @Test
    void anUncheckedFailureOfAPathWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        failedWriteKeepsTheOldFile("screenshot.png", UncheckedIOException.class, file -> AtomicFiles.writeVia(file,
                tmp -> {
                    Files.writeString(tmp, "half an ima");
                    throw new UncheckedIOException(new IOException("encoder failed"));
                }));
    }

    /** Write that fails over an existing file; the file keeps its old content and no temporary file stays. */
    private <T extends Throwable> T failedWriteKeepsTheOldFile(String name, Class<T> failure, FailingWrite write)
            throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "old " + name);
        T e = assertThrows(failure, () -> write.to(file));
        assertEquals("old " + name, Files.readString(file));
        assertEquals(List.of(file), listing());
        return e;
    }

    private interface FailingWrite {
        void to(Path file) throws IOException;
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
