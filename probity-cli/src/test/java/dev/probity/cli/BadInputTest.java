package dev.probity.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The corpus of bad inputs: each gets a clear message, exit code 2, and no output file. */
class BadInputTest {

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("ragged.csv", List.of(), "ragged.csv line 3: expected 3 fields (as in the header) but found 2"),
                Arguments.of("broken-quote.csv", List.of(), "broken-quote.csv line 3, field 2: a quoted field starts here and never ends"),
                Arguments.of("good.csv", List.of("--label", "outcome"), "no column 'outcome' in good.csv"),
                Arguments.of("non-binary-label.csv", List.of(), "the label 'label' is not binary: line 3 of non-binary-label.csv holds 2"),
                Arguments.of("empty.csv", List.of(), "empty.csv is empty"),
                Arguments.of("header-only.csv", List.of(), "header-only.csv has no data rows"),
                Arguments.of("good.csv", List.of("--where", "label > 5"), "no rows left: the filter \"label > 5\" removed all 4 rows"),
                Arguments.of("nan-scores.csv", List.of("--score", "score", "--threshold", "0.5"), "score 'score' is NaN on line 3 of nan-scores.csv"),
                Arguments.of("empty-group.csv", List.of(), "protected attribute 'group' is empty"),
                Arguments.of("one-row-group.csv", List.of(), "group 'B' of protected attribute 'group' has only 1 row"),
                Arguments.of("good.csv", List.of("--reference", "C"), "reference group 'C' of 'group' is empty"),
                Arguments.of("broken.jsonl", List.of(), "broken.jsonl line 2"),
                Arguments.of("missing-label.csv", List.of(), "label 'label' is missing on line 3 of missing-label.csv"),
                Arguments.of("good.csv", List.of("--prediction", "prediction >= 'x"), "the text literal starting here is not closed"),
                Arguments.of("good.csv", List.of("--prediction", "group >= 1"), "cannot compare column 'group' (text) with 1"),
                Arguments.of("good.csv", List.of("--fail-on", "fairness>>1"), "cannot read the rule 'fairness>>1'"),
                Arguments.of("good.csv", List.of("--bootstrap", "-5"), "bootstrap replicates cannot be negative"),
                Arguments.of("good.csv", List.of("--type", "label=uuid"), "unknown column type 'uuid'"),
                Arguments.of("latin1.csv", List.of(), "latin1.csv line 2, field 1 ('group'): byte 0xE9 in \"Jos\\xE9\" is not valid UTF-8. "
                        + "The file looks like Latin-1 or Windows-1252: read it with the encoding ISO-8859-1 or windows-1252 (--encoding)"),
                Arguments.of("utf16le-no-bom.csv", List.of(), "looks like UTF-16LE text without a byte-order mark"),
                Arguments.of("inf-scores.csv", List.of("--score", "score", "--threshold", "0.5"),
                        "the score 'score' is +∞ on line 4 of inf-scores.csv (read from a value such as inf or 1e400); infinite numbers are refused like NaN"),
                Arguments.of("no-such-file.csv", List.of(), "file not found"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpus")
    void badInputIsRefusedClearly(String file, List<String> extra, String message, @TempDir Path dir) {
        Path data = file.equals("no-such-file.csv") ? dir.resolve(file) : Cli.resource(file);
        boolean hasLabel = extra.contains("--label");
        boolean hasScore = extra.contains("--score");
        List<String> args = new ArrayList<>(List.of("audit", "--data", data.toString(), "--protected", "group"));
        if (!hasLabel) {
            args.addAll(List.of("--label", "label"));
        }
        if (!hasScore && !extra.contains("--prediction")) {
            args.addAll(List.of("--prediction", "prediction"));
        }
        args.addAll(extra);
        Path json = dir.resolve("out.json");
        Path html = dir.resolve("out.html");
        args.addAll(List.of("--json", json.toString(), "--html", html.toString()));
        Cli r = Cli.run(args.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(json).doesNotExist();
        assertThat(html).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The SQL engine refuses the same inputs, with messages that name the problem (DuckDB gives no line numbers). */
    @ParameterizedTest(name = "duckdb {0} {1}")
    @MethodSource("sqlCorpus")
    void theSqlEngineRefusesBadInputToo(String file, List<String> extra, String message) {
        List<String> args = new ArrayList<>(List.of("audit", "--engine", "duckdb", "--data", Cli.resource(file).toString(),
                "--protected", "group", "--label", "label", "-q"));
        args.addAll(extra);
        Cli r = Cli.run(args.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(message).doesNotContain("\tat ");
    }

    static Stream<Arguments> sqlCorpus() {
        return Stream.of(
                Arguments.of("non-binary-label.csv", List.of("--prediction", "prediction"), "is not binary: 1 rows hold values other than 0 and 1 ('0', '1', '2')"),
                Arguments.of("nan-scores.csv", List.of("--score", "score", "--threshold", "0.5"), "score 'score' is NaN or infinite on 1 rows"),
                Arguments.of("good.csv", List.of("--prediction", "prediction", "--where", "label > 5"), "no rows left"),
                Arguments.of("missing-label.csv", List.of("--prediction", "prediction"), "missing on 1 rows"),
                Arguments.of("one-row-group.csv", List.of("--prediction", "prediction"), "group 'B' of protected attribute 'group' has only 1 row"),
                Arguments.of("good.csv", List.of("--prediction", "prediction", "--positive", "yes"), "is numeric, but the positive value 'yes' is not a number"),
                Arguments.of("inf-scores.csv", List.of("--score", "score", "--threshold", "0.5"), "score 'score' is NaN or infinite on 1 rows"),
                Arguments.of("latin1.csv", List.of("--prediction", "prediction"), "latin1.csv line 2, field 1: byte 0xE9 in \"Jos\\xE9\" is not valid UTF-8"));
    }

    /** The library names settings neutrally; the command line words them as its own options. */
    @Test
    void libraryMessagesNameThisCommandsOptions() {
        Cli r = Cli.run("audit", "--data", Cli.resource("non-binary-label.csv").toString(), "--label", "label",
                "--prediction", "prediction", "--protected", "group", "-q");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("Say which value is positive (--positive; the others count as negative), "
                + "or set --task to multiclass or regression").doesNotContain("{{").doesNotContain("'positive'");
    }

    @Test
    void aSettingTheCommandLacksIsNamedByItsKey() {
        picocli.CommandLine cli = Main.commandLine();
        picocli.CommandLine.Model.CommandSpec audit = cli.getSubcommands().get("audit").getCommandSpec();
        picocli.CommandLine.Model.CommandSpec train = cli.getSubcommands().get("train").getCommandSpec();
        assertThat(Main.option(audit, "drop-missing")).isEqualTo("--drop-missing");
        assertThat(Main.option(audit, "engine")).isEqualTo("--engine");
        assertThat(Main.option(train, "engine")).isEqualTo("'engine'");
    }

    /** Issue 9: infinite numbers were refused with the wrong row in train, and accepted silently elsewhere. */
    @Test
    void infiniteFeaturesAreRefusedByEveryModelCommand(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.csv"), "x,y\n1,1\n2,0\n3,1\n4,0\n5,1\n6,0\n");
        Path inf = Files.writeString(dir.resolve("inf.csv"), "x,y\n1,1\n2,0\n-inf,1\n4,0\n5,1\n6,0\n");
        Path model = dir.resolve("m.json");
        assertThat(Cli.run("train", "--data", good.toString(), "--label", "y", "--out", model.toString(), "--no-progress").code()).isZero();
        String expected = "the feature 'x' is −∞ on line 4 of inf.csv";
        for (String[] args : List.of(
                new String[] {"train", "--data", inf.toString(), "--label", "y", "--no-progress"},
                new String[] {"evaluate", "--model", model.toString(), "--data", inf.toString(), "--label", "y", "--no-progress"},
                new String[] {"explain", "--model", model.toString(), "--data", inf.toString(), "--no-progress"})) {
            Cli r = Cli.run(args);
            assertThat(r.code()).as(args[0] + ": " + r.out()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).as(args[0]).contains(expected).doesNotContain("impute");
        }
    }

    /** Issue 9: a group name could clear the screen, and a 10 MB cell was echoed in full. */
    @Test
    void dataCannotDriveTheTerminalOrFloodIt(@TempDir Path dir) throws Exception {
        Path ctrl = Files.writeString(dir.resolve("ctrl.csv"), "group,label,prediction\n\u001b[2J\u202eEVIL,1,1\nB,0,1\n"
                + "\u001b[2J\u202eEVIL,0,0\nB,1,0\n");
        Cli r = Cli.run("audit", "--data", ctrl.toString(), "--label", "label", "--prediction", "prediction", "--protected", "group");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\\x1B[2J\\u202EEVIL").doesNotContain("\u001b").doesNotContain("\u202e");
        Cli json = Cli.run("audit", "--data", ctrl.toString(), "--label", "label", "--prediction", "prediction", "--protected", "group",
                "--json", "-");
        assertThat(json.out()).as("data on standard output stays exact (JSON escapes it itself)").contains("\\u001B[2J\u202eEVIL");

        Path huge = Files.writeString(dir.resolve("huge.csv"), "group,label,prediction,age\nA,1,1,30\nB,0,1," + "x".repeat(3_000_000)
                + "\nA,0,0,20\nB,1,1,4\n");
        Cli big = Cli.run("audit", "--data", huge.toString(), "--label", "label", "--prediction", "prediction", "--protected", "group",
                "--type", "age=double", "--where", "age > 1", "-q");
        assertThat(big.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(big.err()).contains("huge.csv line 3, column 'age'").contains("… (3000000 characters)' is not a double");
        assertThat(big.err().length()).isLessThan(1000);
    }

    /** Issue 9: a model file that is not one was described by the JSON parser's internals. */
    @Test
    void aModelFileThatIsNotOneIsNamedForWhatItIs(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("m.json");
        assertThat(Cli.run("train", "--data", "german", "--label", "credit", "--positive", "good", "--out", good.toString(),
                "--no-progress").code()).isZero();
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.json"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path binary = Files.write(dir.resolve("binary.json"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, (byte) 0x9d, 1, 2, 3, 4, 5, 6});
        Path empty = Files.write(dir.resolve("empty.json"), new byte[0]);
        Path other = Files.writeString(dir.resolve("other.json"), "{\"a\": 1}");
        Path folder = Files.createDirectories(dir.resolve("folder.json"));
        String[][] cases = {
            {truncated.toString(), "the JSON ends before it is complete at line"},
            {binary.toString(), "a binary file, not JSON text"},
            {empty.toString(), "the file is empty"},
            {other.toString(), "JSON, but neither a Probity model"},
            {folder.toString(), "a directory, not a model file"}};
        for (String[] c : cases) {
            Cli r = Cli.run("evaluate", "--model", c[0], "--data", "german", "--label", "credit", "--no-progress");
            assertThat(r.code()).as(c[0]).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).as(c[0]).contains(c[1]).doesNotContain("Source: ").doesNotContain("marker").doesNotContain("Exception");
        }
    }

    /** Issue 9: a header-only file got type errors from the model commands; --skip-lines past the end said "empty". */
    @Test
    void aFileWithoutRowsIsNamedSoByEveryCommand(@TempDir Path dir) throws Exception {
        Path header = Files.writeString(dir.resolve("header.csv"), "x,y,g\n");
        Path good = Files.writeString(dir.resolve("good.csv"), "x,y,g\n1,1,a\n2,0,b\n3,1,a\n4,0,b\n5,1,a\n6,0,b\n");
        Path model = dir.resolve("m.json");
        assertThat(Cli.run("train", "--data", good.toString(), "--label", "y", "--drop", "g", "--out", model.toString(), "--no-progress")
                .code()).isZero();
        for (String[] args : List.of(
                new String[] {"train", "--data", header.toString(), "--label", "y", "--no-progress"},
                new String[] {"evaluate", "--model", model.toString(), "--data", header.toString(), "--label", "y", "--no-progress"},
                new String[] {"explain", "--model", model.toString(), "--data", header.toString(), "--no-progress"},
                new String[] {"mitigate", "--data", header.toString(), "--label", "y", "--positive", "1", "--protected", "g",
                    "--method", "reweighing", "--no-progress"})) {
            Cli r = Cli.run(args);
            assertThat(r.code()).as(args[0]).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).as(args[0]).contains("header.csv has no data rows");
        }
        Cli skip = Cli.run("audit", "--data", good.toString(), "--label", "y", "--prediction", "x > 2", "--protected", "g",
                "--skip-lines", "50");
        assertThat(skip.err()).contains("good.csv has 7 lines; skipping 50 (--skip-lines) leaves no header and no data");
    }

    @Test
    void unknownOptionsSuggestTheRightOne() {
        Cli r = Cli.run("audit", "--data", "compas", "--protectd", "race");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("'--protectd'").contains("Possible solutions:").contains("--protected");
    }

    @Test
    void aFailedWriteLeavesNoPartialFile(@TempDir Path dir) {
        Path json = dir.resolve("missing-folder/out.json");
        Cli r = Cli.run("audit", "--data", Cli.resource("good.csv").toString(), "--label", "label", "--prediction", "prediction",
                "--protected", "group", "--json", json.toString(), "-q");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("cannot write").contains("does not exist");
        assertThat(json).doesNotExist();
    }
}
