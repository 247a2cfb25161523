package dev.probity.fairness.data;

import dev.probity.core.stats.Interval;

import java.util.List;

/**
 * A data bias report: whether a dataset represents its population, whether labels and missing values differ by
 * group, and which features stand in for a protected attribute. Immutable; every list keeps a fixed order, so the
 * same data and settings give the same report. Schema {@value #SCHEMA} ({@code DataAuditJson}).
 */
public record DataAuditResult(Input input, Roles roles, Settings settings, List<Representation> representation,
                              List<LabelGaps> labels, List<Missingness> missingness, List<Proxies> proxies,
                              List<Finding> findings, List<RuleOutcome> rules) {
    public static final String SCHEMA = "probity.data-audit/v1";

    public DataAuditResult {
        representation = List.copyOf(representation);
        labels = List.copyOf(labels);
        missingness = List.copyOf(missingness);
        proxies = List.copyOf(proxies);
        findings = List.copyOf(findings);
        rules = List.copyOf(rules);
    }

    /** Where the rows came from: the source, the rows examined (after any filter) and the columns. */
    public record Input(String source, long rows, int columns) {}

    /** What was examined. {@code population} is the reference table's origin, or null. */
    public record Roles(List<String> protectedAttributes, boolean intersections, String label, String positive,
                        String strata, List<String> features, String population) {
        public Roles {
            protectedAttributes = List.copyOf(protectedAttributes);
            features = List.copyOf(features);
        }
    }

    /** The settings that shaped the numbers. */
    public record Settings(double confidence, double tolerance, int minGroupSize, int folds, int bins,
                           int proxyModelRows, long seed) {}

    /**
     * One attribute's groups against the reference population. The chi-square goodness-of-fit test compares the
     * counts of the groups the population names with their population shares (null without a population).
     */
    public record Representation(String attribute, List<GroupShare> groups, Double chiSquare, Integer degreesOfFreedom,
                                 Double pValue, String testNote, List<String> sources) {
        public Representation {
            groups = List.copyOf(groups);
            sources = List.copyOf(sources);
        }

        public GroupShare group(String name) {
            return groups.stream().filter(g -> g.group().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * A group's share of the rows with its Wilson interval, against its population share. {@code ratio} is share ÷
     * population share; {@code status} one of {@code under} (ratio below the tolerance), {@code over} (above its
     * reciprocal), {@code within}, {@code absent} (in the population, no row in the data), {@code not-in-population}
     * (in the data, not in the population table), {@code no-population} (no table for the attribute).
     * {@code significant}: the exact binomial test of the group's count against its population share rejects at
     * 1 − confidence, Holm-adjusted over the attribute's groups.
     */
    public record GroupShare(String group, long rows, double share, Interval interval, Double populationShare,
                             Double ratio, String status, boolean significant, boolean small) {}

    /** Base rates of the label per group, and the gaps that remain within strata of a legitimate factor. */
    public record LabelGaps(String attribute, long rows, long missingLabels, double overallRate, List<GroupRate> groups,
                            List<ConditionalGap> conditional) {
        public LabelGaps {
            groups = List.copyOf(groups);
            conditional = List.copyOf(conditional);
        }

        public GroupRate group(String name) {
            return groups.stream().filter(g -> g.group().equals(name)).findFirst().orElse(null);
        }

        public ConditionalGap conditional(String name) {
            return conditional.stream().filter(g -> g.group().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * A group's base rate (share of positive labels) with its Wilson interval; {@code difference} = the group's
     * rate − the rate of all other rows, with Newcombe's interval and a p-value (Fisher's exact test or the
     * G-test, as the audit chooses); {@code classImbalance} and {@code dpl} are SageMaker Clarify's CI and DPL
     * with this group as the facet.
     */
    public record GroupRate(String group, long rows, long positives, double rate, Interval interval, Double difference,
                            Interval differenceInterval, Double pValue, String test, double classImbalance, Double dpl,
                            boolean small) {}

    /**
     * The gap between a group and all other rows within strata of the legitimate factor: {@code gap} = Σ n_gs ·
     * (rate_gs − rate_rest,s) / Σ n_gs over strata where both sides have rows (the gap a member of the group meets
     * on average in the stratum they are in); the Cochran–Mantel–Haenszel test (with continuity correction, as R's
     * {@code mantelhaen.test}) of no association within strata; Clarify's CDDL.
     */
    public record ConditionalGap(String group, Double gap, Double cmhStatistic, Double pValue, Double cddl,
                                 int strataUsed, List<StratumRate> strata) {
        public ConditionalGap {
            strata = List.copyOf(strata);
        }
    }

    /** One stratum: the group's rows and rate, and the other rows' rows and rate (null rate without rows). */
    public record StratumRate(String stratum, long groupRows, Double groupRate, long restRows, Double restRate) {}

    /** Missing values per column and group of one attribute; columns without a missing value are only counted. */
    public record Missingness(String attribute, List<ColumnMissing> columns, List<String> complete) {
        public Missingness {
            columns = List.copyOf(columns);
            complete = List.copyOf(complete);
        }

        public ColumnMissing column(String name) {
            return columns.stream().filter(c -> c.column().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * One column's missing values: overall and per group, the largest difference of shares between groups of at
     * least the minimum size, and a test of independence of missingness and group (Pearson's chi-square on the
     * groups × missing table; {@code test} says when an expected count was below 5 and the p-value is approximate),
     * Holm-adjusted over the columns of the attribute.
     */
    public record ColumnMissing(String column, long missing, double share, List<GroupMissing> groups, Double maxDifference,
                                Double chiSquare, Double pValue, Double adjustedPValue, String test, boolean dependsOnGroup) {
        public ColumnMissing {
            groups = List.copyOf(groups);
        }
    }

    public record GroupMissing(String group, long rows, long missing, double share, Interval interval) {}

    /**
     * The features of one attribute ranked by how well each predicts it (strongest first), a model on all of them
     * together (null when no trainer was given or it could not be trained), and notes on features left out and why.
     */
    public record Proxies(String attribute, List<Proxy> features, JointModel joint, List<String> notes) {
        public Proxies {
            features = List.copyOf(features);
            notes = List.copyOf(notes);
        }

        public Proxy feature(String name) {
            return features.stream().filter(p -> p.feature().equals(name)).findFirst().orElse(null);
        }

        /** The rank (1 = strongest) of a feature, or 0 when absent. */
        public int rank(String name) {
            for (int i = 0; i < features.size(); i++) {
                if (features.get(i).feature().equals(name)) {
                    return i + 1;
                }
            }
            return 0;
        }
    }

    /**
     * How well one feature predicts the protected attribute. {@code auc}: ROC AUC of a one-feature model (each
     * value's group shares, learnt on the other folds) on held-out rows — one group against the rest, averaged
     * over groups weighted by size for more than two — with an approximate interval (Hanley and McNeil, 1982).
     * {@code mutualInformation} in bits and {@code uncertaintyCoefficient} (the share of the attribute's entropy
     * the feature explains), {@code cramersV} (without bias correction, as scipy's {@code association}) are
     * measured on all rows, numbers in quantile bins. {@code strength}: strong (AUC ≥ 0.8), moderate (≥ 0.7),
     * weak (≥ 0.6) or negligible.
     */
    public record Proxy(String feature, String encoding, int levels, double mutualInformation,
                        double uncertaintyCoefficient, double cramersV, double auc, Interval aucInterval, String strength) {}

    /** A model on all features together, cross-validated: how well the attribute can be recovered from the data. */
    public record JointModel(String algorithm, long rows, int folds, double auc, Interval aucInterval, String strength) {}

    /** A finding in plain language: severity high, medium or info; {@code section} representation, labels, missingness or proxies. */
    public record Finding(String severity, String section, String attribute, String subject, String text) {}

    public record RuleOutcome(String rule, boolean passed, String detail) {}

    public Representation representation(String attribute) {
        return representation.stream().filter(r -> r.attribute().equals(attribute)).findFirst().orElse(null);
    }

    public LabelGaps labels(String attribute) {
        return labels.stream().filter(r -> r.attribute().equals(attribute)).findFirst().orElse(null);
    }

    public Missingness missingness(String attribute) {
        return missingness.stream().filter(r -> r.attribute().equals(attribute)).findFirst().orElse(null);
    }

    public Proxies proxies(String attribute) {
        return proxies.stream().filter(r -> r.attribute().equals(attribute)).findFirst().orElse(null);
    }

    public DataAuditResult withRules(List<RuleOutcome> r) {
        return new DataAuditResult(input, roles, settings, representation, labels, missingness, proxies, findings, r);
    }
}
