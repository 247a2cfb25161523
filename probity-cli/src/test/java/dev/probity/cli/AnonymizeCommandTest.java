package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnonymizeCommandTest {
    static final Path DATA = Cli.repo().resolve("data/anonymization/patients.csv");
    static final Path HIERARCHIES = Cli.repo().resolve("data/anonymization/hierarchies");

    @Test
    void anonymizesWritesTheReportAndTheRelease(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("anon.csv");
        Path html = dir.resolve("anon.html");
        Cli r = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip",
                "--hierarchies", HIERARCHIES.toString(), "--k", "3", "--l-diversity", "diagnosis:2", "--suppression", "0.1",
                "--out", out.toString(), "--html", html.toString(), "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("schema").asText()).isEqualTo("probity.anonymize/v1");
        assertThat(j.get("transformation")).hasSize(3);
        int suppressed = j.get("suppressed").asInt();
        assertThat(suppressed).isLessThanOrEqualTo(200);
        // the release, read back: classes of at least 3 with 2 diagnoses, suppressed rows all '*'
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("age,sex,zip,diagnosis");
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, java.util.Set<String>> diag = new HashMap<>();
        int stars = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f[0].equals("*") && f[1].equals("*") && f[2].equals("*")) {
                stars++;
                continue;
            }
            String key = f[0] + "|" + f[1] + "|" + f[2];
            sizes.merge(key, 1, Integer::sum);
            diag.computeIfAbsent(key, x -> new java.util.HashSet<>()).add(f[3]);
        }
        assertThat(stars).isEqualTo(suppressed);
        assertThat(sizes.values()).allMatch(s -> s >= 3);
        assertThat(diag.values()).allMatch(s -> s.size() >= 2);
        assertThat(Files.readString(html)).contains("probity.anonymize/v1", "Transformation");
        assertThat(j.at("/risk/after/prosecutor/highest").asDouble()).isLessThanOrEqualTo(1.0 / 3 + 1e-12);
        // the same input gives the same bytes
        Path out2 = dir.resolve("anon2.csv");
        Cli again = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip",
                "--hierarchies", HIERARCHIES.toString(), "--k", "3", "--l-diversity", "diagnosis:2", "--suppression", "0.1",
                "--out", out2.toString(), "--json", "-");
        assertThat(again.out()).isEqualTo(r.out());
        assertThat(Files.readAllBytes(out2)).isEqualTo(Files.readAllBytes(out));
    }

    @Test
    void downstreamCostPrintsBothModelsAccuracyAndAudit(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("anon.csv");
        Cli r = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip",
                "--hierarchies", HIERARCHIES.toString(), "--k", "5", "--out", out.toString(),
                "--downstream-label", "diagnosis", "--downstream-positive", "hypertension", "--downstream-protected", "sex");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Downstream cost: logistic regression for diagnosis = hypertension, tested on 600 held-out rows")
                .contains("selection rate, sex = female").contains("selection rate, sex = male")
                .contains("true positive rate, sex = female").contains("true positive rate, sex = male");
        assertThat(out).exists();

        // the same figures from the library, on the same release
        dev.probity.core.frame.Frame data = dev.probity.core.io.DataReader.read(DATA, dev.probity.core.io.ReadOptions.defaults());
        Map<String, dev.probity.privacy.anonymize.Hierarchy> h = new java.util.LinkedHashMap<>();
        for (String c : List.of("age", "sex", "zip")) {
            h.put(c, dev.probity.privacy.anonymize.Hierarchy.read(c, HIERARCHIES.resolve(c + ".csv")));
        }
        var release = dev.probity.privacy.anonymize.Anonymizer.anonymize(data, new dev.probity.privacy.anonymize.AnonymizationSpec(
                List.of("age", "sex", "zip"), h, List.of(new dev.probity.privacy.anonymize.PrivacyModel.KAnonymity(5)), 0));
        var cost = dev.probity.privacy.anonymize.DownstreamCost.measureHeldOut(data, release, h, 0.3, "diagnosis", "hypertension",
                List.of("age", "sex", "zip"), "sex", new dev.probity.models.pipeline.PipelineTrainer(
                        dev.probity.models.linear.LinearTrainer.logistic()), 0.5, 42);
        String accuracy = r.out().lines().filter(l -> l.trim().startsWith("accuracy")).findFirst().orElseThrow();
        assertThat(accuracy.trim().split("\\s+")).containsExactly("accuracy",
                String.format(java.util.Locale.ROOT, "%.4f", cost.original().accuracy()),
                String.format(java.util.Locale.ROOT, "%.4f", cost.anonymized().accuracy()));
        String women = r.out().lines().filter(l -> l.contains("selection rate, sex = female")).findFirst().orElseThrow();
        assertThat(women).endsWith(String.format(java.util.Locale.ROOT, "%10.4f %10.4f", cost.original().selectionRate().get("female"),
                cost.anonymized().selectionRate().get("female")));

        // half the options is refused, and nothing is written
        Path out2 = dir.resolve("anon2.csv");
        Cli half = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip",
                "--hierarchies", HIERARCHIES.toString(), "--k", "5", "--out", out2.toString(), "--downstream-label", "diagnosis");
        assertThat(half.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(half.err()).contains("--downstream-positive").contains("--downstream-protected");
        Cli unknown = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip",
                "--hierarchies", HIERARCHIES.toString(), "--k", "5", "--out", out2.toString(), "--downstream-label", "outcome",
                "--downstream-positive", "yes", "--downstream-protected", "sex");
        assertThat(unknown.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("outcome");
        assertThat(out2).doesNotExist();
    }

    @Test
    void riskAlone() throws Exception {
        Cli r = Cli.run("risk", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip", "--sampling-fraction", "0.05",
                "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("schema").asText()).isEqualTo("probity.risk/v1");
        assertThat(j.get("rows").asInt()).isEqualTo(2000);
        assertThat(j.get("population_uniques")).hasSize(3);
        Cli text = Cli.run("risk", "--data", DATA.toString(), "--quasi-identifiers", "age,sex");
        assertThat(text.out()).contains("prosecutor", "sample uniques");
        Path page = Files.createTempFile("risk", ".html");
        Cli html = Cli.run("risk", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip", "--html", page.toString(), "-q");
        assertThat(html.code()).as(html.err()).isZero();
        assertThat(html.out()).isEmpty();
        assertThat(Files.readString(page)).contains("probity.risk/v1", "prosecutor", "88.20%");
        Files.delete(page);
    }

    @Test
    void badInputIsRefusedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        // the same file in and out
        Path copy = dir.resolve("p.csv");
        Files.copy(DATA, copy);
        Cli same = Cli.run("anonymize", "--data", copy.toString(), "--quasi-identifiers", "age,sex,zip",
                "--hierarchies", HIERARCHIES.toString(), "--k", "3", "--out", copy.toString());
        assertThat(same.code()).isEqualTo(ExitCode.BAD_INPUT);
        // every hierarchy file is an input, not only the last one read
        Path hs = Files.createDirectory(dir.resolve("hierarchies"));
        for (String c : List.of("age", "sex", "zip")) {
            Files.copy(HIERARCHIES.resolve(c + ".csv"), hs.resolve(c + ".csv"));
        }
        for (String c : List.of("age", "sex", "zip")) {
            Path h = hs.resolve(c + ".csv");
            byte[] before = Files.readAllBytes(h);
            Cli onto = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip",
                    "--hierarchies", hs.toString(), "--k", "3", "--out", h.toString());
            assertThat(onto.code()).as(c).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(onto.err()).as(c).contains("--hierarchies");
            assertThat(Files.readAllBytes(h)).as(c).isEqualTo(before);
        }
        // a missing output folder
        Cli folder = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip",
                "--hierarchies", HIERARCHIES.toString(), "--k", "3", "--out", dir.resolve("nope/anon.csv").toString());
        assertThat(folder.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(folder.err()).contains("nope");
        // a value the hierarchy does not list: names the column, the row and the value
        Path h = dir.resolve("h");
        Files.createDirectories(h);
        Files.copy(HIERARCHIES.resolve("age.csv"), h.resolve("age.csv"));
        Files.copy(HIERARCHIES.resolve("zip.csv"), h.resolve("zip.csv"));
        Files.writeString(h.resolve("patients_hierarchy_sex.csv"), "female;*\n");
        Path out = dir.resolve("anon.csv");
        Cli unknown = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip",
                "--hierarchies", h.toString(), "--k", "3", "--out", out.toString());
        assertThat(unknown.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("of patients.csv: the quasi-identifier 'sex' has the value 'male'",
                "patients_hierarchy_sex.csv");
        assertThat(out).doesNotExist();
        // a ragged hierarchy line: file and line
        Files.writeString(h.resolve("patients_hierarchy_sex.csv"), "female;*\nmale\n");
        Cli ragged = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip",
                "--hierarchies", h.toString(), "--k", "3", "--out", out.toString());
        assertThat(ragged.err()).contains("patients_hierarchy_sex.csv", "line 2");
        // no hierarchy for a column
        Cli missing = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,diagnosis",
                "--hierarchies", h.toString(), "--k", "3", "--out", out.toString());
        assertThat(missing.err()).contains("no hierarchy for 'diagnosis'");
        // no model
        Cli none = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age",
                "--hierarchies", HIERARCHIES.toString(), "--out", out.toString());
        assertThat(none.err()).contains("--k");
        assertThat(out).doesNotExist();
    }

    @Test
    void localRecodingByMondrianAndMdav(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("mondrian.csv");
        Cli r = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age,sex,zip",
                "--hierarchies", HIERARCHIES.toString(), "--method", "mondrian", "--k", "5", "--out", out.toString(), "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("method").asText()).isEqualTo("mondrian");
        assertThat(j.at("/information_loss/measure").asText()).isEqualTo("normalized certainty penalty");
        Map<String, Integer> sizes = new HashMap<>();
        List<String> lines = Files.readAllLines(out);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            sizes.merge(f[0] + "|" + f[1] + "|" + f[2], 1, Integer::sum);
        }
        assertThat(sizes.values()).allMatch(s -> s >= 5);
        assertThat(sizes).hasSize(j.get("classes").asInt());

        Path mdav = dir.resolve("mdav.csv");
        Cli m = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age", "--method", "mdav", "--k", "4",
                "--out", mdav.toString());
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(m.out()).contains("MDAV microaggregation", "SSE/SST");
        Map<String, Integer> groups = new HashMap<>();
        List<String> ml = Files.readAllLines(mdav);
        for (String line : ml.subList(1, ml.size())) {
            groups.merge(line.split(",")[0], 1, Integer::sum);
        }
        assertThat(groups.values()).allMatch(s -> s >= 4);

        Cli bad = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "age", "--method", "mondrian",
                "--k", "4", "--suppression", "0.1", "--out", dir.resolve("x.csv").toString());
        assertThat(bad.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("--suppression is for --method full-domain");
        Cli text = Cli.run("anonymize", "--data", DATA.toString(), "--quasi-identifiers", "sex", "--method", "mdav",
                "--k", "4", "--out", dir.resolve("y.csv").toString());
        assertThat(text.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(text.err()).contains("'sex'");
    }
}
