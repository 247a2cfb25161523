package dev.probity.fairness.metrics;

import dev.probity.fairness.stats.Confusion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon SageMaker Clarify's bias metrics for a facet {@code d} (one group) against {@code a} (all other
 * rows of the attribute), with Clarify's signs (smclarify's {@code pretraining.py} and
 * {@code posttraining.py}). Where Clarify divides by zero it returns 0 or ±∞; here the value is undefined
 * with a reason.
 *
 * <p>Pre-training (labels only): CI, DPL, KL, JS, LP (L2), TVD, KS over the label distributions P_a, P_d
 * (classes where both are non-zero, as Clarify aligns them), CDDL. Post-training: DPPL, DI, DCAcc, DCR, RD,
 * SD, DAR, DRR, AD, TE, CDDPL.
 */
public final class Clarify {
    private Clarify() {
    }

    /** Pre-training metrics from label distributions; {@code pa}, {@code pd} are per-class weights. */
    public static Map<String, Value> pretraining(double na, double nd, double[] pa, double[] pd, Confusion a, Confusion d) {
        Map<String, Value> out = new LinkedHashMap<>();
        out.put(ClarifyMetric.CI.key(), na + nd == 0 ? Value.undefined("no rows") : Value.of((na - nd) / (na + nd)));
        if (a != null && d != null) {
            Value qa = Value.ratio(a.positives(), a.n(), "the other groups are empty");
            Value qd = Value.ratio(d.positives(), d.n(), "the facet is empty");
            out.put(ClarifyMetric.DPL.key(), qa.minus(qd));
        }
        double sa = 0;
        double sd = 0;
        for (int k = 0; k < pa.length; k++) {
            sa += pa[k];
            sd += pd[k];
        }
        if (sa == 0 || sd == 0) {
            Value u = Value.undefined(sa == 0 ? "the other groups are empty" : "the facet is empty");
            for (String k : List.of("KL", "JS", "LP", "TVD", "KS")) {
                out.put(k, u);
            }
            return out;
        }
        double kl = 0;
        double js = 0;
        double l2 = 0;
        double l1 = 0;
        double linf = 0;
        int common = 0;
        for (int k = 0; k < pa.length; k++) {
            double x = pa[k] / sa;
            double y = pd[k] / sd;
            if (x == 0 || y == 0) {
                continue; // Clarify aligns the two distributions on classes present in both
            }
            common++;
            kl += x * Math.log(x / y);
            double m = (x + y) / 2;
            js += 0.5 * (x * Math.log(x / m) + y * Math.log(y / m));
            l2 += (x - y) * (x - y);
            l1 += Math.abs(x - y);
            linf = Math.max(linf, Math.abs(x - y));
        }
        if (common == 0) {
            Value u = Value.undefined("the facet and the other groups share no label value");
            for (String k : List.of("KL", "JS", "LP", "TVD", "KS")) {
                out.put(k, u);
            }
            return out;
        }
        out.put(ClarifyMetric.KL.key(), Value.of(kl));
        out.put(ClarifyMetric.JS.key(), Value.of(js));
        out.put(ClarifyMetric.LP.key(), Value.of(Math.sqrt(l2)));
        out.put(ClarifyMetric.TVD.key(), Value.of(0.5 * l1));
        out.put(ClarifyMetric.KS.key(), Value.of(linf));
        return out;
    }

    /** Post-training metrics of facet {@code d} against the other rows {@code a}. */
    public static Map<String, Value> posttraining(Confusion a, Confusion d) {
        Map<String, Value> out = new LinkedHashMap<>();
        Value qa = Value.ratio(a.predictedPositives(), a.n(), "the other groups are empty");
        Value qd = Value.ratio(d.predictedPositives(), d.n(), "the facet is empty");
        out.put(ClarifyMetric.DPPL.key(), qa.minus(qd));
        out.put(ClarifyMetric.DI.key(), qd.over(qa, "no positive predictions among the other groups"));
        // Conditional acceptance c = n(1) / n̂(1): observed positives per predicted positive.
        Value ca = Value.ratio(a.positives(), a.predictedPositives(), "no positive predictions among the other groups");
        Value cd = Value.ratio(d.positives(), d.predictedPositives(), "no positive predictions in the facet");
        out.put(ClarifyMetric.DCA_CC.key(), ca.minus(cd));
        // Conditional rejection r = n(0) / n̂(0).
        Value ra = Value.ratio(a.negatives(), a.predictedNegatives(), "no negative predictions among the other groups");
        Value rd = Value.ratio(d.negatives(), d.predictedNegatives(), "no negative predictions in the facet");
        out.put(ClarifyMetric.DCR.key(), rd.minus(ra));
        out.put(ClarifyMetric.RD.key(), BinaryMetric.TPR.compute(a).minus(BinaryMetric.TPR.compute(d)));
        out.put(ClarifyMetric.SD.key(), BinaryMetric.TNR.compute(d).minus(BinaryMetric.TNR.compute(a)));
        out.put(ClarifyMetric.DAR.key(), BinaryMetric.PRECISION.compute(a).minus(BinaryMetric.PRECISION.compute(d)));
        out.put(ClarifyMetric.DRR.key(), BinaryMetric.NPV.compute(d).minus(BinaryMetric.NPV.compute(a)));
        out.put(ClarifyMetric.AD.key(), BinaryMetric.ACCURACY.compute(a).minus(BinaryMetric.ACCURACY.compute(d)));
        out.put(ClarifyMetric.TE.key(), BinaryMetric.TREATMENT_EQUALITY.compute(d).minus(BinaryMetric.TREATMENT_EQUALITY.compute(a)));
        return out;
    }

    /**
     * Conditional demographic disparity (CDDL on labels, CDDPL on predictions) of facet d over strata:
     * Σ_i n_i·DD_i / Σ n_i with DD_i = (facet share of the stratum's negatives) − (facet share of its
     * positives); a stratum with no negatives (or positives) contributes 0 for that share, as in Clarify.
     *
     * @param facet per stratum: {positives of d, negatives of d}
     * @param all per stratum: {positives, negatives, rows}
     */
    public static Value conditionalDemographicDisparity(List<double[]> facet, List<double[]> all) {
        double num = 0;
        double den = 0;
        double pos = 0;
        double neg = 0;
        for (int i = 0; i < all.size(); i++) {
            double[] f = facet.get(i);
            double[] s = all.get(i);
            pos += s[0];
            neg += s[1];
            double acceptShare = s[0] == 0 ? 0 : f[0] / s[0];
            double rejectShare = s[1] == 0 ? 0 : f[1] / s[1];
            num += s[2] * (rejectShare - acceptShare);
            den += s[2];
        }
        if (pos == 0) {
            return Value.undefined("no positive outcomes");
        }
        if (neg == 0) {
            return Value.undefined("no negative outcomes");
        }
        return Value.ratio(num, den, "no rows");
    }
}
