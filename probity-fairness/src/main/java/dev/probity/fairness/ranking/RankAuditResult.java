package dev.probity.fairness.ranking;

import dev.probity.core.stats.Interval;

import java.util.List;

/**
 * A rank audit: per group, its share of the items and of the exposure; the protected group's exposure against the
 * rest (demographic parity, and with relevance disparate treatment and impact); its share of every top k; FA*IR's
 * ranked group fairness test per query; Yang and Stoyanovich's rND, rKL, rRD and Geyik's NDKL — each averaged over
 * queries with an interval over queries (Student's t for means, the delta method for ratios of means).
 */
public record RankAuditResult(Input input, RankAuditSpec spec, double minProportion, FairStar.Adjusted fairTable,
                              List<GroupExposure> groups, List<Measure> measures, List<TopShare> topShares, FairStarOutcome fairStar,
                              List<String> findings) {
    public static final String SCHEMA = "probity.rank-audit/v1";

    public RankAuditResult {
        groups = List.copyOf(groups);
        measures = List.copyOf(measures);
        topShares = List.copyOf(topShares);
        findings = List.copyOf(findings);
    }

    /**
     * {@code tiedItems}: items sharing their score with another item of their list; exposure and top-k shares average
     * over the tied positions (ties broken at random, in expectation), the prefix tests take the rows' order.
     */
    public record Input(String source, int queries, long items, boolean relevance, double meanListLength, long tiedItems) {}

    /**
     * A group: mean over queries of its share of a list's items and of its exposure; {@code gap} = exposure share −
     * item share (attention-weighted rank fairness, Sapiezynski et al., with the geometric position bias); its mean
     * exposure per item.
     */
    public record GroupExposure(String group, long items, Mean itemShare, Mean exposureShare, Mean gap, Mean meanExposure) {}

    /** A mean over the queries where it is defined, with its interval and how many queries defined it. */
    public record Mean(double value, Interval interval, int queries) {}

    /** A named measure: {@code key}, its value and interval, the queries that defined it, and what it means. */
    public record Measure(String key, String title, double value, Interval interval, int queries, String fair, String note) {}

    /** The protected share of the top k, averaged over queries with at least k items. */
    public record TopShare(int k, Mean share) {}

    /**
     * FA*IR per query: the lists of at least one item tested at k = min(fairK, length); the lists that fail (with a
     * Wilson interval of the share) against the share a fair ranking fails ({@code expectedFailure}, the adjusted
     * table's failure probability); the most common first failing prefix.
     */
    public record FairStarOutcome(int tested, int failed, double failedShare, Interval failedInterval, double expectedFailure,
                                  int medianFirstViolation) {}

    public Measure measure(String key) {
        return measures.stream().filter(m -> m.key().equals(key)).findFirst().orElse(null);
    }

    public GroupExposure group(String name) {
        return groups.stream().filter(g -> g.group().equals(name)).findFirst().orElse(null);
    }
}
