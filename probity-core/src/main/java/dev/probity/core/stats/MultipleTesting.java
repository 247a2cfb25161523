package dev.probity.core.stats;

import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Adjusts p-values for many comparisons. {@code NaN} entries (tests that could not run) are left out of
 * the family and stay {@code NaN}.
 */
public final class MultipleTesting {
    private MultipleTesting() {
    }

    public enum Method {
        /** No adjustment. */
        NONE,
        /** Holm's step-down method: controls the family-wise error rate under any dependence. */
        HOLM,
        /** Benjamini–Hochberg: controls the false discovery rate for independent or positively dependent tests. */
        BH;

        public static Method parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "holm" -> HOLM;
                case "bh", "fdr", "benjamini-hochberg" -> BH;
                default -> throw new IllegalArgumentException("unknown adjustment '" + s + "' (use holm, bh or none)");
            };
        }
    }

    public static double[] adjust(double[] p, Method method) {
        double[] out = p.clone();
        int[] idx = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> p[i])).mapToInt(Integer::intValue).toArray();
        int m = idx.length;
        switch (method) {
            case NONE -> { }
            case HOLM -> {
                double running = 0;
                for (int r = 0; r < m; r++) {
                    double v = Math.min(1, (m - r) * p[idx[r]]);
                    running = Math.max(running, v);
                    out[idx[r]] = running;
                }
            }
            case BH -> {
                double running = 1;
                for (int r = m - 1; r >= 0; r--) {
                    double v = Math.min(1, p[idx[r]] * m / (r + 1));
                    running = Math.min(running, v);
                    out[idx[r]] = running;
                }
            }
        }
        return out;
    }
}
