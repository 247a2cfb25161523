package dev.probity.mitigation.ranking;

import dev.probity.fairness.ranking.FairStar;

import java.util.HashMap;
import java.util.Map;

/**
 * FA*IR's re-ranking (Zehlike et al., CIKM 2017, Algorithm 2): the top k are merged from the protected and the other
 * items, each sorted by merit, taking a protected item whenever the prefix would otherwise hold fewer than the m-table
 * asks, and otherwise the better of the two heads (a tie goes to the protected item). Items after the k-th keep their
 * merit order. When the list has too few protected items to meet the table, the merge goes on with the others and the
 * list is counted in {@link #infeasible()}.
 */
public final class FairTopK implements Reranker {
    private final int protectedGroup;
    private final int k;
    private final double p;
    private final double alpha;
    private final boolean adjust;
    private final Map<Integer, int[]> tables = new HashMap<>();
    private int infeasible;

    public FairTopK(int protectedGroup, int k, double p, double alpha, boolean adjust) {
        this.protectedGroup = protectedGroup;
        this.k = k;
        this.p = p;
        this.alpha = alpha;
        this.adjust = adjust;
        FairStar.minimumTable(k, p, alpha); // validates
    }

    @Override
    public String name() {
        return "fa-ir";
    }

    /** The m-table used for lists of at least k items. */
    public synchronized int[] table(int length) {
        int kk = Math.min(k, length);
        return tables.computeIfAbsent(kk, x -> adjust ? FairStar.adjustedAlpha(x, p, alpha).table() : FairStar.minimumTable(x, p, alpha));
    }

    /** Lists seen so far that held too few protected items to meet the table. */
    @Override
    public synchronized int infeasible() {
        return infeasible;
    }

    @Override
    public int[] rerank(int[] group, double[] merit) {
        int n = group.length;
        int[] two = new int[n];
        for (int r = 0; r < n; r++) {
            two[r] = group[r] == protectedGroup ? 0 : 1;
        }
        int[][] lists = Reranker.byGroup(two, merit, 2);
        int[] prot = lists[0];
        int[] rest = lists[1];
        int[] m = table(n);
        int[] out = new int[n];
        int a = 0;
        int b = 0;
        boolean short_ = false;
        for (int i = 0; i < n; i++) {
            boolean takeProtected;
            if (a == prot.length) {
                takeProtected = false;
                if (i < m.length && a < m[i]) {
                    short_ = true;
                }
            } else if (b == rest.length) {
                takeProtected = true;
            } else if (i < m.length && a < m[i]) {
                takeProtected = true;
            } else {
                takeProtected = merit[prot[a]] >= merit[rest[b]];
            }
            out[i] = takeProtected ? prot[a++] : rest[b++];
        }
        if (short_) {
            synchronized (this) {
                infeasible++;
            }
        }
        return out;
    }
}
