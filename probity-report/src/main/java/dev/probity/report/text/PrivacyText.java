package dev.probity.report.text;

import dev.probity.core.stats.Interval;
import dev.probity.privacy.accounting.Guarantee;
import dev.probity.privacy.attack.AttackResult;
import dev.probity.privacy.budget.PrivacyBudget;

import java.util.Locale;

/** Privacy results for a terminal. */
public final class PrivacyText {
    private PrivacyText() {
    }

    public static String account(String what, Guarantee g) {
        StringBuilder b = new StringBuilder(what).append('\n');
        b.append(String.format(Locale.ROOT, "  ε = %s at δ = %s (%s", num(g.epsilon()), num(g.delta()), method(g.method())));
        if (!Double.isNaN(g.order())) {
            b.append(String.format(Locale.ROOT, ", best order α = %s", num(g.order())));
        }
        b.append(")\n");
        if (g.method() == Guarantee.Method.PRV) {
            b.append(String.format(Locale.ROOT, "  the true ε lies in [%s, %s]; estimate %s — spend the upper end%n", num(g.lower()), num(g.epsilon()),
                    num(g.estimate())));
        }
        return b.toString();
    }

    static String method(Guarantee.Method m) {
        return switch (m) {
            case RDP -> "Rényi DP, converted as Opacus does (Balle et al. 2020)";
            case PRV -> "numerical composition of privacy random variables (Gopi, Lee & Wutschitz 2021)";
            case BASIC_COMPOSITION -> "basic composition";
            case ADVANCED_COMPOSITION -> "advanced composition";
            case OPTIMAL_COMPOSITION -> "optimal composition";
            case ZCDP_BUN_STEINKE -> "zCDP, Bun & Steinke's conversion";
            case ZCDP_CANONNE_KAMATH_STEINKE -> "zCDP, Canonne, Kamath & Steinke's conversion";
        };
    }

