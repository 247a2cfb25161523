package dev.probity.fairness.metrics;

import dev.probity.fairness.stats.RegressionMoments;

/** Per-group metrics of a regression model, from {@link RegressionMoments}; residual = prediction − label. */
public enum RegressionMetric {
    MEAN_PREDICTION("mean_prediction", "Mean prediction", "Σw·p / Σw", "Fairlearn mean_prediction"),
    MEAN_LABEL("mean_label", "Mean label", "Σw·y / Σw", "AIF360 (regression) mean outcome"),
    MEAN_ERROR("mean_error", "Mean error (bias)", "Σw·(p − y) / Σw", "signed error; positive means over-prediction"),
    MAE("mae", "Mean absolute error", "Σw·|p − y| / Σw", "scikit-learn mean_absolute_error; Fairlearn group max of MAE"),
    MSE("mse", "Mean squared error", "Σw·(p − y)² / Σw", "scikit-learn mean_squared_error"),
    RMSE("rmse", "Root mean squared error", "√MSE", "scikit-learn root_mean_squared_error"),
    R2("r2", "Coefficient of determination", "1 − Σw(p − y)² / Σw(y − ȳ)²", "scikit-learn r2_score (undefined, not 1 or 0, when labels are constant)");

    private final String key;
    private final String title;
    private final String formula;
    private final String aliases;

    RegressionMetric(String key, String title, String formula, String aliases) {
        this.key = key;
        this.title = title;
        this.formula = formula;
        this.aliases = aliases;
    }

    public String key() { return key; }
    public String title() { return title; }
    public String formula() { return formula; }
    public String aliases() { return aliases; }

    public Value compute(RegressionMoments m) {
        double w = m.weight();
        if (w == 0) {
            return Value.undefined("no rows");
        }
        return switch (this) {
            case MEAN_PREDICTION -> Value.of(m.meanPrediction());
            case MEAN_LABEL -> Value.of(m.meanLabel());
            case MEAN_ERROR -> Value.of(m.meanResidual());
            case MAE -> Value.of(m.sumAbsoluteError() / w);
            case MSE -> Value.of(m.sumSquaredError() / w);
            case RMSE -> Value.of(Math.sqrt(m.sumSquaredError() / w));
            case R2 -> m.sumSquaresLabel() == 0 ? Value.undefined("labels are constant in this group")
                    : Value.of(1 - m.sumSquaredError() / m.sumSquaresLabel());
        };
    }
}
