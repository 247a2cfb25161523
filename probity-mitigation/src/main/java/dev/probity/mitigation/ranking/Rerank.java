package dev.probity.mitigation.ranking;

import dev.probity.core.InputException;
import dev.probity.fairness.ranking.ListMetrics;
import dev.probity.fairness.ranking.RankAudit;
import dev.probity.fairness.ranking.RankAuditResult;
import dev.probity.fairness.ranking.RankAuditSpec;
import dev.probity.fairness.ranking.RankedLists;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-ranks every list and shows what it costs: the rank audit before and after, and the utility (NDCG@k of each item's
 * merit — its relevance, else its score, else its original rank) before and after, averaged over queries. Re-rankers order
 * by the system's own signal (the score, else the original rank), never by the relevance that judges them.
 */
public final class Rerank {
    private Rerank() {
    }

    /** What a re-ranking did. {@code infeasible}: lists that could not meet the constraint (too few items of a group). */
    public record Report(String method, Map<String, Object> parameters, RankedLists reranked, RankAuditResult before,
                         RankAuditResult after, int ndcgK, double ndcgBefore, double ndcgAfter, int infeasible, List<String> notes) {
        public Report {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            notes = List.copyOf(notes);
        }

        public Result result() {
            return new Result(method, parameters, ndcgK, ndcgBefore, ndcgAfter, infeasible, notes, before, after);
        }
    }

    /** What a re-ranking did, without the lists: what its report (schema {@code probity.rerank/v1}) holds. */
    public record Result(String method, Map<String, Object> parameters, int ndcgK, double ndcgBefore, double ndcgAfter,
                         int infeasibleLists, List<String> notes, RankAuditResult before, RankAuditResult after) {
        public Result {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            notes = List.copyOf(notes);
        }
    }

    /** The re-ranker for a method name: fa-ir, det-greedy, det-cons, det-relaxed, det-const-sort or exposure-lp. */
    public static Reranker create(String method, RankedLists lists, RankAuditSpec spec, Map<String, Double> targets, int k,
                                  ExposureLp.Constraint constraint, long seed) {
        int prot = lists.groupCode(spec.protectedGroup());
        if (prot < 0) {
            throw new InputException("the protected group '" + InputException.shown(spec.protectedGroup()) + "' is in no list; groups are "
                    + lists.groups());
        }
        return switch (method.toLowerCase(java.util.Locale.ROOT)) {
            case "fa-ir", "fair", "fa*ir", "fairstar" -> {
                double p = Double.isNaN(spec.minProportion()) ? overallShare(lists, prot) : spec.minProportion();
                yield new FairTopK(prot, k, p, spec.alpha(), spec.adjust());
            }
            case "det-greedy", "det-cons", "det-relaxed", "det-const-sort" -> {
                double[] t = new double[lists.groups().size()];
                if (targets == null || targets.isEmpty()) {
                    for (int g = 0; g < t.length; g++) {
                        t[g] = shareOf(lists, g);
                    }
                } else {
                    double sum = 0;
                    for (Map.Entry<String, Double> e : targets.entrySet()) {
                        int g = lists.groupCode(e.getKey());
                        if (g < 0) {
                            throw new InputException("target group '" + InputException.shown(e.getKey()) + "' is in no list ({{targets}}); groups are "
                                    + lists.groups());
                        }
                        t[g] = e.getValue();
                        sum += e.getValue();
                    }
                    List<String> unnamed = new ArrayList<>();
                    for (int g = 0; g < t.length; g++) {
                        if (!targets.containsKey(lists.groups().get(g))) {
                            unnamed.add(lists.groups().get(g));
                        }
                    }
                    if (!unnamed.isEmpty()) {
                        throw new InputException("the target shares ({{targets}}) must name every group; missing: " + unnamed
                                + " (give a group 0 to place it only after the others)");
                    }
                    boolean fractions = Math.abs(sum - 1) <= 1e-6;
                    boolean percents = Math.abs(sum - 100) <= 1e-4;
                    if (!fractions && !percents) {
                        throw new InputException(String.format(java.util.Locale.ROOT,
                                "the target shares ({{targets}}) must add up to 1 (or to 100, as percentages); they add up to %s", sum));
                    }
                    for (int g = 0; g < t.length; g++) {
                        t[g] /= sum;
                    }
                }
                yield new DetRanker(DetRanker.Variant.parse(method), t, k);
            }
            case "exposure-lp", "lp" -> new ExposureLp(prot, constraint, spec.positionBias(), seed);
            default -> throw new InputException("unknown re-ranking method '" + InputException.shown(method)
                    + "' ({{method}}); use fa-ir, det-greedy, det-cons, det-relaxed, det-const-sort or exposure-lp");
        };
    }

