package dev.probity.fairness.metrics;

/**
 * SageMaker Clarify's bias metrics, named as Clarify names them. Clarify compares a facet d (the group) with a: all
 * other groups of the attribute ("the rest"), not with a reference group; each metric's sign follows Clarify's
 * definition (mostly a − d, so a positive value means the group fares worse), as stated per metric.
 */
public enum ClarifyMetric {
    CI("CI", true, "(n_a − n_d) / (n_a + n_d)", "class imbalance"),
    DPL("DPL", true, "q_a − q_d, the proportions of positive labels", "difference in proportions of labels"),
    KL("KL", true, "Σ P_d(y) log(P_d(y)/P_a(y)) over label classes", "Kullback–Leibler divergence of the label distributions"),
    JS("JS", true, "½[KL(P_a‖M) + KL(P_d‖M)], M = ½(P_a + P_d)", "Jensen–Shannon divergence"),
    LP("LP", true, "√Σ (P_a(y) − P_d(y))²", "L2 norm of the label distributions' difference"),
    TVD("TVD", true, "½ Σ |P_a(y) − P_d(y)|", "total variation distance"),
    KS("KS", true, "max |P_a(y) − P_d(y)|", "Kolmogorov–Smirnov distance over label classes"),
    CDDL("CDDL", true, "Σ_strata (n_i/n)·DD_i, DD = share of rejections − share of acceptances of d", "conditional demographic disparity in labels"),
    DPPL("DPPL", false, "q̂_a − q̂_d, the proportions of positive predictions", "difference in positive proportions in predicted labels"),
    DI("DI", false, "q̂_d / q̂_a", "disparate impact"),
    DCA_CC("DCAcc", false, "c_a − c_d, c = positive labels / positive predictions", "difference in conditional acceptance"),
    DCR("DCR", false, "r_d − r_a, r = negative labels / negative predictions", "difference in conditional rejection"),
    RD("RD", false, "TPR_a − TPR_d", "recall difference"),
    SD("SD", false, "TNR_d − TNR_a", "specificity difference"),
    DAR("DAR", false, "PPV_a − PPV_d", "difference in acceptance rates"),
    DRR("DRR", false, "NPV_d − NPV_a", "difference in rejection rates"),
    AD("AD", false, "ACC_a − ACC_d", "accuracy difference"),
    TE("TE", false, "FN_d/FP_d − FN_a/FP_a", "treatment equality"),
    CDDPL("CDDPL", false, "CDDL on predictions", "conditional demographic disparity in predicted labels");

    private final String key;
    private final boolean pretraining;
    private final String formula;
    private final String title;

    ClarifyMetric(String key, boolean pretraining, String formula, String title) {
        this.key = key;
        this.pretraining = pretraining;
        this.formula = formula;
        this.title = title;
    }

    public String key() {
        return key;
    }

    /** Pre-training metrics read labels only; post-training ones read predictions too. */
    public boolean pretraining() {
        return pretraining;
    }

    public String formula() {
        return formula;
    }

    public String title() {
        return title;
    }
}
