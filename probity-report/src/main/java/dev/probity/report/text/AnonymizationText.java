package dev.probity.report.text;

import dev.probity.privacy.anonymize.Anonymization;
import dev.probity.privacy.anonymize.Utility;
import dev.probity.privacy.anonymize.risk.AttackerRisk;
import dev.probity.privacy.anonymize.risk.PopulationUniqueness;
import dev.probity.privacy.anonymize.risk.RiskReport;

import java.util.Locale;

/** Anonymization results for a terminal. */
public final class AnonymizationText {
    private AnonymizationText() {
    }

    public static String anonymize(Anonymization a, RiskReport before, RiskReport after) {
        StringBuilder b = new StringBuilder("Anonymization: optimal full-domain generalization\n");
        b.append("  transformation (level / highest level):\n");
        for (int i = 0; i < a.quasiIdentifiers().size(); i++) {
            b.append(String.format(Locale.ROOT, "    %-24s %d / %d%n", TerminalText.clean(a.quasiIdentifiers().get(i)),
                    a.levels().get(i), a.heights().get(i)));
        }
        b.append(String.format(Locale.ROOT, "  %,d records, %,d suppressed (at most %,d allowed), %,d classes, the smallest of %,d%n",
                a.rows(), a.suppressed(), a.maxSuppressed(), a.classes(), a.smallestClass()));
        if (a.search() != null) {
            b.append(String.format(Locale.ROOT, "  search: %,d transformations, %,d computed, %,d tagged, %,d pruned, %.0f ms%n",
                    a.search().nodes(), a.search().checked(), a.search().tagged(), a.search().pruned(), a.search().millis()));
        }
        b.append("  utility                    before      after\n");
        row(b, "loss (ARX)", a.before().loss(), a.after().loss());
        row(b, "discernibility", a.before().discernibility(), a.after().discernibility());
        row(b, "average class size", a.before().averageClassSize(), a.after().averageClassSize());
        row(b, "non-uniform entropy", a.before().nonUniformEntropy(), a.after().nonUniformEntropy());
        row(b, "precision loss", a.before().precision(), a.after().precision());
        b.append("  re-identification risk     before      after\n");
        riskRows(b, before, after);
        return b.toString();
    }

    /** A release by local recoding (Mondrian or MDAV). */
    public static String local(String method, int rows, int classes, String measure, double loss, RiskReport before,
                               RiskReport after) {
        StringBuilder b = new StringBuilder("Anonymization: ").append(method).append('\n');
        b.append(String.format(Locale.ROOT, "  %,d records in %,d classes, none suppressed; %s %s%n", rows, classes, measure, num(loss)));
        b.append("  re-identification risk     before      after\n");
        riskRows(b, before, after);
        return b.toString();
    }

    public static String risk(RiskReport r) {
        StringBuilder b = new StringBuilder("Re-identification risk on ");
        b.append(TerminalText.clean(String.join(", ", r.quasiIdentifiers()))).append('\n');
        b.append(String.format(Locale.ROOT, "  %,d records in %,d classes; a record is at risk above %s%n", r.rows(), r.classes(), num(r.threshold())));
        line(b, "prosecutor", r.prosecutor());
        line(b, "journalist", r.journalist());
        b.append(String.format(Locale.ROOT, "  %-11s average %s%n", "marketer", num(r.marketer().average())));
        b.append(String.format(Locale.ROOT, "  sample uniques %s%n", pct(r.sampleUniques())));
        population(b, r);
        return b.toString();
    }

    private static void line(StringBuilder b, String name, AttackerRisk a) {
        b.append(String.format(Locale.ROOT, "  %-11s average %s, highest %s, records at risk %s%n", name, num(a.average()),
                num(a.highest()), pct(a.recordsAtRisk())));
    }

    private static void population(StringBuilder b, RiskReport r) {
        if (Double.isNaN(r.samplingFraction())) {
            b.append("  population uniques: not estimated (no sampling fraction given)\n");
            return;
        }
        for (PopulationUniqueness u : r.populationUniques()) {
            b.append(String.format(Locale.ROOT, "  population uniques (%s, sampling fraction %s): %s%n", u.model(),
                    num(r.samplingFraction()), Double.isNaN(u.uniques()) ? "no estimate — " + u.note() : pct(u.uniques())));
        }
    }

    private static void riskRows(StringBuilder b, RiskReport before, RiskReport after) {
        row(b, "prosecutor, average", before.prosecutor().average(), after.prosecutor().average());
        row(b, "prosecutor, highest", before.prosecutor().highest(), after.prosecutor().highest());
        row(b, "records at risk", before.prosecutor().recordsAtRisk(), after.prosecutor().recordsAtRisk());
        row(b, "journalist, average", before.journalist().average(), after.journalist().average());
        row(b, "marketer", before.marketer().average(), after.marketer().average());
        row(b, "sample uniques", before.sampleUniques(), after.sampleUniques());
        for (int i = 0; i < before.populationUniques().size() && i < after.populationUniques().size(); i++) {
            row(b, "population uniques (" + before.populationUniques().get(i).model() + ")",
                    before.populationUniques().get(i).uniques(), after.populationUniques().get(i).uniques());
        }
        b.append(String.format(Locale.ROOT, "  (records at risk: risk above %s; prosecutor model)%n", num(after.threshold())));
    }

    private static void row(StringBuilder b, String name, double before, double after) {
        b.append(String.format(Locale.ROOT, "    %-24s %10s %10s%n", name, num(before), num(after)));
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (v != 0 && Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    /** Utility measures of one table, for pages. */
    public static String utility(Utility u) {
        return String.format(Locale.ROOT, "loss %s, discernibility %s, average class size %s", num(u.loss()),
                num(u.discernibility()), num(u.averageClassSize()));
    }
}
