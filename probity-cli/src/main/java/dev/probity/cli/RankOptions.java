package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.fairness.ranking.PositionBias;
import dev.probity.fairness.ranking.RankAuditSpec;
import dev.probity.fairness.ranking.RankedLists;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The columns of a ranking table and the settings of a rank audit, shared by rank-audit and rerank. */
final class RankOptions {
    @Option(names = "--query", paramLabel = "COL", description = "The list each row belongs to (a search, a user, a job); without it the table is one list.")
    String query;

    @Option(names = "--item", paramLabel = "COL", description = "The item's id (for the rows written by rerank).")
    String item;

    @Option(names = "--position", paramLabel = "COL", description = "The item's rank in its list, 1 at the top.")
    String position;

    @Option(names = "--score", paramLabel = "COL", description = "The item's score, higher ranked first (instead of --position).")
    String score;

    @Option(names = "--group", required = true, paramLabel = "COL", description = "The item's group, e.g. gender.")
    String group;

    @Option(names = "--relevance", paramLabel = "COL", description = "The item's relevance or merit (for disparate treatment and impact, and utility).")
    String relevance;

    @Option(names = "--protected-group", required = true, paramLabel = "VALUE", description = "The group whose exposure is tested, e.g. woman.")
    String protectedGroup;

    @Option(names = "--position-bias", paramLabel = "MODEL", description = "Exposure of a position: logarithmic (default, 1/log2(1+rank)), geometric:λ, or weights:w1,w2,….")
    String positionBias = "logarithmic";

    @Option(names = "--k", split = ",", paramLabel = "K", description = "Prefix lengths whose protected share is reported (default 5,10,20).")
    List<Integer> ks = new ArrayList<>(List.of(5, 10, 20));

    @Option(names = "--fair-k", paramLabel = "K", description = "The top k tested by FA*IR (default 10; at most each list's length).")
    int fairK = 10;

    @Option(names = "--min-proportion", paramLabel = "P", description = "FA*IR's minimum protected proportion p (default: the protected share of all items).")
    Double minProportion;

    @Option(names = "--alpha", paramLabel = "A", description = "FA*IR's significance (default 0.1), adjusted for testing every prefix.")
    double alpha = 0.1;

    @Option(names = "--no-adjust", description = "Use α as given at every prefix (FA*IR's unadjusted table).")
    boolean noAdjust;

    @Option(names = "--step", paramLabel = "N", description = "Cut-point step of rND, rKL and rRD (default 10).")
    int step = 10;

    @Option(names = "--confidence", paramLabel = "LEVEL", description = "Interval confidence level (default 0.95).")
    double confidence = 0.95;

    RankedLists lists(Frame frame) {
        if (position != null && score != null) {
            throw new InputException("give --position or --score, not both");
        }
        if (position == null && score == null) {
            throw new InputException("give the order of each list: --position COL (1 at the top) or --score COL (higher first)");
        }
        return RankedLists.of(frame, new RankedLists.Columns(query, item, position, score, group, relevance));
    }

    RankAuditSpec spec() {
        if (minProportion != null && minProportion.isNaN()) {
            throw new InputException("--min-proportion must be a number in [0, 1]; got NaN");
        }
        return new RankAuditSpec(protectedGroup, PositionBias.parse(positionBias), ks, fairK,
                minProportion == null ? Double.NaN : minProportion, alpha, !noAdjust, step, confidence);
    }
}
