package dev.probity.cli;

import dev.probity.monitor.robust.AdversarialTraining;

/** The terminal text of a training run that is not a classification report: adversarial training, numbers in it. */
final class TrainText {
    private TrainText() {
    }

    /** Robust and clean accuracy before and after adversarial training, on {@code rows} (which rows they are). */
    static String robustness(AdversarialTraining.Result a, String rows) {
        var s = a.settings();
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                "Adversarial training, ε = %s standard deviations (%s), %d rounds; on %,d %s:%n"
                        + "  robust accuracy  %.4f [%.4f, %.4f] → %.4f [%.4f, %.4f]%n  clean accuracy   %.4f → %.4f%n"
                        + "  for comparison, always answering the commoner class scores %.4f, clean and robust%n  robustness: %s",
                s.epsilon(), s.norm().id(), s.rounds(), a.before().rows(), rows, a.before().robustAccuracy(), a.before().robust().low(),
                a.before().robust().high(), a.after().robustAccuracy(), a.after().robust().low(), a.after().robust().high(),
                a.before().cleanAccuracy(), a.after().cleanAccuracy(), a.after().majorityAccuracy(), a.after().method()));
        for (String n : a.notes()) {
            b.append("\n  note: ").append(n);
        }
        return b.toString();
    }

    /** A number to six significant digits, anything else as it is. */
    static String sig(Object v) {
        return v instanceof Number n ? new java.math.BigDecimal(n.doubleValue()).round(new java.math.MathContext(6)).stripTrailingZeros().toString()
                : String.valueOf(v);
    }
}
