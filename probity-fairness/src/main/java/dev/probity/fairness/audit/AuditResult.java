package dev.probity.fairness.audit;

import dev.probity.fairness.metrics.Estimate;
import dev.probity.fairness.stats.TaskKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything an audit found. Rendered as JSON (schema {@value #SCHEMA}), HTML and a terminal table by
 * probity-report; every number is an {@link Estimate} so that intervals travel with values.
 *
 * @param input where the rows came from and how many were used
 * @param roles what the columns meant
 * @param task the kind of task
 * @param overall metrics over all audited rows
 * @param attributes one result per protected attribute and per intersection
 * @param dataset dataset-wide metrics (entropy indices, differential fairness over all attributes, consistency)
 * @param settings the statistical settings used
 * @param findings plain-language findings, most important first
 * @param rules outcomes of {@code --fail-on} rules
 * @param warnings everything the reader should know about the input
 */
public record AuditResult(Input input, RolesInfo roles, TaskKind task, GroupResult overall,
                          List<MetricTable> attributes, Map<String, Estimate> dataset, Settings settings,
                          List<Finding> findings, List<RuleOutcome> rules, List<String> warnings) {

    public static final String SCHEMA = "probity.audit/v1";

    /** Where the rows came from. */
    public record Input(String source, String engine, long rowsRead, long rowsAfterFilter, long rowsDropped, long rows,
                        double size, String where, Map<String, String> derived) {}

    /** What the columns meant. */
    public record RolesInfo(String label, String positiveLabel, String prediction, String positivePrediction,
                            String score, Double threshold, String weight, List<String> protectedAttributes,
                            String strata, List<String> classes, List<String> features) {}

    /** The statistical settings. */
    public record Settings(double confidence, double tolerance, int minGroupSize, int bootstrap, long seed,
                           String intervalMethod, String adjustment, double ll144MinShare, double fourFifths,
                           List<Double> entropyAlphas, double concentration, int neighbours) {}

    /** One plain-language finding. */
    public record Finding(String severity, String attribute, String group, String metric, String text) {}

    /** The outcome of one {@code --fail-on} rule. */
    public record RuleOutcome(String rule, boolean passed, String detail) {}

    public MetricTable attribute(String name) {
        for (MetricTable a : attributes) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    public AuditResult withFindings(List<Finding> f) {
        return new AuditResult(input, roles, task, overall, attributes, dataset, settings, f, rules, warnings);
    }

    public AuditResult withRules(List<RuleOutcome> r) {
        return new AuditResult(input, roles, task, overall, attributes, dataset, settings, findings, r, warnings);
    }

    /** Every estimate in a fixed order; results of the same shape list estimates in the same order. */
    public List<Estimate> estimates() {
        List<Estimate> out = new ArrayList<>();
        collect(overall, out);
        out.addAll(dataset.values());
        for (MetricTable a : attributes) {
            for (GroupResult g : a.groups()) {
                collect(g, out);
            }
            for (Summary s : a.aggregates().values()) {
                out.addAll(s.values().values());
            }
            out.addAll(a.summary().values());
            for (GroupDisparity d : a.disparities()) {
                for (Comparison c : d.comparisons()) {
                    out.add(c.difference());
                    out.add(c.ratio());
                }
                out.addAll(d.aif360().values());
                out.addAll(d.clarify().values());
            }
            out.addAll(a.entropy().values());
            out.addAll(a.differentialFairness().values());
            if (a.fourFifths() != null) {
                for (var r : a.fourFifths().rows()) {
                    out.add(r.selectionRate());
                    out.add(r.impactRatio());
                }
            }
            for (var table : a.ll144()) {
                for (var r : table.rows()) {
                    out.add(r.rate());
                    out.add(r.impactRatio());
                }
            }
        }
        return out;
    }

    private static void collect(GroupResult g, List<Estimate> out) {
        out.addAll(g.metrics().values());
        if (g.perClass() != null) {
            for (Map<String, Estimate> m : g.perClass().values()) {
                out.addAll(m.values());
            }
        }
    }
}
