package dev.probity.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An output must never destroy an input, and a failed command leaves no output: every command, with an output that
 * is an input (directly, through {@code ..}, a symbolic link or a hard link), and with one good and one impossible
 * output. Checked by checksums of every file in the folder before and after.
 */
class OutputSafetyTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path credit;

    /** A small data file (German credit, 1,000 rows) and a model trained on it, made once. */
    @BeforeAll
    static void makeModel() throws IOException {
        credit = shared.resolve("credit.csv");
        dev.probity.core.io.FrameWriter.write(dev.probity.core.datasets.Datasets.load("german"), credit);
        model = shared.resolve("model.json");
        Cli r = Cli.run("train", "--data", "german", "--label", "credit", "--positive", "good", "--out", model.toString(),
                "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** Each command with its input file given as {@code %DATA} and {@code %MODEL}, and an output option. */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("audit json", List.of("audit", "--data", "%DATA", "--label", "credit", "--positive", "good",
                        "--prediction", "duration_months > 20", "--protected", "sex", "-q"), "--json", "data"),
                Arguments.of("audit html", List.of("audit", "--data", "%DATA", "--label", "credit", "--positive", "good",
                        "--prediction", "duration_months > 20", "--protected", "sex", "-q"), "--html", "data"),
                Arguments.of("train out", List.of("train", "--data", "%DATA", "--label", "credit", "--positive", "good",
                        "--no-progress"), "--out", "data"),
                Arguments.of("train json", List.of("train", "--data", "%DATA", "--label", "credit", "--positive", "good",
                        "--no-progress"), "--json", "data"),
                Arguments.of("evaluate json over the model", List.of("evaluate", "--model", "%MODEL", "--data", "%DATA",
                        "--label", "credit", "--positive", "good", "--no-progress"), "--json", "model"),
                Arguments.of("mitigate out", List.of("mitigate", "--data", "%DATA", "--label", "credit", "--positive", "good",
                        "--protected", "sex", "--method", "reweighing", "--no-progress"), "--out", "data"),
                Arguments.of("explain html over the model", List.of("explain", "--model", "%MODEL", "--data", "%DATA",
                        "--method", "reasons", "--no-progress"), "--html", "model"));
    }

    enum Alias { SAME, DOTDOT, SYMLINK, HARDLINK }

    static Stream<Arguments> commandsAndAliases() {
        return commands().flatMap(c -> Stream.of(Alias.values()).map(a -> Arguments.of(c.get()[0], c.get()[1], c.get()[2], c.get()[3], a)));
    }

    @ParameterizedTest(name = "{0}, {4}")
    @MethodSource("commandsAndAliases")
    void anOutputThatIsAnInputIsRefused(String name, List<String> args, String option, String victim, Alias alias,
                                        @TempDir Path dir) throws Exception {
        Path data = dir.resolve("credit.csv");
        Files.copy(credit, data);
        Path m = dir.resolve("model.json");
        Files.copy(model, m);
        Files.createDirectories(dir.resolve("sub"));
        Path target = victim.equals("data") ? data : m;
        Path given = switch (alias) {
            case SAME -> target;
            case DOTDOT -> dir.resolve("sub/../" + target.getFileName());
            case SYMLINK -> Files.createSymbolicLink(dir.resolve("link-" + target.getFileName()), target);
            case HARDLINK -> Files.createLink(dir.resolve("hard-" + target.getFileName()), target);
        };
        Map<String, String> before = checksums(dir);
        List<String> cmd = new ArrayList<>();
        for (String a : args) {
            cmd.add(a.replace("%DATA", data.toString()).replace("%MODEL", m.toString()));
        }
        cmd.addAll(List.of(option, given.toString()));
        Cli r = Cli.run(cmd.toArray(new String[0]));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(option).contains("is the same file as the input").contains("nothing was written")
                .doesNotContain("{{");
        assertThat(checksums(dir)).as("no file changed, none was added").isEqualTo(before);
    }

    /** One good output and one that cannot be written: neither appears, and the work is not even started. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void whenOneOutputCannotBeWrittenNoneIs(String name, List<String> args, String option, String victim,
                                            @TempDir Path dir) throws Exception {
        Path data = dir.resolve("credit.csv");
        Files.copy(credit, data);
        Path m = dir.resolve("model.json");
        Files.copy(model, m);
        String other = option.equals("--html") ? "--json" : "--html";
        if (args.get(0).equals("mitigate")) {
            other = "--report";
        }
        Map<String, String> before = checksums(dir);
        List<String> cmd = new ArrayList<>();
        for (String a : args) {
            cmd.add(a.replace("%DATA", data.toString()).replace("%MODEL", m.toString()));
        }
        cmd.addAll(List.of(option, dir.resolve("good-output").toString(), other, dir.resolve("missing/folder/x").toString()));
        Cli r = Cli.run(cmd.toArray(new String[0]));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(other).contains("does not exist").contains("nothing was written");
        assertThat(checksums(dir)).isEqualTo(before);
    }

    @Test
    void twoOutputsThatAreOneFileAreRefused(@TempDir Path dir) {
        Path out = dir.resolve("both");
        Cli r = Cli.run("audit", "--data", "german", "--label", "credit", "--positive", "good", "--prediction", "duration_months > 20",
                "--protected", "sex", "-q", "--json", out.toString(), "--html", dir.resolve("x/../both").toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--json").contains("--html").contains("are the same file");
        assertThat(out).doesNotExist();
    }

    @Test
    void anOutputThatIsASymbolicLinkIsWrittenThroughAndStaysALink(@TempDir Path dir) throws IOException {
        Path real = Files.writeString(dir.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
        Cli r = Cli.run("audit", "--data", "german", "--label", "credit", "--positive", "good", "--prediction", "duration_months > 20",
                "--protected", "sex", "-q", "--json", link.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).startsWith("{").contains("probity.audit/v1");
    }

    /** A link to a file that does not exist yet is written through, as a shell's {@code >} does; into a missing folder, refused. */
    @Test
    void aLinkToAFileNotYetWrittenIsWrittenThrough(@TempDir Path dir) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), dir.resolve("later.json"));
        Cli r = Cli.run("audit", "--data", "german", "--label", "credit", "--positive", "good", "--prediction", "duration_months > 20",
                "--protected", "sex", "-q", "--json", link.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(dir.resolve("later.json"))).contains("probity.audit/v1");
        Path nowhere = Files.createSymbolicLink(dir.resolve("nowhere.json"), dir.resolve("missing/x.json"));
        Cli refused = Cli.run("audit", "--data", "german", "--label", "credit", "--positive", "good", "--prediction",
                "duration_months > 20", "--protected", "sex", "-q", "--json", nowhere.toString());
        assertThat(refused.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("does not exist");
        Path file = Files.writeString(dir.resolve("plain.csv"), "x");
        Cli underFile = Cli.run("audit", "--data", "german", "--label", "credit", "--positive", "good", "--prediction",
                "duration_months > 20", "--protected", "sex", "-q", "--json", file.resolve("a.json").toString());
        assertThat(underFile.err()).contains("plain.csv is a file, not a folder");
    }

    /** A staged file left by a process that was killed (its PID no longer runs) is removed by the next write there. */
    @Test
    void staleStagedFilesOfDeadProcessesAreCleanedUp(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        Path stale = Files.writeString(dir.resolve(".probity-" + dead + "-12345.audit.json.tmp"), "half");
        Path mine = Files.writeString(dir.resolve(".probity-" + ProcessHandle.current().pid() + "-999.other.json.tmp"), "busy");
        Path unrelated = Files.writeString(dir.resolve(".probity-notes.tmp"), "keep");
        Cli r = Cli.run("audit", "--data", "german", "--label", "credit", "--positive", "good", "--prediction", "duration_months > 20",
                "--protected", "sex", "-q", "--json", dir.resolve("audit.json").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(stale).doesNotExist();
        assertThat(mine).as("a running process's staged file").exists();
        assertThat(unrelated).as("a file that is not ours").exists();
    }

    @Test
    void onlyOneOutputCanGoToStandardOutput(@TempDir Path dir) {
        Cli r = Cli.run("mitigate", "--data", "german", "--label", "credit", "--positive", "good", "--protected", "sex",
                "--method", "reweighing", "--out", "-", "--report", "-", "--no-progress");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--out").contains("--report").contains("standard output");
    }

    @Test
    void mitigatedPredictionsCanGoToStandardOutput() {
        Cli r = Cli.run("mitigate", "--data", "german", "--label", "credit", "--positive", "good", "--protected", "sex",
                "--method", "reweighing", "--out", "-", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("row,group,prediction_before,prediction_after\n");
        assertThat(r.out().lines().count()).isEqualTo(1001);
    }

    static Map<String, String> checksums(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.toList()) {
                String key = dir.relativize(f).toString();
                if (Files.isSymbolicLink(f)) {
                    out.put(key, "link to " + Files.readSymbolicLink(f));
                } else if (Files.isRegularFile(f)) {
                    out.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                } else {
                    out.put(key, "folder");
                }
            }
        }
        return out;
    }
}