    public static String budget(PrivacyBudget b) {
        var bal = b.balance();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Privacy budget of %s (%s)%n  total   ε %s, δ %s%n  spent   ε %s, δ %s in %d release%s%n"
                        + "  left    ε %s, δ %s%n", TerminalText.clean(b.dataset()), b.file(), b.totalEpsilon().toPlainString(), b.totalDelta().toPlainString(),
                bal.epsilonSpent().toPlainString(), bal.deltaSpent().toPlainString(), bal.releases(), bal.releases() == 1 ? "" : "s",
                bal.epsilonLeft().toPlainString(), bal.deltaLeft().toPlainString()));
        for (PrivacyBudget.Entry e : b.entries()) {
            s.append(String.format(Locale.ROOT, "  #%d  %s  %s asked for %s (%s, ε %s, δ %s)%n", e.sequence(), e.at(), TerminalText.clean(e.charge().who()),
                    TerminalText.clean(e.charge().what()), TerminalText.clean(e.charge().mechanism()), e.charge().epsilon().toPlainString(),
                    e.charge().delta().toPlainString()));
        }
        s.append("  Releases add up by basic composition (ε and δ each summed), exactly; a release is debited before its result exists.\n");
        return s.toString();
    }

    public static String attack(String model, AttackResult r) {
        StringBuilder b = new StringBuilder();
        b.append("Membership inference — ").append(TerminalText.clean(model)).append(": ").append(r.attack()).append('\n');
        b.append(String.format(Locale.ROOT, "  %,d members (training rows) against %,d non-members%n", r.members(), r.nonMembers()));
        b.append(String.format(Locale.ROOT, "  ROC AUC            %.4f %s   (0.5: the attack does no better than a coin)%n", r.auc(), range(r.aucInterval())));
        b.append(String.format(Locale.ROOT, "  balanced accuracy  %.4f   membership advantage %.4f (best threshold, on these rows)%n", r.balancedAccuracy(),
                r.advantage()));
        for (AttackResult.LowFpr l : r.lowFpr()) {
            b.append(String.format(Locale.ROOT, "  TPR at FPR ≤ %-5s %.4f %s  (%d member%s flagged, %d non-member%s)%n", pct(l.targetFpr()), l.tpr(),
                    range(l.tprInterval()), l.truePositives(), l.truePositives() == 1 ? "" : "s", l.falsePositives(), l.falsePositives() == 1 ? "" : "s"));
        }
        var e = r.epsilon();
        b.append(String.format(Locale.ROOT, "  empirical ε ≥ %.3f at δ = %s, %s confidence (threshold chosen on half the rows, proved on the other half)%n",
                e.epsilon(), num(e.delta()), pct(e.level())));
        String verdict = r.aucInterval().low() > 0.5 ? "the model LEAKS who was in its training data: the attack beats chance"
                : "no leakage found by this attack — which does not prove there is none (a stronger attack may find some)";
        b.append("  ").append(verdict).append('\n');
        for (String n : r.notes()) {
            b.append("  note: ").append(TerminalText.clean(n)).append('\n');
        }
        return b.toString();
    }

    public static String attribute(String model, dev.probity.privacy.attack.AttributeInference.Result r) {
        StringBuilder b = new StringBuilder();
        b.append("Attribute inference — ").append(TerminalText.clean(model)).append(": recovering '").append(TerminalText.clean(r.sensitive()))
                .append("' from the other features and the outcome (").append(r.values().size()).append(" values)\n");
        b.append(String.format(Locale.ROOT, "  members      %.4f %s  (%,d rows)%n", r.membersRate(), range(r.membersAccuracy()), r.members()));
        b.append(String.format(Locale.ROOT, "  non-members  %.4f %s  (%,d rows)%n", r.nonMembersRate(), range(r.nonMembersAccuracy()), r.nonMembers()));
        b.append(String.format(Locale.ROOT, "  always guessing the commonest value: %.4f%n", r.baseline()));
        b.append(String.format(Locale.ROOT, "  members − non-members: %+.4f %s%n", r.advantage(), range(r.advantageInterval())));
        b.append("  ").append(r.advantageInterval().low() > 0 ? "the model LEAKS this attribute of the people it was trained on (better recovered for them than for others)"
                : "no leak specific to the training rows found by this attack").append('\n');
        for (String n : r.notes()) {
            b.append("  note: ").append(TerminalText.clean(n)).append('\n');
        }
        return b.toString();
    }

    /** The private audit: what was private, then each attribute's groups with noisy rates and intervals. */
    public static String privateAudit(dev.probity.privacy.audit.PrivateAuditResult r) {
        StringBuilder b = new StringBuilder("Private fairness audit — ").append(TerminalText.clean(r.source())).append('\n');
        b.append("  ").append(r.privacyNote()).append('\n');
        var p = r.privacy();
        b.append(String.format(Locale.ROOT, "  %s noise on %d counts (%d joint cells of the protected groups), scale %s per count%n", p.mechanism(),
                p.countsReleased(), p.cells(), num(p.noiseScale())));
        for (var a : r.attributes()) {
            b.append(String.format(Locale.ROOT, "%n  %s (reference: %s)%n", TerminalText.clean(a.name()), TerminalText.clean(a.reference())));
            int w = Math.min(40, Math.max(22, a.groups().stream().mapToInt(g -> TerminalText.clean(g.name()).length()).max().orElse(0)));
            b.append(String.format(Locale.ROOT, "    %-" + w + "s %8s  %-24s  %-24s  %s%n", "group", "rows*", "selection rate", "TPR", "FPR"));
            for (var g : a.groups()) {
                b.append(String.format(Locale.ROOT, "    %-" + w + "s %,8d  %-24s  %-24s  %s%n", cut(TerminalText.clean(g.name()), w), g.rows(),
                        rate(g.metric("selection_rate")), rate(g.metric("tpr")), rate(g.metric("fpr"))));
            }
        }
        b.append(String.format(Locale.ROOT, "%n  * rows are noisy counts. Intervals (%s) cover sampling and the noise together.%n", pct(r.confidence())));
        for (String n : r.notes()) {
            b.append("  note: ").append(TerminalText.clean(n)).append('\n');
        }
        return b.toString();
    }

    /** Private grouped statistics: what was private, then one line per released group. */
    public static String privateStats(String source, String by, String value, dev.probity.privacy.stats.PrivateStatsResult r) {
        StringBuilder b = new StringBuilder("Private statistics — ").append(TerminalText.clean(source)).append(" by ")
                .append(TerminalText.clean(by)).append(value == null ? "" : ", of " + TerminalText.clean(value)).append('\n');
        b.append("  ").append(r.privacyNote()).append('\n');
        var groups = r.groups();
        if (groups.isEmpty()) {
            b.append("  no group was released").append(r.keysSelected() ? " (none cleared the partition-selection threshold)" : "").append('\n');
        } else {
            var first = groups.get(0);
            double level = java.util.stream.Stream.of(first.count(), first.sum(), first.mean(), first.variance()).filter(java.util.Objects::nonNull)
                    .mapToDouble(dev.probity.privacy.stats.NoisyValue::level).findFirst()
                    .orElse(first.quantiles().isEmpty() ? 0.95 : first.quantiles().get(0).level());
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "    %-22s", "group"));
            if (first.count() != null) {
                head.append(String.format(Locale.ROOT, "  %-26s", "count"));
            }
            if (first.sum() != null) {
                head.append(String.format(Locale.ROOT, "  %-34s", "sum"));
            }
            if (first.mean() != null) {
                head.append(String.format(Locale.ROOT, "  %-34s", "mean"));
            }
            if (first.variance() != null) {
                head.append(String.format(Locale.ROOT, "  %-34s", "variance"));
            }
            for (var q : first.quantiles()) {
                head.append(String.format(Locale.ROOT, "  %-20s", "q" + num(q.probability()) + " (± rows)"));
            }
            b.append('\n').append(head.toString().stripTrailing()).append('\n');
            for (var g : groups) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    %-22s", cut(TerminalText.clean(g.key()), 22)));
                if (g.count() != null) {
                    line.append(String.format(Locale.ROOT, "  %-26s", noisy(g.count())));
                }
                if (g.sum() != null) {
                    line.append(String.format(Locale.ROOT, "  %-34s", noisy(g.sum())));
                }
                if (g.mean() != null) {
                    line.append(String.format(Locale.ROOT, "  %-34s", noisy(g.mean())));
                }
                if (g.variance() != null) {
                    line.append(String.format(Locale.ROOT, "  %-34s", noisy(g.variance())));
                }
                for (var q : g.quantiles()) {
                    line.append(String.format(Locale.ROOT, "  %-20s", num(q.value()) + " (± " + Math.round(Math.ceil(q.rankError())) + ")"));
                }
                b.append(line.toString().stripTrailing()).append('\n');
            }
            b.append(String.format(Locale.ROOT, "%n  Intervals (%s) are for the noise only: they cover the statistic of the bounded, clamped rows, "
                    + "not sampling error.%n", pct(level)));
            if (!first.quantiles().isEmpty()) {
                b.append(String.format(Locale.ROOT, "  A quantile's \"± rows\" bounds, at %s, how many rows further from the exact quantile's rank "
                        + "the released value is than the nearest grid point; a value interval would depend on the private data.%n", pct(level)));
            }
        }
        for (String n : r.notes()) {
            b.append("  note: ").append(TerminalText.clean(n)).append('\n');
        }
        return b.toString();
    }

    private static String noisy(dev.probity.privacy.stats.NoisyValue v) {
        return num(v.value()) + " [" + num(v.lower()) + ", " + num(v.upper()) + "]";
    }

    private static String rate(dev.probity.privacy.audit.PrivateAuditResult.Rate r) {
        if (r == null || !r.defined()) {
            return "undefined";
        }
        return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * r.value(), 100 * r.lower(), 100 * r.upper());
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String range(Interval i) {
        return i == null ? "" : String.format(Locale.ROOT, "[%.4f, %.4f]", i.low(), i.high());
    }

    private static String pct(double v) {
        return java.math.BigDecimal.valueOf(100 * v).stripTrailingZeros().toPlainString() + "%";
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) ? String.format(Locale.ROOT, "%.4g", v)
                : java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(8)).stripTrailingZeros().toPlainString();
    }
}
