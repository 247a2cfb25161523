package dev.probity.fairness.audit;

import dev.probity.core.InputException;
import dev.probity.fairness.metrics.Estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gates for continuous integration ({@code --fail-on RULE}); a rule that is broken makes the command exit
 * with status 1. Rules:
 * <ul>
 *   <li>{@code four-fifths} — some group of some protected attribute (not an intersection, not a small
 *       group) receives favourable decisions at under 80% of the best group's rate;</li>
 *   <li>{@code METRIC<VALUE}, {@code METRIC>VALUE} (also {@code <=}, {@code >=}) — broken when the named
 *       metric, for some attribute or group, is on the wrong side: {@code METRIC} is an attribute summary
 *       ({@code demographic_parity_difference}, {@code equalized_odds_ratio}, …), an AIF360 comparison
 *       ({@code disparate_impact}, {@code average_odds_difference}, …), a Clarify metric ({@code DPPL}), or
 *       a catalogue metric with {@code _difference} / {@code _ratio} for its comparison with the reference
 *       group ({@code fpr_ratio>1.25});</li>
 *   <li>{@code parity:METRIC} — some group fails Aequitas' parity test for the metric (τ ≤ ratio ≤ 1/τ);</li>
 *   <li>{@code significant:METRIC} — some group's difference in the metric has an adjusted p-value below 0.05.</li>
 * </ul>
 */
public final class Rules {
    private static final Pattern COMPARE = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_()\\.]*)\\s*(<=|>=|<|>)\\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)\\s*");

    private Rules() {
    }

    /** Checks a rule's syntax without a result, so that a typo fails before any work is done. */
    public static void validate(String rule) {
        String r = rule.trim().toLowerCase(Locale.ROOT);
        if (r.equals("four-fifths") || r.equals("four_fifths") || r.startsWith("parity:") || r.startsWith("significant:")) {
            return;
        }
        if (!COMPARE.matcher(rule).matches()) {
            throw new InputException("cannot read the rule '" + rule + "'; use four-fifths, METRIC<VALUE (e.g. "
                    + "disparate_impact<0.8, demographic_parity_difference>0.1), parity:METRIC or significant:METRIC");
        }
    }

    public static List<AuditResult.RuleOutcome> check(AuditResult result, List<String> rules) {
        List<AuditResult.RuleOutcome> out = new ArrayList<>();
        for (String rule : rules) {
            validate(rule);
            out.add(check(result, rule));
        }
        return out;
    }

    private static AuditResult.RuleOutcome check(AuditResult r, String rule) {
        String lower = rule.trim().toLowerCase(Locale.ROOT);
        List<String> broken = new ArrayList<>();
        if (lower.equals("four-fifths") || lower.equals("four_fifths")) {
            for (MetricTable a : r.attributes()) {
                if (a.intersection() || a.fourFifths() == null) {
                    continue;
                }
                for (var row : a.fourFifths().rows()) {
                    if (!row.small() && Boolean.TRUE.equals(row.adverse())) {
                        broken.add(String.format(Locale.ROOT, "%s=%s impact ratio %.3f", a.name(), row.group(),
                                row.impactRatio().number()));
                    }
                }
            }
            return outcome(rule, broken, "every group's impact ratio is at least " + r.settings().fourFifths());
        }
        if (lower.startsWith("parity:") || lower.startsWith("significant:")) {
            boolean parity = lower.startsWith("parity:");
            String metric = rule.substring(rule.indexOf(':') + 1).trim();
            boolean known = false;
            for (MetricTable a : r.attributes()) {
                for (GroupDisparity d : a.disparities()) {
                    Comparison c = d.comparison(metric);
                    if (c == null) {
                        continue;
                    }
                    known = true;
                    if (parity && Boolean.FALSE.equals(c.parity())) {
                        broken.add(String.format(Locale.ROOT, "%s=%s %s ratio %.3f", a.name(), d.group(), metric,
                                c.ratio().number()));
                    }
                    double p = Double.isNaN(c.pAdjusted()) ? c.pValue() : c.pAdjusted();
                    if (!parity && !Double.isNaN(p) && p < 0.05) {
                        broken.add(String.format(Locale.ROOT, "%s=%s %s p=%.3g", a.name(), d.group(), metric, p));
                    }
                }
            }
            if (!known) {
                throw new InputException("the rule '" + rule + "' names an unknown metric '" + metric + "'");
            }
            return outcome(rule, broken, parity ? "every group is within the parity tolerance"
                    : "no difference is statistically significant");
        }
        Matcher m = COMPARE.matcher(rule);
        if (!m.matches()) {
            throw new InputException("cannot read the rule '" + rule + "'");
        }
        String metric = m.group(1);
        String op = m.group(2);
        double limit = Double.parseDouble(m.group(3));
        boolean known = false;
        for (MetricTable a : r.attributes()) {
            List<Named> values = new ArrayList<>();
            Estimate s = a.summary().get(metric);
            if (s != null) {
                values.add(new Named(a.name(), s));
            }
            for (GroupDisparity d : a.disparities()) {
                if (d.aif360().containsKey(metric)) {
                    values.add(new Named(a.name() + "=" + d.group(), d.aif360().get(metric)));
                }
                if (d.clarify().containsKey(metric)) {
                    values.add(new Named(a.name() + "=" + d.group(), d.clarify().get(metric)));
                }
                for (Comparison c : d.comparisons()) {
                    if (metric.equals(c.metric() + "_difference")) {
                        values.add(new Named(a.name() + "=" + d.group(), c.difference()));
                    } else if (metric.equals(c.metric() + "_ratio")) {
                        values.add(new Named(a.name() + "=" + d.group(), c.ratio()));
                    }
                }
            }
            for (Named v : values) {
                known = true;
                if (!v.e.isDefined()) {
                    continue;
                }
                double x = v.e.number();
                boolean bad = switch (op) {
                    case "<" -> x < limit;
                    case "<=" -> x <= limit;
                    case ">" -> x > limit;
                    default -> x >= limit;
                };
                if (bad) {
                    broken.add(String.format(Locale.ROOT, "%s %s = %.4f", v.where, metric, x));
                }
            }
        }
        if (!known) {
            throw new InputException("the rule '" + rule + "' names the metric '" + metric + "', which this audit does not "
                    + "report; try demographic_parity_difference, equalized_odds_difference, disparate_impact, "
                    + "or a catalogue metric with _difference or _ratio (e.g. fpr_ratio)");
        }
        return outcome(rule, broken, "no value is " + op + " " + m.group(3));
    }

    private record Named(String where, Estimate e) {}

    private static AuditResult.RuleOutcome outcome(String rule, List<String> broken, String okDetail) {
        if (broken.isEmpty()) {
            return new AuditResult.RuleOutcome(rule, true, okDetail);
        }
        return new AuditResult.RuleOutcome(rule, false, String.join("; ", broken));
    }
}
