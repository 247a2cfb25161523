package dev.probity.text.bias;

import dev.probity.core.stats.RocAuc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Identity-term metrics for a classifier's scores on labelled texts (Borkan, Dixon, Sorensen, Thain and Vasserman,
 * "Nuanced Metrics for Measuring Unintended Bias with Real Data for Text Classification", WWW 2019). For each group of
 * each dimension, the subgroup is the texts that mention one of its terms and the background the rest:
 * <ul>
 *   <li>subgroup AUC: the AUC within the subgroup;</li>
 *   <li>BPSN (background positive, subgroup negative) AUC: over the subgroup's negatives and the background's
 *       positives — low when the model scores the subgroup's negatives too high (false positives for the subgroup);</li>
 *   <li>BNSP (background negative, subgroup positive) AUC: over the subgroup's positives and the background's
 *       negatives — low when the subgroup's positives score too low.</li>
 * </ul>
 * Beside them the subgroup's size, positive rate of decisions, true and false positive rates. An AUC with one side
 * empty is NaN; groups no text mentions are left out.
 */
public record IdentityMetrics(String dimension, String group, int size, int positives, double subgroupAuc,
                              double bpsnAuc, double bnspAuc, double decisionRate, double truePositiveRate,
                              double falsePositiveRate) {

    public static List<IdentityMetrics> of(List<String> texts, boolean[] label, double[] score, double threshold,
                                           IdentityTerms terms) {
        int n = texts.size();
        if (label.length != n || score.length != n) {
            throw new IllegalArgumentException(n + " texts, " + label.length + " labels, " + score.length + " scores");
        }
        List<IdentityMetrics> out = new ArrayList<>();
        for (String d : terms.dimensions()) {
            List<List<String>> mentioned = new ArrayList<>();
            for (String t : texts) {
                mentioned.add(t == null ? List.of() : terms.mentioned(d, t));
            }
            for (String g : terms.groups(d)) {
                boolean[] in = new boolean[n];
                for (int i = 0; i < n; i++) {
                    in[i] = mentioned.get(i).contains(g);
                }
                IdentityMetrics m = compute(d, g, in, label, score, threshold);
                if (m.size() > 0) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    static IdentityMetrics compute(String d, String g, boolean[] in, boolean[] label, double[] score, double threshold) {
        List<Double> sub = new ArrayList<>();
        List<Boolean> subY = new ArrayList<>();
        List<Double> bpsn = new ArrayList<>();
        List<Boolean> bpsnY = new ArrayList<>();
        List<Double> bnsp = new ArrayList<>();
        List<Boolean> bnspY = new ArrayList<>();
        int size = 0;
        int pos = 0;
        int decided = 0;
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < in.length; i++) {
            boolean y = label[i];
            if (in[i]) {
                size++;
                pos += y ? 1 : 0;
                boolean yes = score[i] >= threshold;
                decided += yes ? 1 : 0;
                tp += yes && y ? 1 : 0;
                fp += yes && !y ? 1 : 0;
                sub.add(score[i]);
                subY.add(y);
                if (!y) {
                    bpsn.add(score[i]);
                    bpsnY.add(false);
                } else {
                    bnsp.add(score[i]);
                    bnspY.add(true);
                }
            } else if (y) {
                bpsn.add(score[i]);
                bpsnY.add(true);
            } else {
                bnsp.add(score[i]);
                bnspY.add(false);
            }
        }
        return new IdentityMetrics(d, g, size, pos, auc(sub, subY), auc(bpsn, bpsnY), auc(bnsp, bnspY),
                size == 0 ? Double.NaN : (double) decided / size, pos == 0 ? Double.NaN : (double) tp / pos,
                size - pos == 0 ? Double.NaN : (double) fp / (size - pos));
    }

    private static double auc(List<Double> s, List<Boolean> y) {
        double[] score = new double[s.size()];
        boolean[] pos = new boolean[s.size()];
        int p = 0;
        for (int i = 0; i < score.length; i++) {
            score[i] = s.get(i);
            pos[i] = y.get(i);
            p += pos[i] ? 1 : 0;
        }
        return p == 0 || p == score.length ? Double.NaN : RocAuc.of(score, pos);
    }

    public String summary() {
        return String.format(Locale.ROOT, "%s=%s: %d texts (%d positive): subgroup AUC %.4f, BPSN AUC %.4f, BNSP AUC %.4f; "
                        + "decision rate %.4f, TPR %.4f, FPR %.4f", dimension, group, size, positives, subgroupAuc, bpsnAuc,
                bnspAuc, decisionRate, truePositiveRate, falsePositiveRate);
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dimension", dimension);
        m.put("group", group);
        m.put("texts", size);
        m.put("positives", positives);
        m.put("subgroup_auc", subgroupAuc);
        m.put("bpsn_auc", bpsnAuc);
        m.put("bnsp_auc", bnspAuc);
        m.put("decision_rate", decisionRate);
        m.put("true_positive_rate", truePositiveRate);
        m.put("false_positive_rate", falsePositiveRate);
        return m;
    }
}
