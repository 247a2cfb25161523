package dev.probity.core.io;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {

    @Test
    void writesWholeFilesWithOrdinaryPermissions(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.json");
        AtomicFiles.writeString(f, "{}");
        assertThat(Files.readString(f)).isEqualTo("{}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(f, "{\"a\":1}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-rw----");
    }

    @Test
    void aFailureLeavesTheOldContentAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.json");
        AtomicFiles.writeString(f, "old");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        })).isInstanceOf(InputException.class).hasMessageContaining("disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(f);
        }
    }
}
