package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.fairness.ranking.RankAuditSpec;
import dev.probity.fairness.ranking.RankedLists;
import dev.probity.mitigation.ranking.ExposureLp;
import dev.probity.mitigation.ranking.Rerank;
import dev.probity.mitigation.ranking.Reranker;
import dev.probity.report.html.RankAuditHtml;
import dev.probity.report.json.RankAuditJson;
import dev.probity.report.text.RankAuditText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity rerank}: fair re-ranking of every list, with the utility it costs. */
@Command(name = "rerank", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {
            "Re-rank every list for fairness and show what it costs: FA*IR (a minimum protected share in every prefix), "
                + "the deterministic re-rankers of Geyik et al. (det-greedy, det-cons, det-relaxed, det-const-sort: every "
                + "group near its target share in every prefix) or exposure-constrained ranking by linear programming "
                + "(Singh & Joachims; lists of up to 40 items, longer ones by their top 40). Prints NDCG and the rank audit before and after.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  # FA*IR on the synthetic hiring rankings, women at least half of every prefix",
            "  probity rerank --data hiring-ranking --query job --item candidate \\",
            "      --position position --group gender --relevance qualification \\",
            "      --protected-group woman --method fa-ir --min-proportion 0.5 \\",
            "      --out fair.csv",
            "",
            "  # Equal exposure per item, by linear programming, for the first 20 jobs",
            "  probity rerank --data hiring-ranking --where \"job <= 'job020'\" \\",
            "      --query job --item candidate --position position --group gender \\",
            "      --protected-group woman --method exposure-lp --out lp.csv",
            "",
            "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."
        })
