package dev.probity.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command against every hostile input (issue 9's acceptance corpus): Latin-1 and UTF-16 text, infinite numbers,
 * a 3 MB cell, control characters in a group name, a truncated model. Whatever the outcome, the command exits with a
 * documented status, says what is wrong when it refuses, never shows a stack trace, never floods or drives the
 * terminal, never changes an input, and leaves no output behind when it fails.
 */
class HostileCorpusTest {
    @TempDir
    static Path shared;
    static Path model;

    /** The clean data: x numeric, g the group, y the label, p a prediction. */
    static String clean() {
        StringBuilder sb = new StringBuilder("x,g,y,p\n");
        for (int i = 0; i < 60; i++) {
            sb.append(i % 7).append(',').append(i % 2 == 0 ? "Ann" : "Bob").append(',').append(i % 3 == 0 ? 1 : 0).append(',')
                    .append(i % 4 == 0 ? 1 : 0).append('\n');
        }
        return sb.toString();
    }

    @BeforeAll
    static void train() throws Exception {
        Path data = Files.writeString(shared.resolve("clean.csv"), clean());
        model = shared.resolve("model.json");
        Cli r = Cli.run("train", "--data", data.toString(), "--label", "y", "--out", model.toString(), "-q", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** name, file contents, and what a refusal must say. */
    static List<Object[]> inputs() {
        String clean = clean();
        return List.of(
                new Object[] {"latin1.csv", clean.replaceFirst("Ann", "Jos\u00e9").getBytes(StandardCharsets.ISO_8859_1), "not valid UTF-8"},
                new Object[] {"utf16.csv", clean.getBytes(StandardCharsets.UTF_16LE), "looks like UTF-16LE"},
                new Object[] {"inf.csv", clean.replaceFirst("\n1,", "\n1e400,").getBytes(StandardCharsets.UTF_8), "+∞"},
                new Object[] {"huge.csv", clean.replaceFirst("Bob", "B" + "o".repeat(3_000_000) + "b").getBytes(StandardCharsets.UTF_8), null},
                new Object[] {"control.csv", clean.replace("Bob", "\u001b[2J\u202eBob").getBytes(StandardCharsets.UTF_8), null},
                new Object[] {"latin1-as-declared.csv", clean.replaceFirst("Ann", "Jos\u00e9").getBytes(Charset.forName("windows-1252")), null});
    }

    static List<String> command(String name, Path data, Path dir) {
        return switch (name) {
            case "audit" -> List.of("audit", "--data", data.toString(), "--label", "y", "--score", "x", "--threshold", "3",
                    "--protected", "g", "--min-group-rows", "1", "--json", dir.resolve("out.json").toString(), "--html",
                    dir.resolve("out.html").toString());
            case "train" -> List.of("train", "--data", data.toString(), "--label", "y", "--out", dir.resolve("m.json").toString(),
                    "--json", dir.resolve("out.json").toString(), "--no-progress");
            case "evaluate" -> List.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--label", "y",
                    "--json", dir.resolve("out.json").toString(), "--no-progress");
            case "mitigate" -> List.of("mitigate", "--data", data.toString(), "--label", "y", "--positive", "1", "--protected", "g",
                    "--method", "reweighing", "--out", dir.resolve("p.csv").toString(), "--report", dir.resolve("r.json").toString(),
                    "--no-progress");
            case "explain" -> List.of("explain", "--model", model.toString(), "--data", data.toString(), "--rows", "1-3",
                    "--method", "kernel-shap", "--samples", "200", "--json", dir.resolve("out.json").toString(), "--no-progress");
            case "data-audit" -> List.of("data-audit", "--data", data.toString(), "--label", "y", "--positive", "1", "--protected", "g",
                    "--json", dir.resolve("out.json").toString(), "--html", dir.resolve("out.html").toString(), "--rebalance", "under",
                    "--out", dir.resolve("balanced.csv").toString(), "--no-progress");
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Stream<Arguments> corpus() {
        List<Arguments> out = new ArrayList<>();
        for (String c : List.of("audit", "train", "evaluate", "mitigate", "explain", "data-audit")) {
            for (Object[] in : inputs()) {
                out.add(Arguments.of(c, in[0], in[1], in[2]));
            }
        }
        // a truncated model, for the commands that read one
        for (String c : List.of("evaluate", "explain")) {
            out.add(Arguments.of(c, "truncated-model", null, "truncated"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpus")
    void everyCommandMeetsEveryHostileInputCalmly(String command, String name, byte[] bytes, String refusal, @TempDir Path dir)
            throws Exception {
        Path data = name.equals("truncated-model") ? Files.writeString(dir.resolve("clean.csv"), clean()) : Files.write(dir.resolve(name), bytes);
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> args = new ArrayList<>(command(command, data, out));
        if (name.equals("latin1-as-declared.csv")) {
            args.addAll(List.of("--encoding", "windows-1252"));
        }
        Path usedModel = model;
        if (name.equals("truncated-model")) {
            byte[] m = Files.readAllBytes(model);
            usedModel = Files.write(dir.resolve("truncated.json"), java.util.Arrays.copyOf(m, m.length / 3));
            args.set(args.indexOf(model.toString()), usedModel.toString());
        }
        Map<String, String> before = OutputSafetyTest.checksums(dir);
        byte[] modelBefore = Files.readAllBytes(model);

        Cli r = Cli.run(args.toArray(new String[0]));

        String printed = r.out() + r.err();
        assertThat(r.code()).as(printed).isIn(ExitCode.OK, ExitCode.BAD_INPUT);
        assertThat(printed).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal error");
        assertThat(printed.length()).as("what was printed is bounded").isLessThan(200_000);
        assertThat(printed.chars().filter(ch -> ch < 0x20 && ch != '\n' && ch != '\t' || ch == 0x202E).count())
                .as("no control characters or bidirectional overrides reach the terminal").isZero();
        if (refusal != null) {
            assertThat(r.code()).as(printed).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).contains(refusal);
        }
        Map<String, String> after = OutputSafetyTest.checksums(dir);
        for (Map.Entry<String, String> e : before.entrySet()) {
            assertThat(after.get(e.getKey())).as("input " + e.getKey() + " unchanged").isEqualTo(e.getValue());
        }
        assertThat(Files.readAllBytes(model)).as("the shared model unchanged").isEqualTo(modelBefore);
        if (r.code() != ExitCode.OK) {
            try (Stream<Path> left = Files.list(out)) {
                assertThat(left.toList()).as("no output after a failure").isEmpty();
            }
        }
    }
}
