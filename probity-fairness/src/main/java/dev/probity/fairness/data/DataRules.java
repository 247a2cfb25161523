package dev.probity.fairness.data;

import dev.probity.core.InputException;
import dev.probity.fairness.data.DataAuditResult.ColumnMissing;
import dev.probity.fairness.data.DataAuditResult.ConditionalGap;
import dev.probity.fairness.data.DataAuditResult.GroupRate;
import dev.probity.fairness.data.DataAuditResult.GroupShare;
import dev.probity.fairness.data.DataAuditResult.LabelGaps;
import dev.probity.fairness.data.DataAuditResult.Missingness;
import dev.probity.fairness.data.DataAuditResult.Proxies;
import dev.probity.fairness.data.DataAuditResult.Proxy;
import dev.probity.fairness.data.DataAuditResult.Representation;
import dev.probity.fairness.data.DataAuditResult.RuleOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules a data report can break, for CI gates:
 * <ul>
 *   <li>{@code representation<R}: a group's share is below R × its population share (a group absent from the data
 *       counts 0);</li>
 *   <li>{@code base_rate_difference>X}: a group's base rate differs from the other rows' by more than X;</li>
 *   <li>{@code conditional_gap>X}: the same within strata of the legitimate factor;</li>
 *   <li>{@code missing_share_difference>X}: a column's missing share differs between groups by more than X;</li>
 *   <li>{@code missingness}: a column's missingness depends on a group (adjusted p below 1 − confidence);</li>
 *   <li>{@code proxy_auc>X}: a feature predicts a protected attribute with AUC above X;
 *       {@code joint_auc>X}: all features together do.</li>
 * </ul>
 * Groups smaller than the minimum group size are left out of the difference rules, whose values would be noise.
 */
public final class DataRules {
    private static final Pattern THRESHOLD = Pattern.compile("\\s*([a-z_]+)\\s*([<>])\\s*([-+0-9.eE]+)\\s*");
    private static final List<String> LESS = List.of("representation");
    private static final List<String> MORE = List.of("base_rate_difference", "conditional_gap", "missing_share_difference",
            "proxy_auc", "joint_auc");

    private DataRules() {
    }

    public static void validate(String rule) {
        parse(rule);
    }

    private record Rule(String text, String metric, double value) {}

    private static Rule parse(String rule) {
        String r = rule == null ? "" : rule.trim();
        if (r.equals("missingness")) {
            return new Rule(r, "missingness", Double.NaN);
        }
        Matcher m = THRESHOLD.matcher(r);
        String forms = "representation<R (e.g. representation<0.8), base_rate_difference>X, conditional_gap>X,"
                + " missing_share_difference>X, missingness, proxy_auc>X, joint_auc>X";
        if (!m.matches()) {
            throw new InputException("unknown rule '" + InputException.shown(r) + "' ({{fail-on}}); the rules are " + forms);
        }
        String metric = m.group(1);
        boolean less = m.group(2).equals("<");
        if (!(less ? LESS : MORE).contains(metric)) {
            throw new InputException("unknown rule '" + InputException.shown(r) + "' ({{fail-on}}); the rules are " + forms);
        }
        double v;
        try {
            v = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            throw new InputException("the rule '" + InputException.shown(r) + "' needs a number after " + m.group(2));
        }
        if (!Double.isFinite(v) || v < 0) {
            throw new InputException("the rule '" + InputException.shown(r) + "' needs a finite number of at least 0");
        }
        return new Rule(r, metric, v);
    }

