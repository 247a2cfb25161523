package dev.probity.report.text;

import dev.probity.core.stats.Interval;
import dev.probity.fairness.ranking.RankAuditResult;
import dev.probity.fairness.ranking.RankAuditResult.GroupExposure;
import dev.probity.fairness.ranking.RankAuditResult.Mean;
import dev.probity.fairness.ranking.RankAuditResult.Measure;
import dev.probity.fairness.ranking.RankAuditResult.TopShare;
import dev.probity.mitigation.ranking.Rerank;

import java.util.Locale;

/** The rank audit, and a re-ranking's before and after, for a terminal. */
public final class RankAuditText {
    private RankAuditText() {
    }

    public static String render(RankAuditResult r) {
        StringBuilder sb = new StringBuilder();
        String lv = Interval.percent(r.spec().confidence());
        String pg = r.spec().protectedGroup();
        sb.append("Probity rank audit — ").append(r.input().source()).append('\n');
        sb.append(String.format(Locale.ROOT, "%,d list(s), %,d items (mean length %.1f) · protected group %s · position bias %s%s%n%n",
                r.input().queries(), r.input().items(), r.input().meanListLength(), pg, r.spec().positionBias(),
                r.input().relevance() ? " · with relevance" : ""));
        sb.append(String.format(Locale.ROOT, "Groups — mean over lists (exposure: the position's weight; gap: share of exposure − share of items)%n"));
        sb.append(String.format(Locale.ROOT, "  %-20s %10s %9s %9s  %-15s %9s %11s%n", "group", "items", "of items", "exposure",
                lv + " interval", "gap", "per item"));
        for (GroupExposure g : r.groups()) {
            sb.append(String.format(Locale.ROOT, "  %-20s %,10d %9s %9s  %-15s %9s %11s%n", DataAuditText.cut(g.group(), 20), g.items(),
                    DataAuditText.pct(g.itemShare().value()), DataAuditText.pct(g.exposureShare().value()), range(g.exposureShare()),
                    Double.isNaN(g.gap().value()) ? "—" : String.format(Locale.ROOT, "%+.1f pt", 100 * g.gap().value()),
                    small(g.meanExposure().value())));
        }
        sb.append(String.format(Locale.ROOT, "%n%s against the rest%n", pg));
        sb.append(String.format(Locale.ROOT, "  %-26s %8s  %-17s %5s %8s  %s%n", "measure", "value", lv + " interval", "fair", "lists", "meaning"));
        for (Measure m : r.measures()) {
            sb.append(String.format(Locale.ROOT, "  %-26s %8s  %-17s %5s %,8d  %s%n", m.key(), num(m.value()),
                    m.interval() == null ? "—" : String.format(Locale.ROOT, "%.4f–%.4f", m.interval().low(), m.interval().high()), m.fair(),
                    m.queries(), m.title()));
        }
        sb.append(String.format(Locale.ROOT, "%nShare of %s in the top k (of all items: %s)%n", pg, DataAuditText.pct(shareOfItems(r))));
        for (TopShare t : r.topShares()) {
            Mean s = t.share();
            sb.append(String.format(Locale.ROOT, "  top %-4d %8s  %-17s over %,d list(s) of at least %d items%n", t.k(),
                    DataAuditText.pct(s.value()), range(s), s.queries(), t.k()));
        }
        RankAuditResult.FairStarOutcome f = r.fairStar();
        sb.append(String.format(Locale.ROOT, "%nFA*IR ranked group fairness (top %d, p = %.3f, α = %s%s): %,d of %,d lists fail (%s, %s)%n",
                r.fairTable() == null ? r.spec().fairK() : Math.min(r.spec().fairK(), r.fairTable().table().length), r.minProportion(), trim(r.spec().alpha()),
                r.spec().adjust() && r.fairTable() != null ? " adjusted to " + trim(r.fairTable().alpha()) : "", f.failed(), f.tested(),
                DataAuditText.pct(f.failedShare()), f.failedInterval() == null ? "—" : DataAuditText.range(f.failedInterval())));
        if (r.fairTable() != null) {
            sb.append(String.format(Locale.ROOT, "  a fair ranking fails %s of the time; minimum %s in each prefix: %s%n",
                    DataAuditText.pct(r.fairTable().failureProbability()), pg, table(r.fairTable().table())));
        }
        if (f.failed() > 0) {
            sb.append(String.format(Locale.ROOT, "  median first failing prefix: top %d%n", f.medianFirstViolation()));
        }
        sb.append('\n');
        if (r.input().queries() < 2) {
            sb.append("One list: the measures describe it; there are no intervals over lists and no test of a process.\n");
        }
        if (r.findings().isEmpty()) {
            sb.append(r.input().queries() < 2 ? "Findings: none\n"
                    : "Findings: none beyond chance (see docs/rankings.md for what each measure tests)\n");
        } else {
            sb.append("Findings\n");
            for (String s : r.findings()) {
                sb.append("  ").append(s).append('\n');
            }
        }
        return sb.toString();
    }

    public static String render(Rerank.Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Probity re-ranking — %s with %s %s%n", r.before().input().source(), r.method(), r.parameters()));
        sb.append(String.format(Locale.ROOT, "  %-28s %10s %10s%n", "", "before", "after"));
        sb.append(String.format(Locale.ROOT, "  %-28s %10s %10s%n", "NDCG@" + r.ndcgK() + " (utility)", num(r.ndcgBefore()), num(r.ndcgAfter())));
        for (Measure m : r.before().measures()) {
            Measure a = r.after().measure(m.key());
            sb.append(String.format(Locale.ROOT, "  %-28s %10s %10s   (fair: %s)%n", m.key(), num(m.value()), num(a.value()), m.fair()));
        }
        for (int i = 0; i < r.before().topShares().size(); i++) {
            TopShare b = r.before().topShares().get(i);
            TopShare a = r.after().topShares().get(i);
            sb.append(String.format(Locale.ROOT, "  %-28s %10s %10s%n", r.before().spec().protectedGroup() + " in the top " + b.k(),
                    DataAuditText.pct(b.share().value()), DataAuditText.pct(a.share().value())));
        }
        sb.append(String.format(Locale.ROOT, "  %-28s %10s %10s%n", "FA*IR lists failing", DataAuditText.pct(r.before().fairStar().failedShare()),
                DataAuditText.pct(r.after().fairStar().failedShare())));
        for (String n : r.notes()) {
            sb.append("  note: ").append(n).append('\n');
        }
        return sb.toString();
    }

    static double shareOfItems(RankAuditResult r) {
        GroupExposure g = r.group(r.spec().protectedGroup());
        return g == null ? Double.NaN : (double) g.items() / r.input().items();
    }

    private static String range(Mean m) {
        return m.interval() == null ? "—" : DataAuditText.range(m.interval());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A small number with four significant digits (exposures of deep positions are tiny). */
    private static String small(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** The m-table, its first 20 entries and its last. */
    private static String table(int[] t) {
        if (t.length <= 20) {
            return java.util.Arrays.toString(t);
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            b.append(i == 0 ? "" : ", ").append(t[i]);
        }
        return b.append(", … ").append(t[t.length - 1]).append(" at ").append(t.length).append(']').toString();
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
