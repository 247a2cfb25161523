package dev.probity.explain.reasons;

import dev.probity.explain.counterfactual.Counterfactuals;
import dev.probity.explain.shap.Explanation;
import dev.probity.explain.shap.FeatureSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reasons people can read. Adverse-action reason codes (ECOA / Regulation B) are the features that pushed
 * the decision most towards the adverse outcome — the most negative contributions when the favourable
 * outcome is the positive class — at most {@code max} (four by default), each mapped to the reason
 * statement the user configured for that feature (or a default naming the feature and its value). The
 * plain-language explanation names the strongest factors and, when a counterfactual is given, what would
 * change the decision.
 */
public final class Reasons {
    private Reasons() {
    }

    /** One principal reason: the feature, its value, its contribution and the statement shown to people. */
    public record Reason(String code, String feature, String value, double contribution, String statement) {
    }

    /**
     * @param favourablePositive whether the positive class is the favourable outcome (approval)
     * @param statements         feature name → reason statement (codes are "R1", "R2", ... unless a statement
     *                           is given as "CODE: text")
     */
    public static List<Reason> adverseAction(Explanation e, boolean favourablePositive, int max, Map<String, String> statements) {
        return adverseAction(e, favourablePositive, max, statements, java.util.Set.of());
    }

    /**
     * As above, never citing a feature in {@code prohibited}: Regulation B forbids a creditor to rest a decision on
     * a prohibited basis, and a reason statement that names one (R1 "Value of sex (Female)") states exactly that.
     * The next adverse features take their place.
     */
    public static List<Reason> adverseAction(Explanation e, boolean favourablePositive, int max, Map<String, String> statements,
                                             java.util.Set<String> prohibited) {
        int[] rank = e.ranking();
        List<Reason> out = new ArrayList<>();
        for (int j : rank) {
            if (out.size() >= max) {
                break;
            }
            double v = e.values()[j];
            boolean adverse = favourablePositive ? v < 0 : v > 0;
            String name = e.features().get(j);
            if (!adverse || v == 0 || prohibited.contains(name)) {
                continue;
            }
            String value = e.featureValues().get(j);
            String configured = statements.get(name);
            String code = "R" + (out.size() + 1);
            String statement;
            if (configured != null) {
                int colon = configured.indexOf(':');
                if (colon > 0 && colon < 12 && !configured.substring(0, colon).contains(" ")) {
                    code = configured.substring(0, colon).trim();
                    statement = configured.substring(colon + 1).trim();
                } else {
                    statement = configured;
                }
            } else {
                statement = "Value of " + name + " (" + value + ")";
            }
            out.add(new Reason(code, name, value, v, statement));
        }
        return out;
    }

    /**
     * "hours_per_week (40) lowered the score the most, then education (HS-grad); with hours_per_week 50 and
     * education Bachelors the decision would be 'approved'."
     */
    public static String plainLanguage(Explanation e, FeatureSpace space, double[] x, Counterfactuals.Counterfactual cf,
                                       String outcomeNow, String outcomeOther, boolean favourablePositive) {
        return plainLanguage(e, space, x, cf, outcomeNow, outcomeOther, favourablePositive, java.util.Set.of());
    }

    /** As above, naming no feature in {@code prohibited} among the factors. */
    public static String plainLanguage(Explanation e, FeatureSpace space, double[] x, Counterfactuals.Counterfactual cf,
                                       String outcomeNow, String outcomeOther, boolean favourablePositive,
                                       java.util.Set<String> prohibited) {
        StringBuilder b = new StringBuilder();
        int[] rank = e.ranking();
        List<String> down = new ArrayList<>();
        List<String> up = new ArrayList<>();
        for (int j : rank) {
            double v = e.values()[j];
            if (v == 0 || prohibited.contains(e.features().get(j))) {
                continue;
            }
            String phrase = e.features().get(j) + " (" + e.featureValues().get(j) + ")";
            if (v < 0 && down.size() < 2) {
                down.add(phrase);
            } else if (v > 0 && up.size() < 2) {
                up.add(phrase);
            }
        }
        b.append("The decision is '").append(outcomeNow).append("'. ");
        // the factors against the favourable outcome first: those the principal reasons come from
        List<String> against = favourablePositive ? down : up;
        List<String> towards = favourablePositive ? up : down;
        String againstVerb = favourablePositive ? " lowered the score the most" : " raised the score the most";
        String towardsVerb = favourablePositive ? " raised it the most" : " lowered it the most";
        if (!against.isEmpty()) {
            b.append(capitalize(against.get(0))).append(againstVerb);
            if (against.size() > 1) {
                b.append(", then ").append(against.get(1));
            }
            b.append(". ");
        }
        if (!towards.isEmpty()) {
            b.append(capitalize(towards.get(0))).append(towardsVerb);
            if (towards.size() > 1) {
                b.append(", then ").append(towards.get(1));
            }
            b.append(". ");
        }
        if (cf != null && !cf.changed().isEmpty()) {
            List<String> changes = new ArrayList<>();
            for (int j : cf.changed()) {
                changes.add(space.names().get(j) + " " + space.format(j, cf.row()[j]) + " instead of " + space.format(j, x[j]));
            }
            b.append("With ").append(String.join(" and ", changes)).append(", the decision would be '").append(outcomeOther).append("'.");
        }
        return b.toString().trim();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
