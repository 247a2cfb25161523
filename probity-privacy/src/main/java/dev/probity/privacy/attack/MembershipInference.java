package dev.probity.privacy.attack;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.Trainer;
import dev.probity.core.model.TrainingSet;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.RocAuc;
import dev.probity.core.stats.SplitMix64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Membership inference: can an attacker who holds a person's record tell whether it was in the model's training data?
 * The attacks score each candidate row; members are the training rows, non-members rows the model never saw, and the
 * result says how well the score separates them ({@link AttackResult}).
 *
 * <ul>
 *   <li>{@link #threshold} — the loss attack of Yeom, Giacomelli, Fredrikson &amp; Jha ("Privacy risk in machine
 *   learning", CSF 2018): a model fits its training rows better, so a low loss on the true label suggests a member.
 *   The score is −loss, loss = −ln p(true class).</li>
 *   <li>{@link #lira} — the likelihood-ratio attack of Carlini, Chien, Nasr, Song, Terzis &amp; Tramèr ("Membership
 *   inference attacks from first principles", IEEE S&amp;P 2022): shadow models are trained, each on a random half of
 *   the candidate rows, so that every row is "in" some shadows and "out" of others; the row's logit-scaled confidence
 *   φ = ln(p/(1 − p)) on its true class under the target model is compared with Gaussians fitted to φ under the "in"
 *   and "out" shadows (online: the log-likelihood ratio; offline: how far φ lies above the "out" Gaussian). With fewer
 *   than 64 shadows each Gaussian's variance is pooled over all rows, as the paper advises.</li>
 * </ul>
 */
public final class MembershipInference {
    private MembershipInference() {
    }

    /** The false positive rates at which the true positive rate is reported. */
    public static final double[] LOW_FPR = {0.001, 0.01};

    /**
     * @param shadowModels shadow models for LiRA (the paper uses 64 to 256; fewer run faster and attack less well)
     * @param online       LiRA's online variant (shadows with and without each row) rather than offline (without only)
     * @param maxRows      rows drawn from each of the members and the non-members (0: all)
     * @param delta        the δ of the empirical ε bound
     * @param level        the confidence level of the intervals and of the ε bound
     * @param seed         the seed of the draws and of the shadows' training sets
     */
    public record Settings(int shadowModels, boolean online, int maxRows, double delta, double level, long seed) {
        public Settings {
            if (shadowModels < 2 || shadowModels > 1024) {
                throw new InputException("LiRA needs 2 to 1,024 shadow models; got " + shadowModels);
            }
            if (maxRows < 0) {
                throw new InputException("the rows drawn from each side cannot be negative; got " + maxRows);
            }
            if (!(delta >= 0 && delta < 1)) {
                throw new InputException("δ is in [0, 1); got " + delta);
            }
            if (!(level > 0 && level < 1)) {
                throw new InputException("a confidence level is in (0, 1); got " + level);
            }
        }

        /** 16 online shadows, at most 5,000 rows a side, δ = 1e-5, 95 %, seed 42. */
        public static Settings defaults() {
            return new Settings(16, true, 5000, 1e-5, 0.95, 42);
        }
    }

    /** Yeom et al.'s loss-threshold attack on a classifier: members score −loss. */
    public static AttackResult threshold(Model model, Frame train, Frame holdout, String label, Settings s) {
        Frame m = draw(train, s.maxRows(), s.seed());
        Frame n = draw(holdout, s.maxRows(), s.seed() + 1);
        double[] a = negLoss(model, m, label);
        double[] b = negLoss(model, n, label);
        List<String> notes = new ArrayList<>();
        notes.add("the score is the negative loss on the true label: a model that fits its training rows better than new rows leaks who was in them");
        return evaluate("loss threshold (Yeom et al. 2018)", a, b, s, notes, train.rowCount(), holdout.rowCount());
    }

    /**
     * LiRA with shadow models trained by {@code trainer} on {@code features}: the candidates are the members and
     * non-members together, each shadow trained on a random half of them. {@code progress} hears each shadow's number.
     */
    public static AttackResult lira(Model model, Trainer trainer, List<String> features, Frame train, Frame holdout, String label, Settings s,
                                    IntConsumer progress) {
        Frame m = draw(train, s.maxRows(), s.seed());
        Frame n = draw(holdout, s.maxRows(), s.seed() + 1);
        int nm = m.rowCount();
        int total = nm + n.rowCount();
        Frame pool = concat(m, n);
        double[] target = phi(model, pool, label);
        int k = s.shadowModels();
        double[][] shadow = new double[k][];
        boolean[][] in = new boolean[k][total];
        Labels labels = labelsOf(model, pool, label);
        for (int j = 0; j < k; j++) {
            progress.accept(j + 1);
            SplitMix64 r = SplitMix64.stream(s.seed() ^ 0x1A5AL, j);
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                if (r.nextDouble() < 0.5) {
                    in[j][i] = true;
                    rows.add(i);
                }
            }
            int[] idx = rows.stream().mapToInt(Integer::intValue).toArray();
            int[] codes = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                codes[i] = labels.codes()[idx[i]];
            }
            Model sm = trainer.fit(new TrainingSet(pool.select(idx), features, Labels.classes(labels.name(), labels.classes(), codes), null, s.seed() + j));
            shadow[j] = phi(sm, pool, label);
        }
        boolean pooled = k < 64;
        // per-row means of φ in and out; variances per row, or pooled over rows when shadows are few
        double[] muIn = new double[total];
        double[] muOut = new double[total];
        double[] varIn = new double[total];
        double[] varOut = new double[total];
        double ssIn = 0;
        double ssOut = 0;
        long dfIn = 0;
        long dfOut = 0;
        List<String> notes = new ArrayList<>();
        int missingIn = 0;
        for (int i = 0; i < total; i++) {
            double si = 0;
            double so = 0;
            int ci = 0;
            int co = 0;
            for (int j = 0; j < k; j++) {
                if (in[j][i]) {
                    si += shadow[j][i];
                    ci++;
                } else {
                    so += shadow[j][i];
                    co++;
                }
            }
            muIn[i] = ci == 0 ? Double.NaN : si / ci;
            muOut[i] = co == 0 ? Double.NaN : so / co;
            double vi = 0;
            double vo = 0;
            for (int j = 0; j < k; j++) {
                double d = shadow[j][i] - (in[j][i] ? muIn[i] : muOut[i]);
                if (in[j][i]) {
                    vi += d * d;
                } else {
                    vo += d * d;
                }
            }
            ssIn += vi;
            ssOut += vo;
            dfIn += Math.max(0, ci - 1);
            dfOut += Math.max(0, co - 1);
            varIn[i] = ci > 1 ? vi / (ci - 1) : Double.NaN;
            varOut[i] = co > 1 ? vo / (co - 1) : Double.NaN;
            if (ci == 0) {
                missingIn++;
            }
        }
        double poolIn = dfIn > 0 ? ssIn / dfIn : 1;
        double poolOut = dfOut > 0 ? ssOut / dfOut : 1;
        double[] score = new double[total];
        for (int i = 0; i < total; i++) {
            double so = Math.sqrt(Math.max(1e-12, pooled || Double.isNaN(varOut[i]) ? poolOut : varOut[i]));
            double mo = Double.isNaN(muOut[i]) ? 0 : muOut[i];
            if (s.online() && !Double.isNaN(muIn[i])) {
                double si = Math.sqrt(Math.max(1e-12, pooled || Double.isNaN(varIn[i]) ? poolIn : varIn[i]));
                score[i] = logNormal(target[i], muIn[i], si) - logNormal(target[i], mo, so);
            } else {
                // offline: how improbable φ is under "out" (a one-sided test), on a log scale so that tails stay ordered
                score[i] = -logUpperTail((target[i] - mo) / so);
            }
        }
        notes.add(String.format(java.util.Locale.ROOT, "%d shadow models (%s), each trained on a random half of the %,d candidate rows%s", k,
                s.online() ? "online: with and without each row" : "offline: without each row", total,
                pooled ? "; variances pooled over rows (fewer than 64 shadows)" : ""));
        if (missingIn > 0 && s.online()) {
            notes.add(missingIn + " rows were in no shadow's training set and were scored offline");
        }
        double[] a = Arrays.copyOfRange(score, 0, nm);
        double[] b = Arrays.copyOfRange(score, nm, total);
        return evaluate("LiRA (Carlini et al. 2022, " + (s.online() ? "online" : "offline") + ")", a, b, s, notes, train.rowCount(), holdout.rowCount());
    }

    /** The attack's result from the scores of members and non-members (higher: more likely a member). */
    public static AttackResult evaluate(String name, double[] members, double[] nonMembers, Settings s, List<String> notes, int trainRows,
                                        int holdoutRows) {
        int m = members.length;
        int n = nonMembers.length;
        if (m < 2 || n < 2) {
            throw new InputException("a membership attack needs at least 2 members and 2 non-members; got " + m + " and " + n);
        }
        double[] all = new double[m + n];
        boolean[] isMember = new boolean[m + n];
        System.arraycopy(members, 0, all, 0, m);
        System.arraycopy(nonMembers, 0, all, m, n);
        Arrays.fill(isMember, 0, m, true);
        RocAuc.DeLong d = RocAuc.delong(all, isMember);
        Interval aucIv = d.interval(s.level());
        // the staircase: thresholds at each distinct score, from the highest down
        Integer[] order = new Integer[m + n];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(all[y], all[x]));
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0, Double.POSITIVE_INFINITY});
        long tp = 0;
        long fp = 0;
        double bestBa = 0.5;
        double bestAdv = 0;
        List<long[]> counts = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            if (isMember[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            if (i + 1 < order.length && all[order[i + 1]] == all[order[i]]) {
                continue;
            }
            double tpr = (double) tp / m;
            double fpr = (double) fp / n;
            pts.add(new double[] {fpr, tpr, all[order[i]]});
            counts.add(new long[] {tp, fp});
            bestBa = Math.max(bestBa, 0.5 * (tpr + 1 - fpr));
            bestAdv = Math.max(bestAdv, tpr - fpr);
        }
        List<AttackResult.LowFpr> low = new ArrayList<>();
        for (double target : LOW_FPR) {
            long bt = 0;
            long bf = 0;
            for (long[] c : counts) {
                if ((double) c[1] / n <= target) {
                    bt = c[0];
                    bf = c[1];
                }
            }
            low.add(new AttackResult.LowFpr(target, (double) bf / n, (double) bt / m, Interval.clopperPearson(bt, m, s.level()), bt, bf));
        }
        EmpiricalEpsilon.Bound eps = epsilon(members, nonMembers, s);
        if (m + n < 2000) {
            notes = new ArrayList<>(notes);
            notes.add("few rows: the rates at low false positive rates rest on a handful of non-members");
        }
        return new AttackResult(name, m, n, d.auc(), aucIv, bestBa, bestAdv, List.copyOf(low), eps, thin(pts), List.copyOf(notes));
    }

    /**
     * The empirical ε bound with the threshold chosen on half of the rows (even positions) and the bound computed on the
     * other half, so that choosing the best threshold does not inflate it.
     */
    static EmpiricalEpsilon.Bound epsilon(double[] members, double[] nonMembers, Settings s) {
        double[] m0 = half(members, 0);
        double[] m1 = half(members, 1);
        double[] n0 = half(nonMembers, 0);
        double[] n1 = half(nonMembers, 1);
        double[] candidates = Arrays.stream(concat(m0, n0)).distinct().sorted().toArray();
        double best = -1;
        double at = Double.POSITIVE_INFINITY;
        for (int i = 0; i < candidates.length; i += Math.max(1, candidates.length / 2000)) {
            double t = candidates[i];
            double e = EmpiricalEpsilon.at(countAtLeast(m0, t), m0.length, countAtLeast(n0, t), n0.length, s.delta(), s.level());
            if (e > best) {
                best = e;
                at = t;
            }
        }
        long tp = countAtLeast(m1, at);
        long fp = countAtLeast(n1, at);
        double e = m1.length == 0 || n1.length == 0 ? 0 : EmpiricalEpsilon.at(tp, m1.length, fp, n1.length, s.delta(), s.level());
        return new EmpiricalEpsilon.Bound(e, s.delta(), s.level(), at, m1.length == 0 ? Double.NaN : (double) tp / m1.length,
                Interval.clopperPearson(tp, m1.length, s.level()), n1.length == 0 ? Double.NaN : (double) fp / n1.length,
                Interval.clopperPearson(fp, n1.length, s.level()));
    }

    private static long countAtLeast(double[] v, double t) {
        long c = 0;
        for (double x : v) {
            if (x >= t) {
                c++;
            }
        }
        return c;
    }

    private static double[] half(double[] v, int parity) {
        double[] out = new double[(v.length + 1 - parity) / 2];
        for (int i = parity, k = 0; i < v.length; i += 2) {
            out[k++] = v[i];
        }
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static AttackResult.Roc thin(List<double[]> pts) {
        pts.add(new double[] {1, 1, Double.NEGATIVE_INFINITY});
        int step = Math.max(1, pts.size() / 4000);
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < pts.size(); i++) {
            // keep the low-FPR end whole (the log-scale chart reads it) and thin the rest
            if (i % step == 0 || i == pts.size() - 1 || pts.get(i)[0] < 0.02) {
                kept.add(pts.get(i));
            }
        }
        return new AttackResult.Roc(kept.stream().mapToDouble(p -> p[0]).toArray(), kept.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static double logNormal(double x, double mu, double sd) {
        double z = (x - mu) / sd;
        return -0.5 * z * z - Math.log(sd);
    }

    /** ln P(Z > z) for a standard normal, accurate far into the tail. */
    static double logUpperTail(double z) {
        double p = org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1).survivalProbability(z);
        if (p > 0) {
            return Math.log(p);
        }
        // beyond double's range: the Mills-ratio asymptotics P(Z > z) ≈ φ(z)/z · (1 − 1/z² + 3/z⁴)
        return -0.5 * z * z - Math.log(z * Math.sqrt(2 * Math.PI)) + Math.log(1 - 1 / (z * z) + 3 / Math.pow(z, 4));
    }

    /** −ln p(true class) per row, negated (higher: more member-like). */
    static double[] negLoss(Model model, Frame data, String label) {
        double[] p = trueClassProbability(model, data, label);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.log(Math.max(p[i], 1e-300));
        }
        return out;
    }

    /** ln(p/(1 − p)) of the true class, p clipped to [1e-12, 1 − 1e-12] (trees give 0 and 1). */
    static double[] phi(Model model, Frame data, String label) {
        double[] p = trueClassProbability(model, data, label);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]));
            out[i] = Math.log(q) - Math.log1p(-q);
        }
        return out;
    }

    static double[] trueClassProbability(Model model, Frame data, String label) {
        Labels y = labelsOf(model, data, label);
        Probabilities pr = model.predictProba(data);
        double[] out = new double[data.rowCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pr.get(i, y.codes()[i]);
        }
        return out;
    }

    /** The label column as the model's classes: a binary model's class 1 by name, the others by index. */
    static Labels labelsOf(Model model, Frame data, String label) {
        if (!data.has(label)) {
            throw new InputException(data.source() + ": " + data.unknownColumnMessage(label));
        }
        List<String> classes = model.info().classes();
        if (classes.size() < 2) {
            throw new InputException("a membership attack needs a classifier; " + model.info().algorithm() + " is not one");
        }
        if (classes.size() == 2) {
            return Labels.fromColumn(data, label, classes.get(1));
        }
        int[] codes = new int[data.rowCount()];
        var c = data.column(label);
        for (int i = 0; i < codes.length; i++) {
            String v = c.isMissing(i) ? null : c.format(i);
            int k = v == null ? -1 : classes.indexOf(v);
            if (k < 0) {
                throw new InputException(data.source() + ": the label '" + label + "' holds '" + v + "' on " + data.origin().describe(i)
                        + ", not one of the model's classes " + classes);
            }
            codes[i] = k;
        }
        return Labels.classes(label, classes, codes);
    }

    static Frame draw(Frame f, int max, long seed) {
        if (max == 0 || f.rowCount() <= max) {
            return f;
        }
        SplitMix64 r = new SplitMix64(seed);
        int[] idx = new int[f.rowCount()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < max; i++) {
            int j = i + r.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] keep = Arrays.copyOf(idx, max);
        Arrays.sort(keep);
        return f.select(keep);
    }

    /** Rows of both, in the columns of the first (numbers stay numbers where both have them; anything else becomes text). */
    static Frame concat(Frame a, Frame b) {
        List<dev.probity.core.frame.Column> cols = new ArrayList<>();
        for (String name : a.columnNames()) {
            if (!b.has(name)) {
                throw new InputException(b.source() + ": " + b.unknownColumnMessage(name) + " (the members' data have it)");
            }
            var x = a.column(name);
            var y = b.column(name);
            boolean num = isNumber(x) && isNumber(y);
            var out = new dev.probity.core.frame.ColumnBuilder(name, num ? dev.probity.core.frame.ColumnType.DOUBLE : dev.probity.core.frame.ColumnType.STRING);
            for (var c : List.of(x, y)) {
                for (int i = 0; i < c.size(); i++) {
                    if (c.isMissing(i)) {
                        out.addMissing();
                    } else if (num) {
                        out.addDouble(c instanceof dev.probity.core.frame.DoubleColumn dc ? dc.getDouble(i) : ((dev.probity.core.frame.LongColumn) c).getLong(i));
                    } else {
                        out.addString(c.format(i));
                    }
                }
            }
            cols.add(out.build());
        }
        return new Frame(a.source() + " + " + b.source(), cols);
    }

    private static boolean isNumber(dev.probity.core.frame.Column c) {
        return c instanceof dev.probity.core.frame.DoubleColumn || c instanceof dev.probity.core.frame.LongColumn;
    }
}
