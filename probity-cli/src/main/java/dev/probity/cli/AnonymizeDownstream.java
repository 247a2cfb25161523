package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.privacy.anonymize.Anonymization;
import dev.probity.privacy.anonymize.DownstreamCost;
import dev.probity.privacy.anonymize.Hierarchy;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code probity anonymize}'s downstream cost: what the release costs a model trained on it, next to one trained on the
 * original (the library's {@link DownstreamCost}), printed with the anonymization report.
 */
final class AnonymizeDownstream {
    /** The share of rows held out for the downstream cost when no test data are given. */
    static final double HELD_OUT = 0.3;
    static final long SEED = 42;

    @Option(names = "--downstream-label", paramLabel = "COL", description = "Also fit a logistic regression predicting COL on the "
            + "original and on the release, and print both models' accuracy and the fairness audit of "
            + "--downstream-protected (full-domain; needs --downstream-positive and --downstream-protected).")
    String downstreamLabel;
    @Option(names = "--downstream-positive", paramLabel = "VALUE", description = "The value of --downstream-label that is the "
            + "favourable outcome.")
    String downstreamPositive;
    @Option(names = "--downstream-protected", paramLabel = "COL", description = "The protected attribute whose groups the audit "
            + "compares (a quasi-identifier keeps its groups: the audit reads the test rows as they are).")
    String downstreamProtected;
    @Option(names = "--downstream-test", paramLabel = "FILE", description = "Test data in the original's form (default: "
            + HELD_OUT + " of the rows held out, seed " + SEED + ").")
    String downstreamTest;

    /** Whether the downstream cost was asked for, with what it needs; a partial request is refused. */
    boolean check() {
        boolean asked = downstreamLabel != null;
        if (!asked && (downstreamPositive != null || downstreamProtected != null || downstreamTest != null)) {
            throw new InputException("--downstream-positive, --downstream-protected and --downstream-test go with --downstream-label");
        }
        if (asked && (downstreamPositive == null || downstreamProtected == null)) {
            throw new InputException("--downstream-label needs --downstream-positive (the favourable value) and "
                    + "--downstream-protected (the attribute the audit compares)");
        }
        return asked;
    }

    /**
     * What the release costs a model: a logistic regression fitted on the original and on the release, evaluated on the
     * test data (or on held-out rows), with accuracy, selection rate and true positive rate per group.
     */
    String report(Frame frame, Anonymization a, Map<String, Hierarchy> hs, DataOptions data, PrintWriter err) {
        List<String> features = frame.columnNames().stream().filter(c -> !c.equals(downstreamLabel)).toList();
        if (!frame.has(downstreamLabel)) {
            throw new InputException("--downstream-label: " + frame.unknownColumnMessage(downstreamLabel));
        }
        PipelineTrainer trainer = new PipelineTrainer(LinearTrainer.logistic());
        DownstreamCost.Result r;
        String tested;
        if (downstreamTest != null) {
            Frame test = data.readOther(downstreamTest, w -> err.println("probity: warning: " + w));
            r = DownstreamCost.measure(frame, a, hs, test, downstreamLabel, downstreamPositive, features, downstreamProtected,
                    trainer, 0.5, SEED);
            tested = String.format(Locale.ROOT, "%,d rows of %s", test.rowCount(), downstreamTest);
        } else {
            r = DownstreamCost.measureHeldOut(frame, a, hs, HELD_OUT, downstreamLabel, downstreamPositive, features,
                    downstreamProtected, trainer, 0.5, SEED);
            tested = String.format(Locale.ROOT, "%,d held-out rows (%.0f%%, seed %d; the models learn from the others)",
                    Math.round(frame.rowCount() * HELD_OUT), HELD_OUT * 100, SEED);
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nDownstream cost: logistic regression for %s = %s, tested on %s%n", downstreamLabel,
                downstreamPositive, tested));
        b.append(String.format(Locale.ROOT, "  %-34s %10s %10s%n", "", "original", "release"));
        b.append(String.format(Locale.ROOT, "  %-34s %10.4f %10.4f%n", "accuracy", r.original().accuracy(), r.anonymized().accuracy()));
        for (String g : r.original().selectionRate().keySet()) {
            b.append(String.format(Locale.ROOT, "  %-34s %10.4f %10.4f%n", "selection rate, " + downstreamProtected + " = " + g,
                    r.original().selectionRate().get(g), r.anonymized().selectionRate().getOrDefault(g, Double.NaN)));
        }
        for (String g : r.original().truePositiveRate().keySet()) {
            b.append(String.format(Locale.ROOT, "  %-34s %10.4f %10.4f%n", "true positive rate, " + downstreamProtected + " = " + g,
                    r.original().truePositiveRate().get(g), r.anonymized().truePositiveRate().getOrDefault(g, Double.NaN)));
        }
        return b.toString();
    }
}
