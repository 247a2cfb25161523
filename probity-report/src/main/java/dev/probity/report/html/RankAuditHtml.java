package dev.probity.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.core.stats.Interval;
import dev.probity.fairness.ranking.RankAuditResult;
import dev.probity.fairness.ranking.RankAuditResult.GroupExposure;
import dev.probity.fairness.ranking.RankAuditResult.Measure;
import dev.probity.fairness.ranking.RankAuditResult.TopShare;
import dev.probity.mitigation.ranking.Rerank;
import dev.probity.report.json.AuditJson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rank audit as a self-contained page (and a re-ranking's before and after above the audit of its result). */
public final class RankAuditHtml {
    private static final Template TEMPLATE = Mustache.compiler().defaultValue("")
            .compile(AuditHtml.resource("/dev/probity/report/rank-audit.html.mustache"));

    private RankAuditHtml() {
    }

    public static String render(RankAuditResult r) {
        return render(r, null);
    }

    public static String render(Rerank.Report rerank) {
        return render(rerank.after(), rerank);
    }

    private static String render(RankAuditResult r, Rerank.Report rerank) {
        Map<String, Object> m = new LinkedHashMap<>();
        String level = Interval.percent(r.spec().confidence());
        String pg = r.spec().protectedGroup();
        m.put("version", AuditJson.VERSION);
        m.put("title", rerank == null ? "Rank audit" : "Re-ranked lists");
        m.put("source", r.input().source());
        m.put("queries", String.format(Locale.ROOT, "%,d", r.input().queries()));
        m.put("items", String.format(Locale.ROOT, "%,d", r.input().items()));
        m.put("meanLength", String.format(Locale.ROOT, "%.1f", r.input().meanListLength()));
        m.put("protectedGroup", pg);
        m.put("bias", r.spec().positionBias().toString());
        m.put("relevance", r.input().relevance());
        m.put("level", level);
        m.put("findings", r.findings());
        List<Map<String, Object>> groups = new ArrayList<>();
        StringBuilder labels = new StringBuilder("[");
        StringBuilder items = new StringBuilder("[");
        StringBuilder exposure = new StringBuilder("[");
        for (GroupExposure g : r.groups()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", g.group());
            row.put("items", String.format(Locale.ROOT, "%,d", g.items()));
            row.put("itemShare", pct(g.itemShare().value()));
            row.put("exposureShare", pct(g.exposureShare().value()));
            row.put("interval", g.exposureShare().interval() == null ? "—" : range(g.exposureShare().interval()));
            row.put("gap", Double.isNaN(g.gap().value()) ? "—" : String.format(Locale.ROOT, "%+.1f pt", 100 * g.gap().value()));
            row.put("meanExposure", num(g.meanExposure().value()));
            groups.add(row);
            String sep = labels.length() > 1 ? "," : "";
            labels.append(sep).append(JsonText.str(g.group()));
            items.append(sep).append(JsonText.num(g.itemShare().value()));
            exposure.append(sep).append(JsonText.num(g.exposureShare().value()));
        }
        m.put("groups", groups);
        List<Map<String, Object>> measures = new ArrayList<>();
        for (Measure x : r.measures()) {
            measures.add(Map.of("key", x.key(), "title", x.title(), "note", x.note(), "value", num(x.value()), "fair", x.fair(),
                    "queries", String.format(Locale.ROOT, "%,d", x.queries()),
                    "interval", x.interval() == null ? "—" : String.format(Locale.ROOT, "%.4f–%.4f", x.interval().low(), x.interval().high())));
        }
        m.put("measures", measures);
        StringBuilder ks = new StringBuilder("[");
        StringBuilder top = new StringBuilder("[");
        StringBuilder topIv = new StringBuilder("[");
        for (TopShare t : r.topShares()) {
            String sep = ks.length() > 1 ? "," : "";
            ks.append(sep).append(t.k());
            top.append(sep).append(JsonText.num(t.share().value()));
            Interval iv = t.share().interval();
            topIv.append(sep).append(iv == null ? "null" : "[" + JsonText.num(iv.low()) + "," + JsonText.num(iv.high()) + "]");
        }
        GroupExposure pgx = r.group(pg);
        double overall = pgx == null ? Double.NaN : (double) pgx.items() / r.input().items();
        RankAuditResult.FairStarOutcome f = r.fairStar();
        m.put("fairText", String.format(Locale.ROOT, "%,d of %,d lists fail the test for %s at p = %.3f and α = %s%s (%s, %s interval %s)%s.",
                f.failed(), f.tested(), pg, r.minProportion(), fmt(r.spec().alpha()),
                r.spec().adjust() && r.fairTable() != null ? " adjusted to " + fmt(r.fairTable().alpha()) + " for testing every prefix" : "",
                pct(f.failedShare()), level, f.failedInterval() == null ? "—" : range(f.failedInterval()),
                f.failed() > 0 ? "; the median first failing prefix is the top " + f.medianFirstViolation() : ""));
        if (r.fairTable() != null) {
            m.put("table", Map.of("table", Arrays.toString(r.fairTable().table()), "k", r.fairTable().table().length,
                    "p", String.format(Locale.ROOT, "%.3f", r.minProportion()), "failure", pct(r.fairTable().failureProbability())));
        }
        if (rerank != null) {
            List<Map<String, String>> rows = new ArrayList<>();
            rows.add(Map.of("name", "NDCG@" + rerank.ndcgK() + " (utility)", "before", num(rerank.ndcgBefore()), "after", num(rerank.ndcgAfter()), "fair", "1"));
            for (Measure b : rerank.before().measures()) {
                rows.add(Map.of("name", b.key(), "before", num(b.value()), "after", num(rerank.after().measure(b.key()).value()), "fair", b.fair()));
            }
            for (int i = 0; i < rerank.before().topShares().size(); i++) {
                TopShare b = rerank.before().topShares().get(i);
                rows.add(Map.of("name", pg + " in the top " + b.k(), "before", pct(b.share().value()),
                        "after", pct(rerank.after().topShares().get(i).share().value()), "fair", pct(overall)));
            }
            rows.add(Map.of("name", "FA*IR lists failing", "before", pct(rerank.before().fairStar().failedShare()),
                    "after", pct(rerank.after().fairStar().failedShare()), "fair", pct(rerank.after().fairStar().expectedFailure())));
            m.put("rerank", Map.of("method", rerank.method(), "parameters", rerank.parameters().toString(), "rows", rows, "notes", rerank.notes()));
        }
        String data = "{\"groups\":" + labels + "],\"itemShare\":" + items + "],\"exposureShare\":" + exposure + "],\"ks\":" + ks
                + "],\"topShare\":" + top + "],\"topInterval\":" + topIv + "],\"overall\":" + JsonText.num(overall) + "}";
        m.put("css", AuditHtml.resource("/dev/probity/report/report.css"));
        m.put("chartjs", ChartJs.script());
        m.put("data", data.replace("<", "\\u003c"));
        return TEMPLATE.execute(m);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String range(Interval iv) {
        return String.format(Locale.ROOT, "%.1f–%.1f%%", 100 * iv.low(), 100 * iv.high());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
