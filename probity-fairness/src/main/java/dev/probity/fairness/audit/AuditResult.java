package dev.probity.fairness.audit;

import dev.probity.fairness.metrics.Frozen;
import dev.probity.fairness.metrics.Estimate;
import dev.probity.core.model.TaskKind;

import dev.probity.fairness.regulatory.FourFifths;
import dev.probity.fairness.regulatory.LocalLaw144;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
    public AuditResult {
        attributes = Frozen.list(attributes);
        dataset = Frozen.map(dataset);
        findings = Frozen.list(findings);
        rules = Frozen.list(rules);
        warnings = Frozen.list(warnings);
    }


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

    /**
     * Every estimate in a fixed order; results of the same shape list estimates in the same order, and
     * {@link #mapEstimates} visits them in this order (a test checks it).
     */
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
                for (FourFifths.Row r : a.fourFifths().rows()) {
                    out.add(r.selectionRate());
                    out.add(r.impactRatio());
                }
            }
            for (LocalLaw144 table : a.ll144()) {
                for (LocalLaw144.Row r : table.rows()) {
                    out.add(r.rate());
                    out.add(r.impactRatio());
                }
            }
        }
        return out;
    }

    private static void collect(GroupResult g, List<Estimate> out) {
        if (g == null) {
            return;
        }
        out.addAll(g.metrics().values());
        if (g.perClass() != null) {
            for (Map<String, Estimate> m : g.perClass().values()) {
                out.addAll(m.values());
            }
        }
    }

    /**
     * Where an estimate sits: its attribute (null for the overall and dataset estimates), the group whose rows it
     * describes (null for summaries across groups), and the group it is compared with (null for a group's own
     * metrics).
     */
    public record Scope(String attribute, String group, String reference) {
        static final Scope NONE = new Scope(null, null, null);
    }

    /** Maps an estimate knowing where it sits. */
    @FunctionalInterface
    public interface ScopedMapper {
        Estimate apply(Scope scope, Estimate e);
    }

    /**
     * The same result with every estimate replaced by {@code f}'s answer, visiting them in the order of
     * {@link #estimates()}.
     */
    public AuditResult mapEstimates(UnaryOperator<Estimate> f) {
        return mapEstimates((scope, e) -> f.apply(e));
    }

    /** As {@link #mapEstimates(UnaryOperator)}, telling {@code f} where each estimate sits. */
    public AuditResult mapEstimates(ScopedMapper sf) {
        UnaryOperator<Estimate> f = e -> sf.apply(Scope.NONE, e);
        GroupResult newOverall = overall == null ? null : group(overall, f);
        Map<String, Estimate> newDataset = map(dataset, f);
        List<MetricTable> newAttributes = new ArrayList<>();
        for (MetricTable a : attributes) {
            UnaryOperator<Estimate> across = e -> sf.apply(new Scope(a.name(), null, null), e);
            List<GroupResult> groups = new ArrayList<>();
            for (GroupResult g : a.groups()) {
                groups.add(group(g, e -> sf.apply(new Scope(a.name(), g.name(), null), e)));
            }
            Map<String, Summary> aggregates = new LinkedHashMap<>();
            for (Map.Entry<String, Summary> e : a.aggregates().entrySet()) {
                Summary s = e.getValue();
                aggregates.put(e.getKey(), new Summary(s.minGroup(), s.maxGroup(), map(s.values(), across), s.undefinedGroups()));
            }
            Map<String, Estimate> summary = map(a.summary(), across);
            List<GroupDisparity> disparities = new ArrayList<>();
            for (GroupDisparity d : a.disparities()) {
                List<Comparison> cs = new ArrayList<>();
                String ref = d.comparisons().isEmpty() ? a.reference() : d.comparisons().get(0).reference();
                UnaryOperator<Estimate> vs = e -> sf.apply(new Scope(a.name(), d.group(), ref), e);
                for (Comparison c : d.comparisons()) {
                    UnaryOperator<Estimate> pair = e -> sf.apply(new Scope(a.name(), d.group(), c.reference()), e);
                    Estimate diff = pair.apply(c.difference());
                    Estimate ratio = pair.apply(c.ratio());
                    cs.add(new Comparison(c.metric(), c.reference(), diff, ratio, c.parity(), c.pValue(), c.test(), c.pAdjusted()));
                }
                Map<String, Estimate> aif = map(d.aif360(), vs);
                Map<String, Estimate> clarify = map(d.clarify(), vs);
                disparities.add(new GroupDisparity(d.group(), cs, aif, clarify, d.verdicts()));
            }
            Map<String, Estimate> entropy = map(a.entropy(), across);
            Map<String, Estimate> df = map(a.differentialFairness(), across);
            FourFifths ff = null;
            if (a.fourFifths() != null) {
                List<FourFifths.Row> rows = new ArrayList<>();
                for (FourFifths.Row r : a.fourFifths().rows()) {
                    Estimate sel = sf.apply(new Scope(a.name(), r.group(), null), r.selectionRate());
                    Estimate ir = sf.apply(new Scope(a.name(), r.group(), a.fourFifths().highestGroup()), r.impactRatio());
                    rows.add(new FourFifths.Row(r.group(), r.rows(), r.selected(), sel, ir, r.adverse(), r.small()));
                }
                ff = new FourFifths(a.fourFifths().highestGroup(), a.fourFifths().highestRate(), rows, a.fourFifths().threshold());
            }
            List<LocalLaw144> ll = new ArrayList<>();
            for (LocalLaw144 t : a.ll144()) {
                List<LocalLaw144.Row> rows = new ArrayList<>();
                for (LocalLaw144.Row r : t.rows()) {
                    Estimate rate = sf.apply(new Scope(a.name(), r.category(), null), r.rate());
                    Estimate ir = sf.apply(new Scope(a.name(), r.category(), t.highestCategory()), r.impactRatio());
                    rows.add(new LocalLaw144.Row(r.category(), r.rows(), r.share(), r.positive(), rate, ir, r.excluded()));
                }
                ll.add(new LocalLaw144(t.kind(), rows, t.unknownRows(), t.minShare(), t.sampleMedian(), t.highestCategory()));
            }
            newAttributes.add(new MetricTable(a.name(), a.columns(), a.reference(), a.referenceRule(), groups, aggregates, summary,
                    disparities, entropy, df, ff, ll, a.intersection()));
        }
        return new AuditResult(input, roles, task, newOverall, newAttributes, newDataset, settings, findings, rules, warnings);
    }

    /** The same result with every comparison replaced by {@code f}'s answer, in audit order (p-value adjustment). */
    public AuditResult mapComparisons(UnaryOperator<Comparison> f) {
        List<MetricTable> newAttributes = new ArrayList<>();
        for (MetricTable a : attributes) {
            List<GroupDisparity> disparities = new ArrayList<>();
            for (GroupDisparity d : a.disparities()) {
                List<Comparison> cs = new ArrayList<>();
                for (Comparison c : d.comparisons()) {
                    cs.add(f.apply(c));
                }
                disparities.add(new GroupDisparity(d.group(), cs, d.aif360(), d.clarify(), d.verdicts()));
            }
            newAttributes.add(new MetricTable(a.name(), a.columns(), a.reference(), a.referenceRule(), a.groups(), a.aggregates(),
                    a.summary(), disparities, a.entropy(), a.differentialFairness(), a.fourFifths(), a.ll144(), a.intersection()));
        }
        return new AuditResult(input, roles, task, overall, newAttributes, dataset, settings, findings, rules, warnings);
    }

    /**
     * The first difference from another result of the same audit (by another engine, say), for checks and test
     * messages; null when they agree. Everything is compared except where the rows came from ({@code input.source} and
     * {@code input.engine}): counts, groups, roles, settings, warnings and findings exactly, every estimate's value and
     * interval ends to {@code relativeTolerance} (relative to the larger magnitude, or absolute below 1), undefined
     * values and their reasons exactly.
     */
    public String differenceFrom(AuditResult o, double relativeTolerance) {
        Input a = input;
        Input b = o.input;
        if (a.rowsRead() != b.rowsRead() || a.rowsAfterFilter() != b.rowsAfterFilter() || a.rowsDropped() != b.rowsDropped()
                || a.rows() != b.rows() || !close(a.size(), b.size(), relativeTolerance)
                || !java.util.Objects.equals(a.where(), b.where()) || !a.derived().equals(b.derived())) {
            return "input differs: " + a + " vs " + b;
        }
        if (!java.util.Objects.equals(roles, o.roles)) {
            return "roles differ: " + roles + " vs " + o.roles;
        }
        if (task != o.task || !settings.equals(o.settings)) {
            return "task or settings differ: " + task + " " + settings + " vs " + o.task + " " + o.settings;
        }
        if (!warnings.equals(o.warnings)) {
            return "warnings differ: " + warnings + " vs " + o.warnings;
        }
        if (attributes.size() != o.attributes.size()) {
            return "attributes differ: " + attributes.size() + " vs " + o.attributes.size();
        }
        for (int i = 0; i < attributes.size(); i++) {
            MetricTable x = attributes.get(i);
            MetricTable y = o.attributes.get(i);
            if (!x.name().equals(y.name()) || !java.util.Objects.equals(x.reference(), y.reference())
                    || x.groups().size() != y.groups().size()) {
                return "attribute " + i + " differs: " + x.name() + " (reference " + x.reference() + ", " + x.groups().size()
                        + " groups) vs " + y.name() + " (reference " + y.reference() + ", " + y.groups().size() + " groups)";
            }
            for (int g = 0; g < x.groups().size(); g++) {
                GroupResult p = x.groups().get(g);
                GroupResult q = y.groups().get(g);
                if (!p.name().equals(q.name()) || p.rows() != q.rows() || !java.util.Objects.equals(p.counts(), q.counts())
                        || !p.flags().equals(q.flags()) || !java.util.Arrays.deepEquals(p.confusionMatrix(), q.confusionMatrix())) {
                    return "attribute " + x.name() + ", group " + p.name() + " differs: " + p.rows() + " rows, counts "
                            + p.counts() + ", flags " + p.flags() + " vs group " + q.name() + ": " + q.rows() + " rows, counts "
                            + q.counts() + ", flags " + q.flags();
                }
            }
        }
        List<Estimate> e = estimates();
        List<Estimate> f = o.estimates();
        if (e.size() != f.size()) {
            return "number of estimates differs: " + e.size() + " vs " + f.size();
        }
        for (int i = 0; i < e.size(); i++) {
            if (!same(e.get(i), f.get(i), relativeTolerance)) {
                return "estimate " + i + " differs: " + e.get(i) + " vs " + f.get(i);
            }
        }
        if (!findings.equals(o.findings)) {
            return "findings differ: " + findings + " vs " + o.findings;
        }
        if (!rules.equals(o.rules)) {
            return "rules differ: " + rules + " vs " + o.rules;
        }
        return null;
    }

    private static boolean same(Estimate a, Estimate b, double tol) {
        if (a.value().isDefined() != b.value().isDefined()
                || !java.util.Objects.equals(a.value().undefinedReason(), b.value().undefinedReason())
                || a.value().isDefined() && !close(a.value().value(), b.value().value(), tol)
                || a.undefinedReplicates() != b.undefinedReplicates()
                || !java.util.Objects.equals(a.bootstrapWithheld(), b.bootstrapWithheld())) {
            return false;
        }
        return same(a.analytic(), b.analytic(), tol) && same(a.bootstrap(), b.bootstrap(), tol);
    }

    private static boolean same(dev.probity.core.stats.Interval a, dev.probity.core.stats.Interval b, double tol) {
        if (a == null || b == null) {
            return a == b;
        }
        return close(a.low(), b.low(), tol) && close(a.high(), b.high(), tol) && a.level() == b.level()
                && java.util.Objects.equals(a.method(), b.method());
    }

    private static boolean close(double a, double b, double tol) {
        if (Double.compare(a, b) == 0) {
            return true;
        }
        return Math.abs(a - b) <= tol * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** The same result with more dataset-wide metrics (added after the others). */
    public AuditResult withDataset(Map<String, Estimate> more) {
        Map<String, Estimate> d = new LinkedHashMap<>(dataset);
        d.putAll(more);
        return new AuditResult(input, roles, task, overall, attributes, d, settings, findings, rules, warnings);
    }

    private static GroupResult group(GroupResult g, UnaryOperator<Estimate> f) {
        Map<String, Estimate> metrics = map(g.metrics(), f);
        Map<String, Map<String, Estimate>> perClass = null;
        if (g.perClass() != null) {
            perClass = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Estimate>> e : g.perClass().entrySet()) {
                perClass.put(e.getKey(), map(e.getValue(), f));
            }
        }
        return new GroupResult(g.name(), g.key(), g.rows(), g.size(), g.share(), g.counts(), g.weighted(), metrics, g.flags(),
                g.calibration(), g.scoreQuantiles(), perClass, g.confusionMatrix());
    }

    private static Map<String, Estimate> map(Map<String, Estimate> m, UnaryOperator<Estimate> f) {
        Map<String, Estimate> out = new LinkedHashMap<>();
        for (Map.Entry<String, Estimate> e : m.entrySet()) {
            out.put(e.getKey(), f.apply(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }
}
