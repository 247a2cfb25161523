package dev.probity.fairness.data;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.fairness.data.DataAuditResult.ColumnMissing;
import dev.probity.fairness.data.DataAuditResult.Proxy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every statistic of the data report against scipy, scikit-learn and statsmodels (fixtures.json, make_fixtures.py). */
class DataAuditReferenceTest {
    static Frame groups(String name, Object... groupAndCount) {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < groupAndCount.length; i += 2) {
            for (int k = 0; k < (Integer) groupAndCount[i + 1]; k++) {
                v.add((String) groupAndCount[i]);
            }
        }
        return Frame.of(StringColumn.of(name, v.toArray(new String[0])));
    }

    @Test
    void goodnessOfFitEqualsScipyChisquare() {
        Map<String, Object> f = Fixtures.get("gof");
        Frame data = groups("g", "A", 60, "B", 30, "C", 10);
        Population pop = Population.of(Map.of("g", new LinkedHashMap<>(Map.of("A", 0.5, "B", 0.3, "C", 0.2))), "test");
        DataAuditResult r = DataAudit.run(data, DataAuditSpec.builder().protectedAttributes("g").population(pop).build());
        DataAuditResult.Representation rep = r.representation("g");
        assertThat(rep.chiSquare()).isCloseTo(Fixtures.num(f, "statistic"), within(1e-12));
        assertThat(rep.pValue()).isCloseTo(Fixtures.num(f, "p"), within(1e-12));
        assertThat(rep.degreesOfFreedom()).isEqualTo(2);
        // shares .6 .3 .1 against .5 .3 .2: ratios 1.2 (within 1/0.8), 1.0, 0.5 (under)
        assertThat(rep.group("A").ratio()).isCloseTo(1.2, within(1e-12));
        assertThat(rep.group("A").status()).isEqualTo("within");
        assertThat(rep.group("B").status()).isEqualTo("within");
        assertThat(rep.group("C").status()).isEqualTo("under");
        assertThat(rep.group("C").ratio()).isCloseTo(0.5, within(1e-12));
        // 10 of 100 against 20%: Wilson's 95% interval (0.0552, 0.1744) excludes 0.2
        assertThat(rep.group("C").significant()).isTrue();
        assertThat(rep.group("B").significant()).isFalse();
    }

    @Test
    void missingnessTestEqualsScipyChi2Contingency() {
        Map<String, Object> f = Fixtures.get("missingness");
        // groups A (60 rows, 12 missing), B (30, 2), C (10, 5)
        List<String> g = new ArrayList<>();
        List<Long> x = new ArrayList<>();
        java.util.BitSet miss = new java.util.BitSet();
        int[][] t = {{12, 48}, {2, 28}, {5, 5}};
        String[] names = {"A", "B", "C"};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < t[k][0] + t[k][1]; i++) {
                if (i < t[k][0]) {
                    miss.set(g.size());
                }
                g.add(names[k]);
                x.add((long) i);
            }
        }
        long[] xs = x.stream().mapToLong(Long::longValue).toArray();
        Frame data = Frame.of(StringColumn.of("g", g.toArray(new String[0])),
                new LongColumn("x", xs, dev.probity.core.frame.Missing.of(miss)));
        DataAuditResult r = DataAudit.run(data, DataAuditSpec.builder().protectedAttributes("g").build());
        ColumnMissing c = r.missingness("g").column("x");
        assertThat(c.chiSquare()).isCloseTo(Fixtures.num(f, "statistic"), within(1e-10));
        assertThat(c.pValue()).isCloseTo(Fixtures.num(f, "p"), within(1e-12));
        assertThat(c.adjustedPValue()).isEqualTo(c.pValue()); // one column: nothing to adjust
        assertThat(c.missing()).isEqualTo(19);
        // C has only 10 rows (< 30): the largest difference is between A (20%) and B (6.7%)
        assertThat(c.maxDifference()).isCloseTo(12.0 / 60 - 2.0 / 30, within(1e-12));
        assertThat(c.dependsOnGroup()).isTrue();
        assertThat(c.test()).contains("approximate");
    }

    @Test
    @SuppressWarnings("unchecked")
    void mutualInformationAndCramersVEqualScikitLearnAndScipy() {
        Map<String, Object> f = Fixtures.get("proxy");
        List<Number> feature = (List<Number>) f.get("feature");
        List<String> group = (List<String>) f.get("group");
        long[] xs = feature.stream().mapToLong(Number::longValue).toArray();
        Frame data = Frame.of(StringColumn.of("g", group.toArray(new String[0])), LongColumn.of("x", xs));
        DataAuditResult r = DataAudit.run(data, DataAuditSpec.builder().protectedAttributes("g").build());
        Proxy p = r.proxies("g").feature("x");
        assertThat(p.mutualInformation()).isCloseTo(Fixtures.num(f, "mi_bits"), within(1e-12));
        assertThat(p.cramersV()).isCloseTo(Fixtures.num(f, "cramers_v"), within(1e-12));
        assertThat(p.encoding()).isEqualTo("numeric, 3 values");
    }

    @Test
    @SuppressWarnings("unchecked")
    void cochranMantelHaenszelEqualsStatsmodelsAndR() {
        Map<String, Object> f = Fixtures.get("cmh");
        List<long[]> tables = new ArrayList<>();
        for (Object s : (List<Object>) f.get("tables")) {
            List<List<Number>> m = (List<List<Number>>) s;
            tables.add(new long[] {m.get(0).get(0).longValue(), m.get(0).get(1).longValue(), m.get(1).get(0).longValue(),
                m.get(1).get(1).longValue()});
        }
        // R's ?mantelhaen.test, Rabbits: Mantel-Haenszel X-squared = 3.9286, p-value = 0.04747
        assertThat(LabelGapsCalc.cmh(tables)).isCloseTo(Fixtures.num(f, "statistic"), within(1e-12));
    }

    @Test
    void conditionalGapUsesTheSameTestThroughTheWorkflow() {
        Map<String, Object> f = Fixtures.get("cmh");
        // the Rabbits tables as rows: group = penicillin given (a, b rows), label = cured, strata = level
        List<String> g = new ArrayList<>();
        List<String> lvl = new ArrayList<>();
        List<Long> y = new ArrayList<>();
        long[][] t = {{0, 6, 0, 5}, {3, 3, 0, 6}, {6, 0, 2, 4}, {5, 1, 6, 0}, {2, 0, 5, 0}};
        for (int s = 0; s < t.length; s++) {
            String[] who = {"treated", "treated", "control", "control"};
            long[] lab = {1, 0, 1, 0};
            for (int c = 0; c < 4; c++) {
                for (int i = 0; i < t[s][c]; i++) {
                    g.add(who[c]);
                    lvl.add("level" + s);
                    y.add(lab[c]);
                }
            }
        }
        Frame data = Frame.of(StringColumn.of("g", g.toArray(new String[0])), StringColumn.of("level", lvl.toArray(new String[0])),
                LongColumn.of("y", y.stream().mapToLong(Long::longValue).toArray()));
        DataAuditResult r = DataAudit.run(data, DataAuditSpec.builder().protectedAttributes("g").label("y").strata("level").build());
        DataAuditResult.ConditionalGap c = r.labels("g").conditional("treated");
        assertThat(c.cmhStatistic()).isCloseTo(Fixtures.num(f, "statistic"), within(1e-12));
        assertThat(c.pValue()).isCloseTo(Fixtures.num(f, "p"), within(1e-9));
        assertThat(c.strataUsed()).isEqualTo(5);
    }

    @Test
    void adultProxiesOfSexEqualScikitLearnAndRankTheKnownProxiesFirst() {
        Map<String, Object> f = Fixtures.get("adult");
        Frame adult = Datasets.load("adult");
        DataAuditResult r = DataAudit.run(adult, DataAuditSpec.builder().protectedAttributes("sex").label("income")
                .positive(">50K").build());
        DataAuditResult.Proxies px = r.proxies("sex");
        for (String feat : List.of("relationship", "marital_status", "occupation")) {
            Map<String, Object> e = (Map<String, Object>) f.get(feat);
            assertThat(px.feature(feat).mutualInformation()).as(feat).isCloseTo(Fixtures.num(e, "mi_bits"), within(1e-12));
            assertThat(px.feature(feat).cramersV()).as(feat).isCloseTo(Fixtures.num(e, "cramers_v"), within(1e-12));
        }
        // the known proxies of sex lead the ranking
        assertThat(px.features().subList(0, 2)).extracting(Proxy::feature).containsExactlyInAnyOrder("relationship", "marital_status");
        assertThat(px.feature("relationship").strength()).isEqualTo("strong");
        assertThat(r.findings()).anySatisfy(fd -> assertThat(fd.text()).contains("'relationship' predicts sex strongly"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void adultRaceAgainstThe1990CensusEqualsScipy() {
        Map<String, Object> f = (Map<String, Object>) Fixtures.get("adult").get("race_gof");
        Frame adult = Datasets.load("adult");
        Map<String, Double> census = new LinkedHashMap<>();
        census.put("White", 199686070.0);
        census.put("Black", 29986060.0);
        census.put("Amer-Indian-Eskimo", 1959234.0);
        census.put("Asian-Pac-Islander", 7273662.0);
        census.put("Other", 9804847.0);
        DataAuditResult r = DataAudit.run(adult, DataAuditSpec.builder().protectedAttributes("race")
                .population(Population.of(Map.of("race", census), "census")).build());
        assertThat(r.representation("race").chiSquare()).isCloseTo(Fixtures.num(f, "statistic"), within(1e-8));
        // "Other" is 3.9% of the 1990 population but 0.8% of Adult
        assertThat(r.representation("race").group("Other").status()).isEqualTo("under");
        assertThat(r.representation("race").group("Black").status()).isEqualTo("under");
    }
}
