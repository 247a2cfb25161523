package dev.probity.privacy.anonymize.risk;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.Trigamma;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Re-identification risk of a table: prosecutor, journalist and marketer models (El Emam and Dankar 2008), sample
 * uniques, and population uniqueness estimated from the sample by Pitman's model (Hoshino 2001), Zayatz's (1991) and
 * the slide negative binomial model (Chen and Keller-McNulty 1998), as ARX estimates them (see {@link #snb} for where
 * we depart from ARX's code).
 *
 * <p>Assumptions: the attacker knows exactly the quasi-identifiers and nothing else; records are independent; a
 * suppressed record ({@code *} everywhere) is indistinguishable from the other suppressed ones. The population
 * estimates assume the data are a simple random sample of the population with the given sampling fraction.
 */
public final class ReidentificationRisk {
    private ReidentificationRisk() {
    }

    public static RiskReport of(Frame data, List<String> quasiIdentifiers, RiskSettings settings) {
        if (quasiIdentifiers.isEmpty()) {
            throw new InputException("risk needs at least one quasi-identifier");
        }
        if (data.rowCount() == 0) {
            throw new InputException("the data " + data.source() + " has no rows");
        }
        return ofClassSizes(classSizes(data, quasiIdentifiers), quasiIdentifiers, settings);
    }

    /**
     * The risk from the sizes of the equivalence classes alone: what a grouped count gives (SQL's {@code GROUP BY},
     * Spark's {@code groupBy(...).count()}) for a table too large to hold. The same report as {@link #of} on the rows
     * behind {@code sample}; the population, if any, is {@code settings.population()}.
     *
     * @param sample records per class, keyed by the quasi-identifiers' values as {@link #classSizes} writes them
     */
    public static RiskReport ofClassSizes(Map<List<String>, Long> sample, List<String> quasiIdentifiers, RiskSettings settings) {
        if (quasiIdentifiers.isEmpty()) {
            throw new InputException("risk needs at least one quasi-identifier");
        }
        long total = 0;
        for (long f : sample.values()) {
            total += f;
        }
        if (total == 0) {
            throw new InputException("the data has no rows");
        }
        if (total > Integer.MAX_VALUE) {
            throw new InputException("the risk report counts up to " + Integer.MAX_VALUE + " records; the data has " + total);
        }
        int n = (int) total;
        Map<List<String>, Long> population = settings.population() == null ? sample
                : classSizes(settings.population(), quasiIdentifiers);
        double t = settings.threshold();
        double prosecutorSum = 0;
        double prosecutorMax = 0;
        long prosecutorAtRisk = 0;
        double journalistSum = 0;
        double journalistMax = 0;
        long journalistAtRisk = 0;
        int uniques = 0;
        TreeMap<Integer, Integer> sizes = new TreeMap<>();
        for (Map.Entry<List<String>, Long> e : sample.entrySet()) {
            int f = Math.toIntExact(e.getValue());
            Long bigF = population.get(e.getKey());
            if (bigF == null || bigF < f) {
                throw new InputException("the population has " + (bigF == null ? 0 : bigF) + " records with "
                        + e.getKey() + " where the data has " + f + "; the population must contain the data",
                        new InputException.Location(settings.population().source(), 0, 0, null, e.getKey().toString()));
            }
            sizes.merge(f, 1, Integer::sum);
            double rp = 1.0 / f;
            prosecutorSum += f * rp;
            prosecutorMax = Math.max(prosecutorMax, rp);
            if (rp > t) {
                prosecutorAtRisk += f;
            }
            double rj = 1.0 / bigF;
            journalistSum += f * rj;
            journalistMax = Math.max(journalistMax, rj);
            if (rj > t) {
                journalistAtRisk += f;
            }
            if (f == 1) {
                uniques++;
            }
        }
        AttackerRisk prosecutor = new AttackerRisk(prosecutorSum / n, prosecutorMax, (double) prosecutorAtRisk / n);
        AttackerRisk journalist = new AttackerRisk(journalistSum / n, journalistMax, (double) journalistAtRisk / n);
        AttackerRisk marketer = new AttackerRisk(journalistSum / n, journalistMax, (double) journalistAtRisk / n);
        List<PopulationUniqueness> pop = new ArrayList<>();
        double pi = settings.samplingFraction();
        if (!Double.isNaN(pi)) {
            pop.add(pitman(sizes, n, sample.size(), pi));
            pop.add(zayatz(sizes, n, sample.size(), pi));
            pop.add(snb(sizes, n, sample.size(), pi));
        }
        return new RiskReport(List.copyOf(quasiIdentifiers), n, sample.size(), t, prosecutor, journalist, marketer,
                (double) uniques / n, pi, List.copyOf(pop));
    }

    /**
     * Records per equivalence class: the quasi-identifiers' values of each record as its columns format them
     * ({@code Column.format}; a missing value as the empty text), in a hash map.
     */
    public static Map<List<String>, Long> classSizes(Frame frame, List<String> qis) {
        return classSizes(frame, qis, null);
    }

    /**
     * As above, for rows that each stand for {@code counts[i]} records (null: one each) — the rows of a grouped count,
     * one per class, as Spark or SQL returns them; classes that format alike (a null and an empty text) are added up.
     */
    public static Map<List<String>, Long> classSizes(Frame frame, List<String> qis, long[] counts) {
        List<Column> cols = new ArrayList<>();
        for (String q : qis) {
            if (!frame.has(q)) {
                throw new InputException(frame.unknownColumnMessage(q));
            }
            cols.add(frame.column(frame.resolve(q)));
        }
        Map<List<String>, Long> m = new HashMap<>();
        for (int i = 0; i < frame.rowCount(); i++) {
            List<String> key = new ArrayList<>(cols.size());
            for (Column c : cols) {
                key.add(c.isMissing(i) ? "" : c.format(i));
            }
            m.merge(key, counts == null ? 1L : counts[i], Long::sum);
        }
        return m;
    }

    /**
     * Zayatz (1991): the share of sample uniques that are population uniques, estimated with hypergeometric
     * probabilities taking the sample's class sizes for the population's; population uniques = sample uniques × that
     * share / sampling fraction, as a share of the population.
     */
    static PopulationUniqueness zayatz(TreeMap<Integer, Integer> sizes, int n, int classes, double pi) {
        int f1 = sizes.getOrDefault(1, 0);
        if (f1 == 0) {
            return new PopulationUniqueness("Zayatz", 0, null);
        }
        long bigN = Math.round(n / pi);
        double denominator = 0;
        for (Map.Entry<Integer, Integer> e : sizes.entrySet()) {
            denominator += (double) e.getValue() / classes * hypergeometricOne(bigN, e.getKey(), n);
        }
        double share = (double) f1 / classes * hypergeometricOne(bigN, 1, n) / denominator;
        double populationUniques = f1 * share / pi;
        return new PopulationUniqueness("Zayatz", populationUniques / bigN, null);
    }

    /** P(X = 1) for X hypergeometric: population N, K successes, n draws. */
    static double hypergeometricOne(long bigN, long k, long n) {
        if (k > bigN || n > bigN || n - 1 > bigN - k) {
            return 0;
        }
        double log = Math.log(k) + logChoose(bigN - k, n - 1) - logChoose(bigN, n);
        return Math.exp(log);
    }

    static double logChoose(long a, long b) {
        return LogGamma.value(a + 1.0) - LogGamma.value(b + 1.0) - LogGamma.value(a - b + 1.0);
    }

    /**
     * The slide negative binomial model (Chen and Keller-McNulty 1998): a population class's size less one is negative
     * binomial (α, β), a sample class's size binomial with the sampling fraction π. α and β solve the moment equations
     * E[c₁] = K P(f = 1) and E[c₂] = K P(f = 2), with K, the non-empty population classes, taken from the u classes
     * the sample shows, K = u / (1 − P(f = 0)), P(f = 0) = (1−π) β^α D^−α, and
     * P(f = 1) = π β^α D^−α (1 + α d / D) and P(f = 2) = ½ π² α (1−β) β^α D^−(α+2) (2 − (1−α) d), where
     * d = (1−π)(1−β) and D = 1 − d (from the probability generating function); population uniques = K β^α.
     * ARX estimates K beforehand by a Shlosser-type estimator instead, and its code writes D^(α+2) in the second
     * equation; we follow the derivation (on a population drawn from the model itself, Shlosser's estimator put K 60 %
     * too high and the uniques 2.6 times too high; the model's own K recovers them, see ReidentificationRiskTest).
     */
    static PopulationUniqueness snb(TreeMap<Integer, Integer> sizes, int n, int u, double pi) {
        double c1 = sizes.getOrDefault(1, 0);
        double c2 = sizes.getOrDefault(2, 0);
        double bigN = n / pi;
        if (c1 == 0) {
            return new PopulationUniqueness("SNB", 0, null);
        }
        if (c2 == 0) {
            return new PopulationUniqueness("SNB", Double.NaN, "no class of two records in the sample; the model has no estimate");
        }
        final double classes = u;
        double[] best = null;
        // damped Newton with a numerical Jacobian, from a few starting points; α > 0, 0 < β < 1
        for (double a0 : new double[]{0.5, 1, 2, 0.1, 5}) {
            for (double b0 : new double[]{0.5, 0.2, 0.8, 0.05, 0.95}) {
                double[] x = {a0, b0};
                for (int iter = 0; iter < 100; iter++) {
                    double[] f = snbEquations(x[0], x[1], classes, pi, c1, c2);
                    if (Math.abs(f[0]) < 1e-9 * c1 && Math.abs(f[1]) < 1e-9 * c2) {
                        best = x;
                        break;
                    }
                    double ha = 1e-7 * Math.max(1, x[0]);
                    double hb = 1e-7;
                    double[] fa = snbEquations(x[0] + ha, x[1], classes, pi, c1, c2);
                    double[] fb = snbEquations(x[0], x[1] + hb, classes, pi, c1, c2);
                    double j11 = (fa[0] - f[0]) / ha, j12 = (fb[0] - f[0]) / hb;
                    double j21 = (fa[1] - f[1]) / ha, j22 = (fb[1] - f[1]) / hb;
                    double det = j11 * j22 - j12 * j21;
                    if (det == 0 || !Double.isFinite(det)) {
                        break;
                    }
                    double da = (j22 * f[0] - j12 * f[1]) / det;
                    double db = (j11 * f[1] - j21 * f[0]) / det;
                    double step = 1;
                    double na = x[0] - da;
                    double nb = x[1] - db;
                    while ((na <= 0 || nb <= 0 || nb >= 1) && step > 1e-8) {
                        step /= 2;
                        na = x[0] - step * da;
                        nb = x[1] - step * db;
                    }
                    if (na <= 0 || nb <= 0 || nb >= 1) {
                        break;
                    }
                    x = new double[]{na, nb};
                }
                if (best != null) {
                    break;
                }
            }
            if (best != null) {
                break;
            }
        }
        if (best == null) {
            return new PopulationUniqueness("SNB", Double.NaN, "the moment equations have no solution with α > 0 and 0 < β < 1");
        }
        double uniques = snbClasses(best[0], best[1], classes, pi) * Math.pow(best[1], best[0]);
        if (!(uniques >= 0 && uniques <= bigN)) {
            return new PopulationUniqueness("SNB", Double.NaN, "the estimate fell outside [0, N]");
        }
        return new PopulationUniqueness("SNB", uniques / bigN, null);
    }

    /** K, the non-empty population classes, from the u classes seen in the sample: u / (1 − P(f = 0)). */
    static double snbClasses(double a, double b, double u, double pi) {
        double d = (1 - pi) * (1 - b);
        return u / (1 - (1 - pi) * Math.pow(b / (1 - d), a));
    }

    /** E[c1] − c1 and E[c2] − c2 under the slide negative binomial model, K from {@link #snbClasses}. */
    static double[] snbEquations(double a, double b, double u, double pi, double c1, double c2) {
        double k = snbClasses(a, b, u, pi);
        double d = (1 - pi) * (1 - b);
        double big = 1 - d;
        double p1 = pi * Math.pow(b / big, a) * (1 + a * d / big);
        double p2 = 0.5 * pi * pi * a * (1 - b) * Math.pow(b, a) * Math.pow(big, -(a + 2)) * (2 - (1 - a) * d);
        return new double[]{k * p1 - c1, k * p2 - c2};
    }

    /** θ and α of the last Pitman fit on this thread, for tests. */
    static final ThreadLocal<double[]> LAST_FIT = new ThreadLocal<>();

    /**
     * Pitman's sampling formula (Hoshino 2001): the maximum-likelihood θ and α of the sample's partition into classes,
     * found by Newton's method, give the expected number of population uniques Γ(θ+1)/Γ(θ+α) · N^α.
     */
    static PopulationUniqueness pitman(TreeMap<Integer, Integer> sizes, int n, int u, double pi) {
        double c1 = sizes.getOrDefault(1, 0);
        double c2 = sizes.getOrDefault(2, 0);
        double bigN = n / pi;
        if (c1 == 0) {
            return new PopulationUniqueness("Pitman", 0, null);
        }
        if (u == n) {
            return new PopulationUniqueness("Pitman", Double.NaN, "every record is unique; the model has no estimate");
        }
        c2 = c2 != 0 ? c2 : 1;
        // initial guess (moment estimates of Hoshino 2001, as ARX starts)
        double c = c1 * (c1 - 1) / c2;
        double theta = (n * u * c - c1 * (n - 1) * (2 * u + c)) / (2 * c1 * u + c1 * c - n * c);
        double alpha = (theta * (c1 - n) + (n - 1) * c1) / (n * u);
        if (!(theta > 0) || !(alpha > 0 && alpha < 1)) {
            theta = Math.max(theta, 1);
            alpha = Math.min(Math.max(alpha, 0.1), 0.9);
        }
        for (int iter = 0; iter < 200; iter++) {
            double g1 = 0, g2 = 0, h11 = 0, h12 = 0, h22 = 0;
            for (int i = 1; i < u; i++) {
                double v = theta + i * alpha;
                g1 += 1 / v;
                g2 += i / v;
                h11 -= 1 / (v * v);
                h12 -= i / (v * v);
                h22 -= (double) i * i / (v * v);
            }
            g1 -= Digamma.value(n + theta) - Digamma.value(theta + 1);
            h11 += Trigamma.value(theta + 1) - Trigamma.value(n + theta);
            double d0 = Digamma.value(1 - alpha);
            double t0 = Trigamma.value(1 - alpha);
            for (Map.Entry<Integer, Integer> e : sizes.entrySet()) {
                int j = e.getKey();
                if (j > 1) {
                    g2 -= e.getValue() * (Digamma.value(j - alpha) - d0);
                    h22 -= e.getValue() * (t0 - Trigamma.value(j - alpha));
                }
            }
            double det = h11 * h22 - h12 * h12;
            if (det == 0 || Double.isNaN(det)) {
                break;
            }
            double dTheta = (h22 * g1 - h12 * g2) / det;
            double dAlpha = (h11 * g2 - h12 * g1) / det;
            double nt = theta - dTheta;
            double na = alpha - dAlpha;
            // stay inside the parameter space (θ > −α, 0 < α < 1)
            double step = 1;
            while ((na <= 0 || na >= 1 || nt <= -na) && step > 1e-6) {
                step /= 2;
                nt = theta - step * dTheta;
                na = alpha - step * dAlpha;
            }
            if (na <= 0 || na >= 1 || nt <= -na) {
                return new PopulationUniqueness("Pitman", Double.NaN, "the maximum-likelihood α is not in (0, 1): "
                        + "the class sizes do not look like a sample of Pitman's model (a small, closed set of classes?)");
            }
            theta = nt;
            alpha = na;
            if (Math.abs(dTheta) < 1e-10 * Math.max(1, Math.abs(theta)) && Math.abs(dAlpha) < 1e-12) {
                LAST_FIT.set(new double[]{theta, alpha});
                double uniques = Math.exp(LogGamma.value(theta + 1) - LogGamma.value(theta + alpha) + alpha * Math.log(bigN));
                if (!(uniques >= 0 && uniques <= bigN)) {
                    return new PopulationUniqueness("Pitman", Double.NaN, "the estimate fell outside [0, N]");
                }
                return new PopulationUniqueness("Pitman", uniques / bigN, null);
            }
        }
        return new PopulationUniqueness("Pitman", Double.NaN, "the maximum-likelihood estimate did not converge");
    }
}