    public static List<RuleOutcome> check(DataAuditResult result, List<String> rules) {
        List<RuleOutcome> out = new ArrayList<>();
        for (String text : rules) {
            Rule rule = parse(text);
            List<String> broken = new ArrayList<>();
            String missing = null;
            int min = result.settings().minGroupSize();
            switch (rule.metric()) {
                case "representation" -> {
                    boolean any = false;
                    for (Representation rep : result.representation()) {
                        for (GroupShare g : rep.groups()) {
                            if (g.populationShare() == null) {
                                continue;
                            }
                            any = true;
                            double ratio = g.ratio() == null ? Double.POSITIVE_INFINITY : g.ratio();
                            if (ratio < rule.value() - Representations.EPSILON) {
                                broken.add(String.format(Locale.ROOT, "%s (%s) %s of rows vs %s of the population, ratio %.3f",
                                        g.group(), rep.attribute(), DataFindings.pct(g.share()), DataFindings.pct(g.populationShare()), ratio));
                            }
                        }
                    }
                    if (!any) {
                        missing = "no reference population covers the protected attributes";
                    }
                }
                case "base_rate_difference", "conditional_gap" -> {
                    if (result.labels().isEmpty()) {
                        missing = "no label was given";
                    }
                    if (rule.metric().equals("conditional_gap") && result.roles().strata() == null) {
                        missing = "no legitimate factor (strata) was given";
                    }
                    int checked = 0;
                    for (LabelGaps lg : result.labels()) {
                        for (GroupRate g : lg.groups()) {
                            if (g.small()) {
                                continue;
                            }
                            Double d = g.difference();
                            if (rule.metric().equals("conditional_gap")) {
                                ConditionalGap c = lg.conditional(g.group());
                                d = c == null ? null : c.gap();
                            }
                            if (d != null) {
                                checked++;
                            }
                            if (d != null && Math.abs(d) > rule.value()) {
                                broken.add(String.format(Locale.ROOT, "%s (%s) %+.4f", g.group(), lg.attribute(), d));
                            }
                        }
                    }
                    if (missing == null && checked == 0) {
                        missing = "no group of at least " + min + " rows has a defined " + (rule.metric().equals("conditional_gap")
                                ? "gap within strata (a stratum needs rows of the group and of the others)" : "difference from the other rows");
                    }
                }
                case "missing_share_difference", "missingness" -> {
                    int withMissing = 0;
                    int checked = 0;
                    for (Missingness m : result.missingness()) {
                        for (ColumnMissing c : m.columns()) {
                            withMissing++;
                            if (rule.metric().equals("missingness") ? c.adjustedPValue() != null : c.maxDifference() != null) {
                                checked++;
                            }
                            boolean bad = rule.metric().equals("missingness") ? c.dependsOnGroup()
                                    : c.maxDifference() != null && c.maxDifference() > rule.value();
                            if (bad) {
                                broken.add(String.format(Locale.ROOT, "'%s' by %s: shares differ by %.4f, adjusted p %s", c.column(),
                                        m.attribute(), c.maxDifference() == null ? Double.NaN : c.maxDifference(),
                                        DataFindings.p(c.adjustedPValue())));
                            }
                        }
                    }
                    // no missing value anywhere is evidence the rule holds; missing values no test could compare are not
                    if (withMissing > 0 && checked == 0) {
                        missing = "no column's missing values could be compared between groups (one group, or every group smaller than "
                                + min + " rows)";
                    }
                }
                case "proxy_auc" -> {
                    if (result.proxies().stream().allMatch(px -> px.features().isEmpty())) {
                        missing = "no feature was tested as a proxy (one group, or no feature)";
                    }
                    for (Proxies px : result.proxies()) {
                        for (Proxy p : px.features()) {
                            if (p.auc() > rule.value()) {
                                broken.add(String.format(Locale.ROOT, "'%s' predicts %s with AUC %.4f", p.feature(), px.attribute(), p.auc()));
                            }
                        }
                    }
                }
                case "joint_auc" -> {
                    boolean any = false;
                    for (Proxies px : result.proxies()) {
                        if (px.joint() != null) {
                            any = true;
                            if (px.joint().auc() > rule.value()) {
                                broken.add(String.format(Locale.ROOT, "all features predict %s with AUC %.4f", px.attribute(), px.joint().auc()));
                            }
                        }
                    }
                    if (!any) {
                        missing = "no model on all features was trained";
                    }
                }
                default -> throw new IllegalStateException(rule.metric());
            }
            if (missing != null && broken.isEmpty()) {
                // a gate that cannot be evaluated must not pass silently
                out.add(new RuleOutcome(rule.text(), false, "cannot be checked: " + missing));
            } else {
                out.add(new RuleOutcome(rule.text(), broken.isEmpty(), broken.isEmpty() ? "holds" : String.join("; ", broken)));
            }
        }
        return out;
    }
}
