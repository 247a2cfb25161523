package dev.probity.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileBytesTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSameBytesAsTheJdkAtEverySizeAroundAPiece() throws IOException {
        Random rnd = new Random(15);
        int piece = FileBytes.PIECE;
        for (int size : new int[] {0, 1, 8191, 8192, 8193, piece - 1, piece, piece + 1, 3 * piece + 12345}) {
            byte[] content = new byte[size];
            rnd.nextBytes(content);
            Path f = dir.resolve("f" + size);
            Files.write(f, content);
            assertThat(FileBytes.read(f)).as("size " + size).isEqualTo(content).isEqualTo(Files.readAllBytes(f));
        }
    }

    @Test
    void readsPastTheReportedSizeToTheEnd() throws IOException {
        // /proc reports a size of 0 for files that have content
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            assertThat(Files.size(status)).isZero();
            assertThat(new String(FileBytes.read(status), java.nio.charset.StandardCharsets.US_ASCII)).contains("Name:");
        }
    }

    @Test
    void aMissingFileIsTheJdksError() {
        assertThatThrownBy(() -> FileBytes.read(dir.resolve("missing.csv"))).isInstanceOf(NoSuchFileException.class);
    }
}
