package dev.probity.mitigation;

import dev.probity.core.model.Model;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.MetricTable;
import dev.probity.fairness.metrics.Estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a mitigation run found: both models (the mitigated one with its provenance, ready to save), the method's
 * parameters and details, the audits of both models' predictions on the evaluation rows, the trade-off between
 * error and the constrained disparity (with a method's candidates), and the predictions themselves.
 * Schema {@value #SCHEMA} when written by probity-report.
 *
 * @param method     the catalogue name of the method
 * @param stage      when it acts
 * @param constraint the constraint whose disparity the trade-off measures
 * @param baseline   the model trained without mitigation
 * @param mitigated  the mitigated model
 * @param parameters the method's settings
 * @param details    what the method found while fitting
 * @param before     the audit of the baseline's predictions
 * @param after      the audit of the mitigated model's predictions
 * @param tradeoff   error and disparity of both models and of the candidates
 * @param predictions the evaluation rows' groups and decisions
 * @param rows       evaluation rows
 */
public record MitigationReport(String method, Stage stage, String constraint, Model baseline, Model mitigated,
                               Map<String, Object> parameters, Map<String, Object> details, AuditResult before,
                               AuditResult after, TradeOff tradeoff, Predictions predictions, int rows) {
    public static final String SCHEMA = MitigationResult.SCHEMA;

    public MitigationReport {
        parameters = dev.probity.core.model.PlainValues.map(parameters);
        details = dev.probity.core.model.PlainValues.map(details);
    }

    /** The run as data, without the models and the row-level predictions (what the JSON document holds). */
    public MitigationResult result() {
        return new MitigationResult(method, stage, constraint, baseline.info().algorithm(), mitigated.info().algorithm(), rows,
                parameters, details, mitigated.provenance(), tradeoff, before, after);
    }

    /** One model on the error–disparity plane (error rate and disparity on the evaluation rows). */
    public record Point(String name, double error, double disparity, boolean front) {
    }

    /** The trade-off: the disparity's catalogue name, both models, and the candidates a method chose from. */
    public record TradeOff(String disparity, Point baseline, Point mitigated, List<Point> candidates) {
        public TradeOff {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * The evaluation rows' decisions.
     *
     * @param source   where the rows came from
     * @param groups   each row's group
     * @param before   the baseline's decisions (0/1)
     * @param after    the mitigated model's decisions (0/1; a seeded draw for randomized models)
     * @param expected for randomized models, each row's probability of a positive decision; else null
     */
    public record Predictions(String source, List<String> groups, double[] before, double[] after, double[] expected) {
        public Predictions {
            groups = List.copyOf(groups);
        }
    }

    /** One metric before and after. */
    public record Row(String metric, double before, double after) {
    }

    /**
     * The side-by-side table: overall accuracy, balanced accuracy, selection rate, TPR and FPR, then every named
     * disparity of every audited table (per attribute, and the intersections).
     */
    public List<Row> comparison() {
        List<Row> rows = new ArrayList<>();
        for (String m : List.of("accuracy", "balanced_accuracy", "selection_rate", "tpr", "fpr")) {
            rows.add(new Row(m, number(before.overall().metric(m)), number(after.overall().metric(m))));
        }
        for (MetricTable t : before.attributes()) {
            MetricTable u = after.attribute(t.name());
            for (Map.Entry<String, Estimate> e : t.summary().entrySet()) {
                rows.add(new Row(t.name() + ": " + e.getKey(), number(e.getValue()), number(u.summary().get(e.getKey()))));
            }
        }
        return rows;
    }

    private static double number(Estimate e) {
        return e == null || !e.isDefined() ? Double.NaN : e.number();
    }
}
