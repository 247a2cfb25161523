package dev.probity.text.bias;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IdentityMetricsTest {
    /** AUC by counting every (positive, negative) pair, ties half: the definition, independent of RocAuc. */
    static double pairAuc(List<double[]> rows) {
        double wins = 0;
        long pairs = 0;
        for (double[] p : rows) {
            if (p[1] != 1) {
                continue;
            }
            for (double[] q : rows) {
                if (q[1] != 0) {
                    continue;
                }
                pairs++;
                wins += p[0] > q[0] ? 1 : p[0] == q[0] ? 0.5 : 0;
            }
        }
        return wins / pairs;
    }

    @Test
    void subgroupBpsnAndBnspEqualTheirDefinitions() {
        Random r = new Random(5);
        var groups = new java.util.LinkedHashMap<String, List<String>>();
        groups.put("muslim", List.of("Muslim"));
        groups.put("christian", List.of("Christian"));
        IdentityTerms terms = new IdentityTerms(Map.of("religion", groups));
        int n = 300;
        List<String> texts = new ArrayList<>();
        boolean[] y = new boolean[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            boolean muslim = i % 3 == 0;
            y[i] = r.nextBoolean();
            // the model over-scores the subgroup: a shift of +0.3 for texts mentioning Muslim
            s[i] = Math.round((0.3 * (y[i] ? 1 : 0) + 0.5 * r.nextDouble() + (muslim ? 0.3 : 0)) * 20) / 20.0;
            texts.add(muslim ? "A Muslim wrote this." : i % 3 == 1 ? "A Christian wrote this." : "Someone wrote this.");
        }
        List<IdentityMetrics> m = IdentityMetrics.of(texts, y, s, 0.5, terms);
        IdentityMetrics mus = m.get(0);
        assertThat(mus.group()).isEqualTo("muslim");
        List<double[]> sub = new ArrayList<>();
        List<double[]> bpsn = new ArrayList<>();
        List<double[]> bnsp = new ArrayList<>();
        int tp = 0;
        int pos = 0;
        for (int i = 0; i < n; i++) {
            boolean in = texts.get(i).contains("Muslim");
            double[] row = {s[i], y[i] ? 1 : 0};
            if (in) {
                sub.add(row);
                pos += y[i] ? 1 : 0;
                tp += y[i] && s[i] >= 0.5 ? 1 : 0;
            }
            if ((in && !y[i]) || (!in && y[i])) {
                bpsn.add(row);
            }
            if ((in && y[i]) || (!in && !y[i])) {
                bnsp.add(row);
            }
        }
        assertThat(mus.size()).isEqualTo(100);
        assertThat(mus.subgroupAuc()).isCloseTo(pairAuc(sub), within(1e-12));
        assertThat(mus.bpsnAuc()).isCloseTo(pairAuc(bpsn), within(1e-12));
        assertThat(mus.bnspAuc()).isCloseTo(pairAuc(bnsp), within(1e-12));
        assertThat(mus.truePositiveRate()).isCloseTo((double) tp / pos, within(1e-12));
        // the shift shows as Borkan et al. describe: subgroup negatives outrank background positives (BPSN low),
        // subgroup positives outrank background negatives (BNSP high)
        assertThat(mus.bpsnAuc()).isLessThan(mus.subgroupAuc());
        assertThat(mus.bnspAuc()).isGreaterThan(mus.subgroupAuc());
    }
}
