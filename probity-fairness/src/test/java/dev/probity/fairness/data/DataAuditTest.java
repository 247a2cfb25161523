package dev.probity.fairness.data;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DataAuditTest {
    /** n rows: group a/b at random, a copy of the group, an identifier, noise, and a label that favours a. */
    static Frame planted(int n, long seed) {
        String[] g = new String[n];
        String[] copy = new String[n];
        String[] id = new String[n];
        long[] noise = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            boolean a = SplitMix64.uniform(seed, 4L * i) < 0.6;
            g[i] = a ? "a" : "b";
            copy[i] = a ? "x" : "y";
            id[i] = "id" + i;
            noise[i] = (long) (SplitMix64.uniform(seed, 4L * i + 1) * 1000);
            y[i] = SplitMix64.uniform(seed, 4L * i + 2) < (a ? 0.5 : 0.3) ? 1 : 0;
        }
        return Frame.of(StringColumn.of("g", g), StringColumn.of("copy", copy), StringColumn.of("id", id), LongColumn.of("noise", noise),
                LongColumn.of("y", y));
    }

    @Test
    void aCopyOfTheAttributeIsAPerfectProxyAndAnIdentifierIsNone() {
        DataAuditResult r = DataAudit.run(planted(5000, 3), DataAuditSpec.builder().protectedAttributes("g").label("y").build());
        DataAuditResult.Proxies px = r.proxies("g");
        assertThat(px.features().get(0).feature()).isEqualTo("copy");
        assertThat(px.feature("copy").auc()).isEqualTo(1.0);
        assertThat(px.feature("copy").uncertaintyCoefficient()).isCloseTo(1.0, within(1e-12));
        // one value per row: in-sample it would separate the groups perfectly; held out it knows nothing
        assertThat(px.feature("id").auc()).isEqualTo(0.5); // every value unseen in training: all held-out rows tie
        assertThat(px.feature("id").aucInterval().contains(0.5)).isTrue();
        assertThat(px.feature("id").strength()).isEqualTo("negligible");
        assertThat(px.feature("noise").auc()).isBetween(0.46, 0.54);
        assertThat(px.feature("noise").aucInterval().contains(0.5)).isTrue();
        assertThat(px.feature("noise").encoding()).isEqualTo("numeric, 10 quantile bins");
        assertThat(px.feature("copy").aucInterval().high()).isEqualTo(1.0);
    }

    @Test
    void labelGapsByHand() {
        // a: 6 rows, 4 positive; b: 4 rows, 1 positive
        Frame f = Frame.of(StringColumn.of("g", "a", "a", "a", "a", "a", "a", "b", "b", "b", "b"),
                LongColumn.of("y", 1, 1, 1, 1, 0, 0, 1, 0, 0, 0));
        DataAuditResult r = DataAudit.run(f, DataAuditSpec.builder().protectedAttributes("g").label("y").build());
        DataAuditResult.LabelGaps lg = r.labels("g");
        assertThat(lg.overallRate()).isEqualTo(0.5);
        assertThat(lg.group("a").rate()).isCloseTo(4.0 / 6, within(1e-15));
        assertThat(lg.group("a").difference()).isCloseTo(4.0 / 6 - 0.25, within(1e-15));
        assertThat(lg.group("b").dpl()).isCloseTo(4.0 / 6 - 0.25, within(1e-15));
        // Clarify's class imbalance with b as the facet: (6 - 4) / 10
        assertThat(lg.group("b").classImbalance()).isCloseTo(0.2, within(1e-15));
        assertThat(lg.group("a").test()).isEqualTo("fisher");
        assertThat(lg.group("a").small()).isTrue();
        assertThat(r.roles().positive()).isEqualTo("1");
    }

    @Test
    void missingLabelsAreCountedNotGuessed() {
        Frame f = dev.probity.core.io.DataReader.read("t.csv", "g,y\na,1\na,\nb,0\nb,1\n".getBytes(StandardCharsets.UTF_8),
                dev.probity.core.io.ReadOptions.defaults(), dev.probity.core.io.Format.CSV);
        DataAuditResult r = DataAudit.run(f, DataAuditSpec.builder().protectedAttributes("g").label("y").build());
        assertThat(r.labels("g").missingLabels()).isEqualTo(1);
        assertThat(r.labels("g").rows()).isEqualTo(3);
        assertThat(r.labels("g").group("a").rows()).isEqualTo(1);
        // the label's missing value is itself reported by group
        assertThat(r.missingness("g").column("y").missing()).isEqualTo(1);
    }

    @Test
    void groupsAbsentFromTheDataOrThePopulationAreNamed() {
        Frame f = DataAuditReferenceTest.groups("g", "A", 70, "B", 25, "Z", 5);
        Population pop = Population.of(Map.of("g", new LinkedHashMap<>(Map.of("A", 60.0, "B", 30.0, "C", 10.0))), "pop");
        java.util.List<String> warnings = new java.util.ArrayList<>();
        DataAuditResult r = DataAudit.run(f, DataAuditSpec.builder().protectedAttributes("g").population(pop).build(), warnings::add);
        DataAuditResult.Representation rep = r.representation("g");
        assertThat(rep.group("C").status()).isEqualTo("absent");
        assertThat(rep.group("C").rows()).isZero();
        assertThat(rep.group("Z").status()).isEqualTo("not-in-population");
        // the comparison is over the 95 rows in groups the population names; percentages were normalized
        assertThat(rep.group("A").populationShare()).isCloseTo(0.6, within(1e-15));
        assertThat(rep.group("A").ratio()).isCloseTo(70.0 / 95 / 0.6, within(1e-12));
        assertThat(rep.testNote()).contains("5 row(s) in group(s) the population does not name (Z)");
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("does not name 1 group(s) of 'g' (Z)"));
        assertThat(r.findings().get(0).severity()).isEqualTo("high");
        assertThat(r.findings()).anySatisfy(x -> assertThat(x.text()).startsWith("No row belongs to C (g)"));
        assertThat(DataRules.check(r, List.of("representation<0.8")).get(0).passed()).isFalse();
    }

    @Test
    void intersectionsAreComparedWhenThePopulationGivesThem(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pop.csv");
        Files.writeString(csv, "attribute,group,share,source\nsex,F,51,census\nsex,M,49,census\nsex & age,F&old,20,census\n"
                + "sex&age,F & young,31,census\nsex&age,M&old,19,census\nsex&age,M&young,30,census\n");
        Population pop = Population.read(csv);
        Frame f = Frame.of(StringColumn.of("sex", "F", "F", "M", "M", "M", "M"), StringColumn.of("age", "old", "young", "old", "young", "young", "old"));
        DataAuditResult r = DataAudit.run(f, DataAuditSpec.builder().protectedAttributes("sex", "age").intersections(true).population(pop).build());
        assertThat(r.representation("sex").group("F").populationShare()).isCloseTo(0.51, within(1e-12));
        assertThat(r.representation("sex").sources()).containsExactly("census");
        assertThat(r.representation("age").testNote()).contains("does not give 'age'");
        assertThat(r.representation("sex&age").group("F & old").populationShare()).isCloseTo(0.2, within(1e-12));
        assertThat(r.representation("sex&age").group("F & old").rows()).isEqualTo(1);
        // intersections get no missingness or proxy tables
        assertThat(r.missingness()).hasSize(2);
        // the population's sex&age matches the grouping age&sex, its groups' parts reordered
        List<String> warned = new java.util.ArrayList<>();
        DataAuditResult swapped = DataAudit.run(f, DataAuditSpec.builder().protectedAttributes("age", "sex").intersections(true)
                .population(pop).build(), warned::add);
        assertThat(swapped.representation("age&sex").group("old & F").populationShare()).isCloseTo(0.2, within(1e-12));
        assertThat(swapped.representation("age&sex").sources()).containsExactly("census");
        assertThat(warned).isEmpty();
        // a population attribute no grouping uses is named
        DataAudit.run(f, DataAuditSpec.builder().protectedAttributes("age").population(pop).build(), warned::add);
        assertThat(warned).anySatisfy(w -> assertThat(w).contains("[sex, sex&age]"));
    }

    @Test
    void badPopulationTablesNameTheLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pop.csv");
        Files.writeString(csv, "attribute,group,share\nsex,F,0.5\nsex,M,lots\n");
        assertThatThrownBy(() -> Population.read(csv)).isInstanceOf(InputException.class)
                .hasMessageContaining("line 3").hasMessageContaining("'lots' is not a number");
        Files.writeString(csv, "attribute,group,share\nsex,F,0.5\nsex,F,0.5\n");
        assertThatThrownBy(() -> Population.read(csv)).hasMessageContaining("line 3").hasMessageContaining("given twice");
        Files.writeString(csv, "attribute,group,share\nsex,F,-1\nsex,M,2\n");
        assertThatThrownBy(() -> Population.read(csv)).hasMessageContaining("line 2").hasMessageContaining("at least 0");
        Files.writeString(csv, "group,share\nF,1\n");
        assertThatThrownBy(() -> Population.read(csv)).hasMessageContaining("needs the columns attribute, group and share");
    }

    @Test
    void badSpecsAreRefusedWithTheSettingNamed() {
        Frame f = planted(100, 1);
        assertThatThrownBy(() -> DataAudit.run(f, DataAuditSpec.builder().protectedAttributes("gender").build()))
                .isInstanceOf(InputException.class).hasMessageContaining("'gender'");
        assertThatThrownBy(() -> DataAuditSpec.builder().build()).hasMessageContaining("('protected')");
        assertThatThrownBy(() -> DataAuditSpec.builder().protectedAttributes("g").tolerance(1.5).build()).hasMessageContaining("('tolerance')");
        assertThatThrownBy(() -> DataAudit.run(f, DataAuditSpec.builder().protectedAttributes("g").label("g").build()))
                .hasMessageContaining("both the label and a protected attribute");
        assertThatThrownBy(() -> DataAuditSpec.builder().protectedAttributes("g").strata("noise").build())
                .hasMessageContaining("need a label");
    }

    @Test
    void rulesHoldOrBreakAndCannotPassWithoutEvidence() {
        DataAuditResult r = DataAudit.run(planted(5000, 3), DataAuditSpec.builder().protectedAttributes("g").label("y").build());
        List<DataAuditResult.RuleOutcome> o = DataRules.check(r, List.of("proxy_auc>0.9", "proxy_auc>1", "base_rate_difference>0.1",
                "base_rate_difference>0.5", "representation<0.8", "missingness", "joint_auc>0.8"));
        assertThat(o.get(0).passed()).isFalse();
        assertThat(o.get(0).detail()).contains("'copy' predicts g");
        assertThat(o.get(1).passed()).isTrue();
        assertThat(o.get(2).passed()).isFalse(); // 0.5 vs 0.3 planted
        assertThat(o.get(3).passed()).isTrue();
        assertThat(o.get(4).passed()).isFalse();
        assertThat(o.get(4).detail()).startsWith("cannot be checked");
        assertThat(o.get(5).passed()).isTrue();
        assertThat(o.get(6).detail()).startsWith("cannot be checked");
        assertThatThrownBy(() -> DataRules.validate("proxy_auc<0.8")).isInstanceOf(InputException.class).hasMessageContaining("('fail-on')");
        assertThatThrownBy(() -> DataRules.validate("bogus")).hasMessageContaining("representation<R");
    }

    @Test
    void sameDataSameReport() {
        DataAuditSpec spec = DataAuditSpec.builder().protectedAttributes("g").label("y").seed(9).build();
        assertThat(DataAudit.run(planted(3000, 5), spec)).isEqualTo(DataAudit.run(planted(3000, 5), spec));
    }

    @Test
    void gatesWithoutEvidenceFail() {
        List<String> rules = List.of("base_rate_difference>0.01", "conditional_gap>0.01", "proxy_auc>0.5", "missing_share_difference>0.01",
                "missingness");
        // one group: no difference, no proxy, nothing to compare
        Frame one = DataReader_("g,y,x,s\na,1,,u\na,0,2,v\na,1,3,w\n");
        DataAuditResult r1 = DataAudit.run(one, DataAuditSpec.builder().protectedAttributes("g").label("y").strata("s").build());
        for (DataAuditResult.RuleOutcome o : DataRules.check(r1, rules)) {
            assertThat(o.passed()).as(o.rule()).isFalse();
            assertThat(o.detail()).as(o.rule()).startsWith("cannot be checked");
        }
        // every group smaller than the minimum size
        DataAuditResult r2 = DataAudit.run(planted(200, 1), DataAuditSpec.builder().protectedAttributes("g").label("y").minGroupSize(1000).build());
        assertThat(DataRules.check(r2, List.of("base_rate_difference>0.01")).get(0).detail()).startsWith("cannot be checked");
        // no missing value at all is evidence: the missingness rules hold
        DataAuditResult r3 = DataAudit.run(planted(200, 1), DataAuditSpec.builder().protectedAttributes("g").build());
        assertThat(DataRules.check(r3, List.of("missingness", "missing_share_difference>0.01"))).allMatch(DataAuditResult.RuleOutcome::passed);
    }

    static Frame DataReader_(String csv) {
        return dev.probity.core.io.DataReader.read("t.csv", csv.getBytes(StandardCharsets.UTF_8), dev.probity.core.io.ReadOptions.defaults(),
                dev.probity.core.io.Format.CSV);
    }
}
