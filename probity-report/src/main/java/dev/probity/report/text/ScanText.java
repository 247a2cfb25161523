package dev.probity.report.text;

import dev.probity.monitor.robust.CausalDiscrimination;
import dev.probity.monitor.robust.Perturbation;
import dev.probity.monitor.scan.Scan;

import java.util.Locale;

/** The scan report for a terminal: issues by severity, then each check in a few lines. */
public final class ScanText {
    private ScanText() {
    }

    public static String render(Scan.Report r) {
        StringBuilder b = new StringBuilder();
        b.append("Scan — ").append(TerminalText.clean(r.model())).append(" model on ").append(TerminalText.clean(r.data()))
                .append(" (").append(r.rows()).append(" rows)\n");
        b.append(String.format(Locale.ROOT, "%d major, %d medium, %d minor issue%s%n", r.count(Scan.Level.MAJOR), r.count(Scan.Level.MEDIUM),
                r.count(Scan.Level.MINOR), r.issues().size() == 1 ? "" : "s"));
        for (Scan.Issue i : r.issues()) {
            b.append(String.format(Locale.ROOT, "  %-6s  %-21s  %s%n", i.level().id().toUpperCase(Locale.ROOT), i.check(),
                    TerminalText.clean(i.summary())));
        }
        if (r.issues().isEmpty()) {
            b.append("  none found by these checks (which does not prove there are none)\n");
        }
        b.append('\n');
        Perturbation.Report p = r.perturbation();
        b.append(String.format(Locale.ROOT, "Perturbation — %d rows; share of decisions flipped (95%% interval)%n", p.rows()));
        for (Perturbation.Check c : p.checks()) {
            if (c.flipped() == 0 && !c.feature().equals("*")) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "  %-8s %-24s %6.2f%%  (%.2f–%.2f%%)%n", c.kind(), TerminalText.clean(c.feature()), 100 * c.share(),
                    100 * c.interval().low(), 100 * c.interval().high()));
        }
        long quiet = p.checks().stream().filter(c -> c.flipped() == 0 && !c.feature().equals("*")).count();
        if (quiet > 0) {
            b.append("  (").append(quiet).append(" other check").append(quiet == 1 ? "" : "s").append(" flipped no decision)\n");
        }
        Scan.Robustness rb = r.robustness();
        if (rb != null) {
            b.append(String.format(Locale.ROOT, "%nAdversarial — %s (%s, %s) on %d rows; median smallest change %s standard deviations%n",
                    rb.method(), rb.norm().id(), rb.exact() ? "exact" : "an upper bound on each row's smallest change", rb.rows(),
                    Double.isNaN(rb.medianDistance()) ? "— (none flipped)" : String.format(Locale.ROOT, "%.3g", rb.medianDistance())));
            b.append("  change ≤ ");
            for (double[] c : rb.curve()) {
                b.append(String.format(Locale.ROOT, "%-7s", fmt(c[0])));
            }
            b.append('\n').append(rb.labelled() ? "  robust accuracy " : "  unchanged       ");
            for (double[] c : rb.curve()) {
                b.append(String.format(Locale.ROOT, "%-7s", String.format(Locale.ROOT, "%.0f%%", 100 * c[1])));
            }
            b.append('\n');
        }
        for (CausalDiscrimination.Result c : r.discrimination()) {
            b.append(String.format(Locale.ROOT, "%nCausal discrimination — '%s': %.2f%% of %d people change decision with it alone (%.2f–%.2f%%)%n",
                    TerminalText.clean(c.settings().attribute()), 100 * c.score(), c.inputs(), 100 * c.interval().low(), 100 * c.interval().high()));
            for (CausalDiscrimination.Flip f : c.flips()) {
                if (f.changed() > 0) {
                    b.append(String.format(Locale.ROOT, "  %s → %s: %d of %d change (%.2f%%)%n", TerminalText.clean(f.from()), TerminalText.clean(f.to()),
                            f.changed(), f.inputs(), 100 * f.share()));
                }
            }
        }
        if (!r.slices().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nSlices where the model errs most (SliceLine) — overall error %.1f%%%n", 100 * (1 - r.accuracy())));
            for (Scan.SliceFinding s : r.slices()) {
                b.append(String.format(Locale.ROOT, "  %-60s error %5.1f%%  %6d rows%n", TerminalText.clean(s.description()), 100 * s.meanError(), s.rows()));
            }
        }
        if (r.drift() != null) {
            b.append('\n').append(DriftText.render(r.drift()));
        }
        if (!r.notes().isEmpty()) {
            b.append('\n');
            for (String n : r.notes()) {
                b.append("Note: ").append(TerminalText.clean(n)).append('\n');
            }
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
