package dev.probity.privacy.attack;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.Probabilities;
import dev.probity.core.stats.Interval;
import dev.probity.core.stats.ProportionIntervals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribute inference: an attacker who knows a person's other features and outcome tries to recover a sensitive
 * feature the model reads (Fredrikson et al. 2014; Yeom et al. 2018, §4): for each value the sensitive feature could
 * take, the model's probability of the person's true outcome, times the value's share among the candidates, and the
 * value that makes the outcome likeliest is the guess. The attack is scored on members (training rows) and non-members
 * separately, against the baseline of always guessing the most common value: a model that lets the attacker do better
 * on its training rows than on others leaks the sensitive feature of the people it was trained on.
 */
public final class AttributeInference {
    private AttributeInference() {
    }

    /** The most values a sensitive feature may have (each is a pass of the model over the rows). */
    public static final int MAX_VALUES = 50;

    /**
     * @param sensitive       the sensitive feature
     * @param values          the values guessed among
     * @param members         members' rows attacked
     * @param membersCorrect  members whose value was recovered
     * @param membersAccuracy members' accuracy and its Wilson interval
     * @param baseline        the share of the most common value (always guessing it)
     * @param advantage       members' accuracy − non-members', with Newcombe's interval: the leak specific to training rows
     */
    public record Result(String sensitive, List<String> values, int members, int membersCorrect, Interval membersAccuracy, int nonMembers,
                         int nonMembersCorrect, Interval nonMembersAccuracy, double baseline, double advantage, Interval advantageInterval,
                         List<String> notes) {
        public double membersRate() {
            return (double) membersCorrect / members;
        }

        public double nonMembersRate() {
            return (double) nonMembersCorrect / nonMembers;
        }
    }

    public static Result run(Model model, Frame train, Frame holdout, String label, String sensitive, int maxRows, double level, long seed) {
        if (model.info().features().stream().noneMatch(f -> f.name().equals(sensitive))) {
            throw new InputException("attribute inference needs a feature the model reads; '" + sensitive + "' is not one of "
                    + model.info().features().stream().map(f -> f.name()).toList());
        }
        MembershipInference.Settings s = new MembershipInference.Settings(2, true, maxRows, 1e-5, level, seed);
        Frame m = MembershipInference.draw(train, s.maxRows(), s.seed());
        Frame n = MembershipInference.draw(holdout, s.maxRows(), s.seed() + 1);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Frame f : List.of(m, n)) {
            if (!f.has(sensitive)) {
                throw new InputException(f.source() + ": " + f.unknownColumnMessage(sensitive));
            }
            Column c = f.column(sensitive);
            for (int i = 0; i < c.size(); i++) {
                if (!c.isMissing(i)) {
                    counts.merge(c.format(i), 1L, Long::sum);
                }
            }
        }
        if (counts.size() < 2) {
            throw new InputException("'" + sensitive + "' holds " + counts.size() + " value: there is nothing to infer");
        }
        if (counts.size() > MAX_VALUES) {
            throw new InputException("'" + sensitive + "' holds " + counts.size() + " values; attribute inference guesses among at most "
                    + MAX_VALUES + " (bin a number first)");
        }
        List<String> values = new ArrayList<>(counts.keySet());
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        double baseline = counts.values().stream().mapToLong(Long::longValue).max().orElse(0) / (double) total;
        int[] mc = correct(model, m, label, sensitive, values, counts, total);
        int[] nc = correct(model, n, label, sensitive, values, counts, total);
        Interval ma = Interval.wilson(mc[0], mc[1], level);
        Interval na = Interval.wilson(nc[0], nc[1], level);
        double pm = (double) mc[0] / mc[1];
        double pn = (double) nc[0] / nc[1];
        Interval adv = ProportionIntervals.newcombe(pm, mc[1], pn, nc[1], level);
        List<String> notes = new ArrayList<>();
        notes.add(String.format(java.util.Locale.ROOT, "the guess maximises P(true outcome | features, value) × the value's share, over %d values of %s",
                values.size(), sensitive));
        if (mc[2] + nc[2] > 0) {
            notes.add((mc[2] + nc[2]) + " rows with no value of " + sensitive + " were left out");
        }
        return new Result(sensitive, List.copyOf(values), mc[1], mc[0], ma, nc[1], nc[0], na, baseline, pm - pn, adv, List.copyOf(notes));
    }

    /** {correct guesses, rows attacked, rows left out}. */
    private static int[] correct(Model model, Frame f, String label, String sensitive, List<String> values, Map<String, Long> counts, long total) {
        Labels y = MembershipInference.labelsOf(model, f, label);
        Column c = f.column(sensitive);
        int rows = f.rowCount();
        double[] best = new double[rows];
        int[] guess = new int[rows];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        boolean numeric = c instanceof DoubleColumn || c instanceof LongColumn;
        for (int k = 0; k < values.size(); k++) {
            Column v;
            if (numeric) {
                double[] x = new double[rows];
                java.util.Arrays.fill(x, Double.parseDouble(values.get(k)));
                v = DoubleColumn.of(sensitive, x);
            } else {
                v = new StringColumn(sensitive, new int[rows], new String[] {values.get(k)});
            }
            Probabilities p = model.predictProba(f.withColumn(v));
            double prior = Math.log(counts.get(values.get(k)) / (double) total);
            for (int i = 0; i < rows; i++) {
                double score = Math.log(Math.max(1e-300, p.get(i, y.codes()[i]))) + prior;
                if (score > best[i]) {
                    best[i] = score;
                    guess[i] = k;
                }
            }
        }
        int ok = 0;
        int used = 0;
        int skipped = 0;
        for (int i = 0; i < rows; i++) {
            if (c.isMissing(i)) {
                skipped++;
                continue;
            }
            used++;
            if (values.get(guess[i]).equals(c.format(i))) {
                ok++;
            }
        }
        if (used == 0) {
            throw new InputException(f.source() + ": no row has a value of '" + sensitive + "'");
        }
        return new int[] {ok, used, skipped};
    }
}