final class RerankCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions input = new DataOptions();

    @Mixin
    LedgerOption evidence = new LedgerOption();

    @Mixin
    RankOptions rank = new RankOptions();

    @Option(names = "--method", required = true, paramLabel = "METHOD", description = "fa-ir, det-greedy, det-cons, det-relaxed, det-const-sort or exposure-lp.")
    String method;

    @Option(names = "--targets", split = ",", paramLabel = "GROUP=SHARE", description = "Target shares of the det-* re-rankers (default: each group's share of all items).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--rerank-k", paramLabel = "K", description = "The prefix the det-* re-rankers order (default: the whole list); FA*IR orders its --fair-k.")
    Integer rerankK;

    @Option(names = "--constraint", paramLabel = "C", description = "exposure-lp's constraint: parity (default), treatment or impact.")
    String constraint;

    @Option(names = "--ndcg-k", paramLabel = "K", description = "The k of NDCG, the utility reported (default 10).")
    int ndcgK = 10;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of exposure-lp's draw from its mixture of rankings (default 0).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The re-ranked rows: query, item, group, position, original_position (and relevance, score).")
    String out;

    @Option(names = "--json", paramLabel = "FILE", description = "The report as JSON (schema probity.rerank/v1: both audits in full).")
    String json;

    @Option(names = "--html", paramLabel = "FILE", description = "A self-contained page: before and after, and the audit of the re-ranked lists.")
    Path html;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the report.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (ndcgK < 1) {
            throw new InputException("--ndcg-k must be at least 1; got " + ndcgK);
        }
        if (rerankK != null && rerankK < 1) {
            throw new InputException("--rerank-k must be at least 1 (or left out for the whole list); got " + rerankK);
        }
        String m = method.toLowerCase(java.util.Locale.ROOT);
        boolean det = m.startsWith("det-");
        if (!det && (!targets.isEmpty() || rerankK != null)) {
            throw new InputException("--targets and --rerank-k go with the det-* methods; " + method + " does not use them");
        }
        if (!m.equals("exposure-lp") && !m.equals("lp") && constraint != null) {
            throw new InputException("--constraint goes with --method exposure-lp; " + method + " does not use it");
        }
        Map<String, Double> t = new LinkedHashMap<>();
        for (String s : targets) {
            int eq = s.lastIndexOf('=');
            if (eq <= 0) {
                throw new InputException("--targets needs GROUP=SHARE, got '" + InputException.shown(s) + "'");
            }
            try {
                double v = Double.parseDouble(s.substring(eq + 1).trim());
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new NumberFormatException();
                }
                t.put(s.substring(0, eq).trim(), v);
            } catch (NumberFormatException e) {
                throw new InputException("--targets " + InputException.shown(s) + ": the share must be a finite number of at least 0");
            }
        }
        try (OutputPlan outputs = OutputPlan.protecting(stdout, "data", input.data)) {
            outputs.add("out", out).add("json", json).add("html", html);
            boolean toStdout = outputs.usesStdout();
            RankedLists lists = rank.lists(input.readSelected(w -> {
                if (!quiet || toStdout) {
                    err.println("warning: " + w);
                }
            }));
            RankAuditSpec auditSpec = rank.spec();
            ExposureLp.Constraint c = ExposureLp.Constraint.parse(constraint == null ? "parity" : constraint);
            int k = det ? (rerankK == null ? 0 : rerankK) : rank.fairK;
            Reranker reranker = Rerank.create(method, lists, auditSpec, t, k, c, seed);
            Map<String, Object> params = new LinkedHashMap<>();
            switch (reranker.name()) {
                case "fa-ir" -> {
                    params.put("k", rank.fairK);
                    params.put("p", rank.minProportion == null ? "share of all items" : rank.minProportion);
                    params.put("alpha", rank.alpha);
                    params.put("adjusted", !rank.noAdjust);
                }
                case "exposure-lp" -> {
                    params.put("constraint", c.name().toLowerCase(java.util.Locale.ROOT));
                    params.put("position_bias", auditSpec.positionBias().toString());
                    params.put("seed", seed);
                }
                default -> {
                    params.put("targets", t.isEmpty() ? "each group's share of all items" : t.toString());
                    params.put("k", rerankK == null ? "whole list" : rerankK);
                }
            }
            Rerank.Report report = Rerank.run(lists, reranker, auditSpec, ndcgK, params);
            outputs.writeFrame("out", rows(lists, report.reranked()));
            outputs.writeString("json", RankAuditJson.toString(report));
            if (outputs.has("html")) {
                outputs.writeString("html", RankAuditHtml.render(report));
            }
            outputs.commit();
            if (!quiet && !toStdout) {
                stdout.print(RankAuditText.render(report));
                for (String s : List.of("out", "json", "html")) {
                    if (outputs.shown(s) != null) {
                        stdout.println((s.equals("out") ? "Re-ranked rows: " : s.equals("json") ? "JSON: " : "HTML report: ") + outputs.shown(s));
                    }
                }
            }
            return ExitCode.OK;
        }
    }

    /** One row per item of the re-ranked lists: query, item, group, new position, original position, relevance, score. */
    private Frame rows(RankedLists before, RankedLists after) {
        int n = (int) after.itemCount();
        String[] q = new String[n];
        String[] item = new String[n];
        String[] group = new String[n];
        long[] pos = new long[n];
        long[] orig = new long[n];
        double[] rel = after.hasRelevance() ? new double[n] : null;
        double[] sc = after.scores() != null ? new double[n] : null;
        int i = 0;
        for (int l = 0; l < after.queries(); l++) {
            Map<String, Integer> was = new HashMap<>();
            String[] b = before.items().get(l);
            for (int r = 0; r < b.length; r++) {
                was.putIfAbsent(b[r], r + 1);
            }
            String[] a = after.items().get(l);
            for (int r = 0; r < a.length; r++) {
                q[i] = after.queryIds().get(l);
                item[i] = a[r];
                group[i] = after.groups().get(after.group().get(l)[r]);
                pos[i] = r + 1;
                orig[i] = was.getOrDefault(a[r], 0);
                if (rel != null) {
                    rel[i] = after.relevance().get(l)[r];
                }
                if (sc != null) {
                    sc[i] = after.scores().get(l)[r];
                }
                i++;
            }
        }
        List<Column> cols = new ArrayList<>();
        cols.add(StringColumn.of(rank.query == null ? "list" : rank.query, q));
        cols.add(StringColumn.of(rank.item == null ? "item" : rank.item, item));
        cols.add(StringColumn.of(rank.group, group));
        cols.add(LongColumn.of("position", pos));
        cols.add(LongColumn.of("original_position", orig));
        if (rel != null) {
            cols.add(DoubleColumn.of(rank.relevance, rel));
        }
        if (sc != null) {
            cols.add(DoubleColumn.of(rank.score, sc));
        }
        return new Frame(before.source(), cols);
    }
}
