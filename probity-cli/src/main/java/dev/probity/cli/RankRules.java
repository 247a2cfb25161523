package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.fairness.ranking.RankAuditResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The --fail-on rules of rank-audit: a measure beyond a threshold, or FA*IR failing more lists than chance. */
final class RankRules {
    private static final Pattern RULE = Pattern.compile("\\s*([a-z_]+)\\s*([<>])\\s*([0-9.eE+-]+)\\s*");
    private static final List<String> BELOW = List.of("exposure_ratio", "disparate_treatment_ratio", "disparate_impact_ratio");
    private static final List<String> ABOVE = List.of("rnd", "rkl", "rrd", "ndkl", "exposure_ratio", "disparate_treatment_ratio",
            "disparate_impact_ratio");

    private RankRules() {
    }

    static void validate(String rule) {
        if (rule.trim().equals("fa-ir")) {
            return;
        }
        Matcher m = RULE.matcher(rule);
        if (!m.matches() || !(m.group(2).equals("<") ? BELOW : ABOVE).contains(m.group(1))) {
            throw new InputException("unknown rule '" + InputException.shown(rule) + "' (--fail-on); the rules are exposure_ratio<R, "
                    + "disparate_treatment_ratio<R, disparate_impact_ratio<R (or >R), rnd>X, rkl>X, rrd>X, ndkl>X and fa-ir");
        }
        try {
            Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            throw new InputException("the rule '" + rule + "' needs a number");
        }
    }

    /** The broken rules, each "RULE — why". A rule whose measure is undefined is broken: a gate does not pass for want of evidence. */
    static List<String> check(RankAuditResult r, List<String> rules) {
        List<String> out = new ArrayList<>();
        for (String rule : rules) {
            String t = rule.trim();
            if (t.equals("fa-ir")) {
                RankAuditResult.FairStarOutcome f = r.fairStar();
                if (f.failedInterval() != null && f.failedInterval().low() > f.expectedFailure()) {
                    out.add(t + " — " + f.failed() + " of " + f.tested() + " lists fail; a fair ranking fails "
                            + String.format(Locale.ROOT, "%.1f%%", 100 * f.expectedFailure()));
                }
                continue;
            }
            Matcher m = RULE.matcher(t);
            m.matches();
            RankAuditResult.Measure x = r.measure(m.group(1));
            double v = x == null ? Double.NaN : x.value();
            double limit = Double.parseDouble(m.group(3));
            if (Double.isNaN(v)) {
                out.add(t + " — cannot be checked: " + (x == null ? "the measure needs relevance (--relevance)" : "undefined for every list"));
            } else if (m.group(2).equals("<") ? v < limit : v > limit) {
                out.add(String.format(Locale.ROOT, "%s — %s is %.4f", t, m.group(1), v));
            }
        }
        return out;
    }
}