    static double overallShare(RankedLists lists, int g) {
        return shareOf(lists, g);
    }

    private static double shareOf(RankedLists lists, int g) {
        long n = 0;
        long c = 0;
        for (int[] x : lists.group()) {
            for (int v : x) {
                c += v == g ? 1 : 0;
            }
            n += x.length;
        }
        return (double) c / n;
    }

    public static Report run(RankedLists lists, Reranker reranker, RankAuditSpec spec, int ndcgK, Map<String, Object> parameters) {
        List<int[]> orders = new ArrayList<>();
        double before = 0;
        double after = 0;
        int defined = 0;
        List<String> notes = new ArrayList<>();
        int tooLong = 0;
        for (int q = 0; q < lists.queries(); q++) {
            int[] g = lists.group().get(q);
            double[] m = lists.signal(q);
            int[] order;
            if (reranker instanceof ExposureLp && g.length > ExposureLp.MAX_ITEMS) {
                // the LP re-ranks the top MAX_ITEMS; the rest keep their places
                tooLong++;
                int top = ExposureLp.MAX_ITEMS;
                int[] head = reranker.rerank(java.util.Arrays.copyOf(g, top), java.util.Arrays.copyOf(m, top));
                order = new int[g.length];
                System.arraycopy(head, 0, order, 0, top);
                for (int r = top; r < g.length; r++) {
                    order[r] = r;
                }
            } else {
                order = reranker.rerank(g, m);
            }
            orders.add(order);
            double[] merit = lists.merit(q).clone();
            double[] reordered = new double[order.length];
            for (int r = 0; r < order.length; r++) {
                reordered[r] = merit[order[r]];
            }
            double nb = ListMetrics.ndcg(merit, ndcgK);
            double na = ListMetrics.ndcg(reordered, ndcgK);
            if (!Double.isNaN(nb) && !Double.isNaN(na)) {
                before += nb;
                after += na;
                defined++;
            }
        }
        if (tooLong > 0) {
            notes.add(tooLong + " list(s) longer than " + ExposureLp.MAX_ITEMS + " items: the LP re-ranked their top "
                    + ExposureLp.MAX_ITEMS + " and left the rest in place");
        }
        if (reranker instanceof ExposureLp) {
            notes.add("each list is one ranking drawn (seeded) from the LP's mixture of rankings: the exposure constraint holds in"
                    + " expectation over the mixture, not in every drawn list");
        }
        int infeasible = reranker.infeasible();
        if (infeasible > 0) {
            notes.add(infeasible + " list(s) " + (reranker instanceof FairTopK ? "hold too few protected items to meet FA*IR's table; their"
                    + " remaining places went to the others" : "could not keep every group at its minimum share in every prefix: a group ran"
                    + " out of items"));
        }
        RankedLists reranked = lists.reorder(orders);
        RankAuditResult a = RankAudit.run(lists, spec);
        RankAuditResult b = RankAudit.run(reranked, spec);
        return new Report(reranker.name(), parameters, reranked, a, b, ndcgK, defined == 0 ? Double.NaN : before / defined,
                defined == 0 ? Double.NaN : after / defined, infeasible, notes);
    }
}
