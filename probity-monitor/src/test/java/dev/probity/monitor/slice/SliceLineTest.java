package dev.probity.monitor.slice;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Missing;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.stats.SplitMix64;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SliceLineTest {
    // Apache SystemDS, BuiltinSliceLineTest "custom inputs 1": X (codes 1..4) and e, with its expected top 10
    // [score, total error, max error, size] for k = 10, alpha = 0.95, minSup = 4 (SystemDS's tolerance there: 1e-2).
    static final int[][] X1 = {{2, 1, 1, 2, 3, 2, 3, 3, 1, 2}, {2, 2, 2, 3, 4, 1, 2, 1, 3, 2}, {2, 1, 3, 3, 2, 2, 3, 1, 1, 4},
        {1, 2, 2, 1, 3, 2, 3, 2, 2, 3}, {3, 2, 3, 4, 3, 3, 4, 1, 1, 3}, {4, 3, 2, 3, 4, 4, 3, 4, 1, 1}, {2, 2, 2, 4, 3, 3, 2, 2, 1, 2},
        {1, 1, 2, 2, 3, 3, 2, 1, 1, 2}, {4, 3, 2, 1, 3, 2, 4, 2, 4, 3}, {1, 3, 1, 4, 1, 3, 3, 2, 3, 2}, {2, 4, 3, 1, 2, 4, 1, 3, 2, 4},
        {3, 2, 4, 3, 1, 4, 2, 3, 4, 1}, {4, 1, 2, 4, 3, 1, 4, 2, 1, 3}, {1, 3, 4, 2, 4, 3, 1, 4, 2, 3}, {2, 4, 1, 3, 2, 4, 3, 1, 4, 2},
        {3, 2, 4, 1, 3, 4, 2, 3, 1, 4}, {4, 1, 3, 2, 4, 1, 4, 2, 3, 1}, {1, 3, 2, 4, 1, 3, 4, 2, 4, 3}, {2, 4, 1, 3, 2, 4, 3, 1, 2, 4},
        {2, 3, 3, 2, 1, 4, 2, 3, 2, 3}};
    static final double[] E1 = {0.159, 0.588, 0.414, 0.305, 0.193, 0.195, 0.878, 0.149, 0.835, 0.344, 0.123, 0.456, 0.789, 0.987,
        0.654, 0.321, 0.246, 0.135, 0.579, 0.802};
    static final double[][] EXPECTED1 = {{0.307, 2.807, 0.878, 4}, {0.307, 2.807, 0.878, 4}, {0.282, 2.759, 0.987, 4},
        {0.157, 4.046, 0.987, 7}, {0.127, 2.956, 0.878, 5}, {0.122, 2.942, 0.878, 5}, {0.074, 3.298, 0.987, 6},
        {0.064, 4.197, 0.878, 8}, {0.061, 2.796, 0.987, 5}, {0.038, 3.194, 0.878, 6}};

    static SliceLine.Encoded encoded(int[][] x, double[] e) {
        int m = x.length;
        int n = x[0].length;
        List<String> names = new ArrayList<>();
        List<String[]> labels = new ArrayList<>();
        int[][] codes = new int[n][m];
        for (int f = 0; f < n; f++) {
            names.add("f" + (f + 1));
            int max = 0;
            for (int[] row : x) {
                max = Math.max(max, row[f]);
            }
            String[] l = new String[max];
            for (int v = 0; v < max; v++) {
                l[v] = Integer.toString(v + 1);
            }
            labels.add(l);
            for (int i = 0; i < m; i++) {
                codes[f][i] = x[i][f] - 1;
            }
        }
        return new SliceLine.Encoded(names, labels, codes, e);
    }

    @Test
    void theSystemDsBoundReproducesSystemDsTopTen() {
        SliceLine.Result r = SliceLine.find(encoded(X1, E1), new SliceLine.Settings(10, 0, 4, 0.95, SliceLine.Bound.SYSTEMDS, 2));
        assertThat(r.top()).hasSize(10);
        for (int i = 0; i < 10; i++) {
            SliceLine.Slice s = r.top().get(i);
            assertThat(s.score()).as("rank %d", i + 1).isCloseTo(EXPECTED1[i][0], within(5e-4));
            assertThat(s.error()).isCloseTo(EXPECTED1[i][1], within(5e-4));
            assertThat(s.maxError()).isCloseTo(EXPECTED1[i][2], within(5e-4));
            assertThat(s.size()).isEqualTo((int) EXPECTED1[i][3]);
        }
        // the two slices tied at the top: {f5=3, f8=2} and {f3=2, f5=3, f8=2}; the shorter first
        assertThat(encoded(X1, E1).describe(r.top().get(0))).isEqualTo("f5 = 3 and f8 = 2");
        assertThat(encoded(X1, E1).describe(r.top().get(1))).isEqualTo("f3 = 2 and f5 = 3 and f8 = 2");
    }

    @Test
    void theExactBoundReturnsTheBruteForceTopKOnRandomProblems() {
        SplitMix64 rng = new SplitMix64(2021);
        for (int t = 0; t < 150; t++) {
            int m = 12 + rng.nextInt(40);
            int n = 2 + rng.nextInt(4);
            int[][] x = new int[m][n];
            double[] e = new double[m];
            for (int i = 0; i < m; i++) {
                for (int f = 0; f < n; f++) {
                    x[i][f] = 1 + rng.nextInt(2 + f % 3);
                }
                e[i] = rng.nextDouble() < 0.4 ? rng.nextDouble() : 0;
            }
            if (java.util.Arrays.stream(e).sum() == 0) {
                continue;
            }
            int k = 1 + rng.nextInt(6);
            int minSup = 1 + rng.nextInt(5);
            double alpha = 0.3 + 0.7 * rng.nextDouble();
            SliceLine.Encoded enc = encoded(x, e);
            SliceLine.Result r = SliceLine.find(enc, new SliceLine.Settings(k, 0, minSup, alpha, SliceLine.Bound.EXACT, 1));
            double[] brute = bruteForceScores(enc, minSup, alpha, k);
            double[] found = r.top().stream().mapToDouble(SliceLine.Slice::score).toArray();
            assertThat(found).as("problem %d", t).hasSize(brute.length);
            for (int i = 0; i < brute.length; i++) {
                assertThat(found[i]).as("problem %d rank %d", t, i).isCloseTo(brute[i], within(1e-12));
            }
        }
    }

    /** Every conjunction enumerated: the top-k positive scores among slices of at least minSup rows. */
    static double[] bruteForceScores(SliceLine.Encoded enc, int minSup, double alpha, int k) {
        int n = enc.features().size();
        int m = enc.rows();
        double mean = java.util.Arrays.stream(enc.errors()).sum() / m;
        List<Double> scores = new ArrayList<>();
        int[] choice = new int[n]; // -1: feature unused
        java.util.Arrays.fill(choice, -1);
        enumerate(enc, 0, choice, minSup, alpha, mean, scores);
        return scores.stream().mapToDouble(Double::doubleValue).boxed().sorted((a, b) -> Double.compare(b, a)).limit(k)
                .mapToDouble(Double::doubleValue).toArray();
    }

    static void enumerate(SliceLine.Encoded enc, int f, int[] choice, int minSup, double alpha, double mean, List<Double> out) {
        int n = enc.features().size();
        if (f == n) {
            boolean any = false;
            for (int c : choice) {
                any |= c >= 0;
            }
            if (!any) {
                return;
            }
            int size = 0;
            double se = 0;
            for (int i = 0; i < enc.rows(); i++) {
                boolean in = true;
                for (int g = 0; g < n && in; g++) {
                    in = choice[g] < 0 || enc.codes()[g][i] == choice[g];
                }
                if (in) {
                    size++;
                    se += enc.errors()[i];
                }
            }
            if (size >= minSup) {
                double sc = alpha * ((se / size) / mean - 1) - (1 - alpha) * ((double) enc.rows() / size - 1);
                if (sc > 0) {
                    out.add(sc);
                }
            }
            return;
        }
        for (int v = -1; v < enc.labels().get(f).length; v++) {
            choice[f] = v;
            enumerate(enc, f + 1, choice, minSup, alpha, mean, out);
        }
        choice[f] = -1;
    }

    @Test
    void aPlantedBadSliceComesOutOnTopInPlainWords() {
        int m = 20_000;
        SplitMix64 rng = new SplitMix64(5);
        String[] sex = new String[m];
        double[] age = new double[m];
        String[] job = new String[m];
        double[] err = new double[m];
        String[] jobs = {"clerk", "nurse", "driver", "teacher"};
        for (int i = 0; i < m; i++) {
            sex[i] = rng.nextDouble() < 0.5 ? "Female" : "Male";
            age[i] = 18 + rng.nextInt(73); // 18..90
            job[i] = jobs[rng.nextInt(4)];
            boolean planted = sex[i].equals("Female") && age[i] > 72;
            err[i] = rng.nextDouble() < (planted ? 0.45 : 0.12) ? 1 : 0;
        }
        Frame d = Frame.of(StringColumn.of("sex", sex), new DoubleColumn("age", age, Missing.NONE), StringColumn.of("job", job));
        SliceLine.Encoded enc = SliceData.encode(d, List.of("sex", "age", "job"), err, 4);
        SliceLine.Result r = SliceLine.find(enc, SliceLine.Settings.forRows(m));
        SliceLine.Slice best = r.top().get(0);
        assertThat(enc.describe(best)).isEqualTo("sex = Female and age in (72, 90]");
        assertThat(best.meanError()).isGreaterThan(0.4);
        int count = 0;
        for (int i = 0; i < m; i++) {
            count += enc.contains(best, i) ? 1 : 0;
        }
        assertThat(count).isEqualTo(best.size());
    }

    @Test
    void badSettingsAndErrorsAreRefused() {
        assertThatThrownBy(() -> new SliceLine.Settings(10, 0, 4, 0, SliceLine.Bound.EXACT, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> encoded(new int[][] {{1}}, new double[] {-1})).isInstanceOf(InputException.class)
                .hasMessageContaining("row 1");
        // no error at all: nothing to find
        assertThat(SliceLine.find(encoded(X1, new double[20]), SliceLine.Settings.forRows(20)).top()).isEmpty();
    }
}
