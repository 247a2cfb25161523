package dev.probity.core.io;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputsTest {

    @Test
    void nothingAppearsUntilCommit(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.txt");
        Path b = Files.writeString(dir.resolve("b.txt"), "old b");
        try (Outputs out = Outputs.protecting(Map.of())) {
            Path ta = out.add("first", a);
            Path tb = out.add("second", b);
            out.write(ta, o -> o.write("new a".getBytes(StandardCharsets.UTF_8)));
            out.write(tb, o -> o.write("new b".getBytes(StandardCharsets.UTF_8)));
            assertThat(a).doesNotExist();
            assertThat(b).hasContent("old b");
            out.commit();
        }
        assertThat(a).hasContent("new a");
        assertThat(b).hasContent("new b");
        assertThat(staged(dir)).isZero();
    }

    @Test
    void oneLargeWriteArrivesWhole(@TempDir Path dir) throws IOException {
        // written through in pieces of FileBytes.PIECE: the pieces must join into the same bytes
        byte[] content = new byte[3 * FileBytes.PIECE + 4321];
        new java.util.Random(3).nextBytes(content);
        Path target = dir.resolve("report.html");
        try (Outputs out = Outputs.protecting(Map.of())) {
            Path t = out.add("html", target);
            out.write(t, o -> {
                o.write(content, 0, 10);
                o.write(content, 10, content.length - 10);
            });
            out.commit();
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
    }

    @Test
    void closingWithoutCommitLeavesEveryFileAsItWas(@TempDir Path dir) throws IOException {
        Path b = Files.writeString(dir.resolve("b.txt"), "old b");
        try (Outputs out = Outputs.protecting(Map.of())) {
            Path ta = out.add("first", dir.resolve("a.txt"));
            Path tb = out.add("second", b);
            out.write(ta, o -> o.write(1));
            assertThatThrownBy(() -> out.write(tb, o -> {
                o.write(2);
                throw new IOException("disk full");
            })).isInstanceOf(InputException.class).hasMessageContaining("'second'").hasMessageContaining("disk full");
        }
        assertThat(dir.resolve("a.txt")).doesNotExist();
        assertThat(b).hasContent("old b");
        assertThat(staged(dir)).isZero();
    }

    @Test
    void anInputIsRecognisedThroughEveryAlias(@TempDir Path dir) throws IOException {
        Path data = Files.writeString(dir.resolve("data.csv"), "a\n1\n");
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), data);
        Path hard = Files.createLink(dir.resolve("hard.csv"), data);
        for (Path alias : new Path[] {data, dir.resolve("sub/../data.csv"), link, hard, Path.of("").toAbsolutePath().relativize(data)}) {
            try (Outputs out = Outputs.protecting(Map.of("data", data))) {
                assertThatThrownBy(() -> out.add("json", alias)).as(alias.toString())
                        .isInstanceOf(InputException.class)
                        .hasMessageContaining("'json' " + alias + " is the same file as the input 'data' " + data);
            }
        }
        assertThat(data).hasContent("a\n1\n");
    }

    @Test
    void anInputDeclaredAfterTheOutputIsStillProtected(@TempDir Path dir) throws IOException {
        Path data = Files.writeString(dir.resolve("data.csv"), "x");
        try (Outputs out = Outputs.protecting(Map.of())) {
            out.add("out", data);
            assertThatThrownBy(() -> out.input("data", data)).hasMessageContaining("same file as the input");
        }
    }

    @Test
    void aMissingFolderOrAFolderIsRefusedAtOnce(@TempDir Path dir) {
        try (Outputs out = Outputs.protecting(Map.of())) {
            assertThatThrownBy(() -> out.add("json", dir.resolve("no/such/a.json")))
                    .hasMessageContaining("does not exist").hasMessageContaining("nothing was written");
            assertThatThrownBy(() -> out.add("json", dir)).hasMessageContaining("it is a folder");
        }
    }

    @Test
    void onlyDeadProcessesStagedFilesAreCleaned(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path dead = Files.writeString(dir.resolve(".probity-" + p.pid() + "-abc123.r.json.tmp"), "");
        Path alive = Files.writeString(dir.resolve(".probity-" + ProcessHandle.current().pid() + "-abc123.r.json.tmp"), "");
        Path other = Files.writeString(dir.resolve(".probity-x.tmp"), "");
        assertThat(Outputs.cleanStale(dir)).isEqualTo(1);
        assertThat(dead).doesNotExist();
        assertThat(alive).exists();
        assertThat(other).exists();
    }

    @Test
    void stagedFilesAreNewPrivateAndNamedForTheCleaner(@TempDir Path dir) throws Exception {
        java.util.Set<Path> made = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            Path f = Outputs.newStagedFile(dir, ".r.json.tmp");
            assertThat(made.add(f)).isTrue();
            assertThat(f.getParent()).isEqualTo(dir);
            assertThat(Files.size(f)).isZero();
            assertThat(Outputs.STAGED.matcher(f.getFileName().toString()).matches()).isTrue();
            assertThat(f.getFileName().toString()).startsWith(".probity-" + ProcessHandle.current().pid() + "-");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        }
    }

    @Test
    void aTakenNameIsDrawnAgainNeverFollowedOrReplaced(@TempDir Path dir) throws Exception {
        Path victim = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("victim"), "keep");
        String prefix = ".probity-" + ProcessHandle.current().pid() + "-";
        Path link = Files.createSymbolicLink(dir.resolve(prefix + "7.r.json.tmp"), victim);
        Path file = Files.writeString(dir.resolve(prefix + "8.r.json.tmp"), "theirs");
        java.util.PrimitiveIterator.OfLong draws = java.util.stream.LongStream.of(7, 8, 7, 9).iterator();
        Path made = Outputs.newStagedFile(dir, ".r.json.tmp", draws::nextLong);
        assertThat(made).isEqualTo(dir.resolve(prefix + "9.r.json.tmp"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(victim)).isEqualTo("keep");
        assertThat(Files.readString(file)).isEqualTo("theirs");
        // a folder where every name is taken is reported, not looped over for ever
        assertThatThrownBy(() -> Outputs.newStagedFile(dir, ".r.json.tmp", () -> 7))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    private static long staged(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void aDeviceIsWrittenIntoNeverReplaced() throws Exception {
        java.nio.file.Path devNull = java.nio.file.Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(devNull) && java.nio.file.Files.isWritable(devNull));
        try (Outputs o = Outputs.protecting(java.util.Map.of())) {
            java.nio.file.Path t = o.add("json", devNull);
            o.write(t, out -> out.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            o.commit();
        }
        org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.isRegularFile(devNull)).as("/dev/null is still a device").isFalse();
        org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.exists(devNull)).isTrue();
    }

    @Test
    void aNameEndingInGzIsWrittenAsGzip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("rows.csv.gz");
        dev.probity.core.frame.Frame frame = dev.probity.core.frame.Frame.of(dev.probity.core.frame.StringColumn.of("a", "x", "y"));
        try (Outputs o = Outputs.protecting(java.util.Map.of())) {
            FrameWriter.stage(frame, Format.fromFileName(f), o, o.add("out", f));
            o.commit();
        }
        org.assertj.core.api.Assertions.assertThat(DataReader.read(f, ReadOptions.defaults()).rowCount()).isEqualTo(2);
    }
}
