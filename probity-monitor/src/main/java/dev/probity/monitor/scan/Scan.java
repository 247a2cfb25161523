package dev.probity.monitor.scan;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Feature;
import dev.probity.core.model.LogitGradient;
import dev.probity.core.model.Model;
import dev.probity.core.model.TaskKind;
import dev.probity.core.stats.Interval;
import dev.probity.monitor.drift.Drift;
import dev.probity.monitor.robust.AttackResult;
import dev.probity.monitor.robust.CausalDiscrimination;
import dev.probity.monitor.robust.DecisionAttack;
import dev.probity.monitor.robust.GradientAttack;
import dev.probity.monitor.robust.InputSpace;
import dev.probity.monitor.robust.Norm;
import dev.probity.monitor.robust.Perturbation;
import dev.probity.monitor.slice.SliceData;
import dev.probity.monitor.slice.SliceLine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One pass over a model and its data that looks for trouble the way Giskard's scan does, and lists what it finds by
 * severity: drift from a reference, decisions that ordinary noise flips, decisions a small deliberate change flips,
 * decisions that change with a protected attribute alone, and slices of the data where the model errs most.
 *
 * <p>Severity follows Giskard's rule: a check with threshold {@code T} raises an issue at {@code T} and calls it major
 * beyond {@code 2T}. The thresholds: 5% of decisions flipped by noise, a missing value or a swapped category
 * (Giskard's numerical-perturbation threshold); 5% of attacked rows flippable by a change of 0.1 standard deviations
 * (L2); a causal discrimination score of 1% whose interval excludes 0 (a protected attribute deciding for 1 in 100
 * people is a finding for a lender); a slice whose accuracy is 5% (relative) below the whole data's (Giskard's
 * performance-bias threshold; mean squared error 5% above, for a regressor); a drifting column (medium) or dataset
 * (major).
 */
public final class Scan {
    private Scan() {
    }

    /** How sure the scan is that something is wrong. */
    public enum Level { MAJOR, MEDIUM, MINOR;
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Level parse(String s) {
            for (Level l : values()) {
                if (l.id().equalsIgnoreCase(s.trim())) {
                    return l;
                }
            }
            throw new InputException("a severity is major, medium or minor; got '" + s + "'");
        }
    }

    /**
     * @param label         the label column (null: no slices, no accuracy)
     * @param protectedAttributes attributes tested for causal discrimination and always offered to the slice search
     * @param immutable     features no attack or perturbation may change (the protected attributes are added)
     * @param reference     reference data for drift (null: no drift check)
     * @param attackRows    rows attacked (spread evenly over the data)
     * @param sampleRows    rows perturbed and tested for causal discrimination (spread evenly)
     * @param epsilon       the change, in standard deviations (L2), that counts as small for the attack check
     * @param noise         the perturbation noise, in standard deviations
     * @param bins          bins for numbers in the slice search
     * @param seed          the seed of every random choice
     */
    public record Settings(String label, List<String> protectedAttributes, List<String> immutable, Frame reference,
                           int attackRows, int sampleRows, double epsilon, double noise, int bins, long seed) {
        public Settings {
            protectedAttributes = protectedAttributes == null ? List.of() : List.copyOf(protectedAttributes);
            immutable = immutable == null ? List.of() : List.copyOf(immutable);
            if (attackRows < 0 || sampleRows < 1) {
                throw new InputException("scan rows: attacked rows ≥ 0 and sampled rows ≥ 1; got " + attackRows + " and " + sampleRows);
            }
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new InputException("the attack's small change is a positive number of standard deviations; got " + epsilon);
            }
        }

        public static Settings of(String label, List<String> protectedAttributes) {
            return new Settings(label, protectedAttributes, List.of(), null, 100, 10_000, 0.1, 0.1, SliceData.DEFAULT_BINS, 42);
        }

        public Settings withReference(Frame r) {
            return new Settings(label, protectedAttributes, immutable, r, attackRows, sampleRows, epsilon, noise, bins, seed);
        }

        public Settings withImmutable(List<String> i) {
            return new Settings(label, protectedAttributes, i, reference, attackRows, sampleRows, epsilon, noise, bins, seed);
        }

        public Settings withRows(int attack, int sample) {
            return new Settings(label, protectedAttributes, immutable, reference, attack, sample, epsilon, noise, bins, seed);
        }

        public Settings withSeed(long s) {
            return new Settings(label, protectedAttributes, immutable, reference, attackRows, sampleRows, epsilon, noise, bins, s);
        }
    }

    /**
     * One finding.
     *
     * @param check     {@code drift}, {@code perturbation}, {@code adversarial}, {@code causal-discrimination} or {@code slice}
     * @param level     its severity
     * @param summary   the finding in one sentence
     * @param metric    the number it rests on (a share, a score, an accuracy)
     * @param reference what that number is compared with
     * @param threshold the threshold the check applies
     */
    public record Issue(String check, Level level, String summary, double metric, double reference, double threshold) {
    }

    /** A slice, in words, with its numbers. */
    public record SliceFinding(String description, int rows, double meanError, double score) {
    }

    /**
     * The robustness of decisions against a deliberate change: for each size of change, the share of attacked rows whose
     * decision holds (and, with labels, is also right).
     */
    public record Robustness(String method, Norm norm, boolean exact, int rows, int flippedWithinEpsilon, double medianDistance,
                             List<double[]> curve, boolean labelled) {
        public Robustness {
            curve = List.copyOf(curve);
        }
    }

    /** Everything the scan did and found. */
    public record Report(String model, String data, int rows, Settings settings, List<Issue> issues, Drift.Report drift,
                         Perturbation.Report perturbation, Robustness robustness, List<CausalDiscrimination.Result> discrimination,
                         List<SliceFinding> slices, double accuracy, List<String> notes) {
        public Report {
            issues = List.copyOf(issues);
            discrimination = List.copyOf(discrimination);
            slices = List.copyOf(slices);
            notes = List.copyOf(notes);
        }

        public long count(Level l) {
            return issues.stream().filter(i -> i.level() == l).count();
        }
    }

    /** An issue when at least this share of decisions flips under a perturbation (major at twice it). */
    public static final double PERTURBATION_THRESHOLD = 0.05;
    /** An issue when at least this share of attacked rows can be flipped within ε (major at twice it). */
    public static final double ADVERSARIAL_THRESHOLD = 0.05;
    /** An issue when at least this share of people change decision with the protected attribute alone (major at twice it). */
    public static final double CAUSAL_THRESHOLD = 0.01;
    /** An issue when a slice's accuracy is this much lower than the whole's, relatively (major at twice it). */
    public static final double SLICE_THRESHOLD = 0.05;
    static final double PERTURBATION_T = PERTURBATION_THRESHOLD;
    static final double ADVERSARIAL_T = ADVERSARIAL_THRESHOLD;
    static final double DISCRIMINATION_T = CAUSAL_THRESHOLD;
    static final double SLICE_T = SLICE_THRESHOLD;
    /** Slices sharing at least this Jaccard similarity of rows with a better one are shown once. */
    static final double SAME_SLICE = 0.9;
    static final double[] EPSILONS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2};

    /** Runs every check that the inputs allow; {@code progress} hears the name of each check as it starts. */
    public static Report run(Model model, Frame data, Settings s, Consumer<String> progress) {
        if (model.info().output() != TaskKind.BINARY) {
            throw new InputException("the scan tests binary classifiers; the model is " + model.info().output().name().toLowerCase(Locale.ROOT));
        }
        data.requireRows();
        model.info().checkInputs(data);
        List<String> read = model.info().features().stream().map(Feature::name).toList();
        List<Issue> issues = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> fixed = new ArrayList<>(s.immutable());
        fixed.addAll(s.protectedAttributes());
        Drift.Report drift = null;
        if (s.reference() != null) {
            progress.accept("drift");
            drift = Drift.run(s.reference(), data, Drift.Spec.defaults());
            for (Drift.ColumnDrift c : drift.columns()) {
                if (c.drifted()) {
                    issues.add(new Issue("drift", Level.MEDIUM, "'" + c.column() + "' has drifted from the reference (" + c.test() + " "
                            + fmt(c.score()) + ", " + c.rule() + ")", c.score(), Double.NaN, c.threshold()));
                }
            }
            if (drift.datasetDrift()) {
                issues.add(new Issue("drift", Level.MAJOR, "the data have drifted: " + pct(drift.share()) + " of columns drifted",
                        drift.share(), Double.NaN, drift.driftShare()));
            }
        }
        InputSpace space = InputSpace.of(model, data, fixed);
        progress.accept("perturbation");
        Frame sample = data.select(spread(data.rowCount(), s.sampleRows()));
        Perturbation.Report pert = Perturbation.run(space, sample, new Perturbation.Settings(s.noise(), 0.95, s.seed()));
        for (Perturbation.Check c : pert.checks()) {
            if (c.share() >= PERTURBATION_T) {
                String what = switch (c.kind()) {
                    case "noise" -> c.feature().equals("*") ? "noise of " + fmt(s.noise()) + " standard deviations on every number"
                            : "noise of " + fmt(s.noise()) + " standard deviations on '" + c.feature() + "'";
                    case "missing" -> "a missing '" + c.feature() + "'";
                    default -> "another category of '" + c.feature() + "'";
                };
                issues.add(new Issue("perturbation", c.share() >= 2 * PERTURBATION_T ? Level.MAJOR : Level.MEDIUM,
                        what + " flips " + pct(c.share()) + " of decisions (" + ci(c.interval()) + ")", c.share(), 0, PERTURBATION_T));
            }
        }
        notes.addAll(pert.skipped());
        Robustness rob = null;
        if (s.attackRows() > 0 && space.dimension() > 0) {
            progress.accept("adversarial");
            rob = attack(model, data, space, s);
            double share = (double) rob.flippedWithinEpsilon() / rob.rows();
            if (share >= ADVERSARIAL_T) {
                issues.add(new Issue("adversarial", share >= 2 * ADVERSARIAL_T ? Level.MAJOR : Level.MEDIUM,
                        pct(share) + " of the " + rob.rows() + " rows attacked change decision under a change of at most " + fmt(s.epsilon())
                                + " standard deviations (" + rob.method() + (rob.exact() ? ", exact" : ", a lower bound on the true share") + ")",
                        share, 0, ADVERSARIAL_T));
            }
        } else if (space.dimension() == 0) {
            notes.add("adversarial: no numeric feature may change, so no attack was run");
        }
        List<CausalDiscrimination.Result> disc = new ArrayList<>();
        for (String a : s.protectedAttributes()) {
            if (read.stream().noneMatch(f -> f.equalsIgnoreCase(a))) {
                if (!data.has(a)) {
                    throw new InputException(data.unknownColumnMessage(a));
                }
                notes.add("causal discrimination: the model does not read '" + a + "', so changing it alone changes no decision; "
                        + "features that stand in for it can still carry it (look at the audit and the slices)");
                continue;
            }
            progress.accept("causal discrimination (" + a + ")");
            CausalDiscrimination.Result r = CausalDiscrimination.run(model, data, new CausalDiscrimination.Settings(a, List.of(),
                    CausalDiscrimination.Sampling.DATA, s.sampleRows(), 0.005, 0.95, s.seed()));
            disc.add(r);
            if (r.interval().low() > 0 && r.score() >= DISCRIMINATION_T) {
                issues.add(new Issue("causal-discrimination", r.score() >= 2 * DISCRIMINATION_T ? Level.MAJOR : Level.MEDIUM,
                        "changing only '" + a + "' changes the decision for " + pct(r.score()) + " of people (" + ci(r.interval()) + ")",
                        r.score(), 0, DISCRIMINATION_T));
            } else if (r.discriminated() > 0) {
                issues.add(new Issue("causal-discrimination", Level.MINOR, "changing only '" + a + "' changes the decision for "
                        + r.discriminated() + " of " + r.inputs() + " people tested (" + ci(r.interval()) + ")", r.score(), 0, DISCRIMINATION_T));
            }
        }
        List<SliceFinding> slices = new ArrayList<>();
        double accuracy = Double.NaN;
        if (s.label() != null) {
            progress.accept("slices");
            double[] err = SliceData.errors(model, data, s.label());
            double wrong = 0;
            for (double v : err) {
                wrong += v;
            }
            accuracy = 1 - wrong / err.length;
            List<String> by = new ArrayList<>(read);
            for (String a : s.protectedAttributes()) {
                String col = data.resolve(a);
                if (!by.contains(col)) {
                    by.add(col);
                }
            }
            SliceLine.Encoded enc = SliceData.encode(data, by, err, s.bins());
            SliceLine.Settings base = SliceLine.Settings.forRows(data.rowCount());
            // SliceLine's top slices often overlap; ask for three times as many and show the first 10 that differ
            SliceLine.Result r = SliceLine.find(enc, new SliceLine.Settings(3 * base.k(), base.maxLevel(), base.minSupport(), base.alpha(),
                    base.bound(), base.threads()));
            List<java.util.BitSet> kept = new ArrayList<>();
            int folded = 0;
            for (SliceLine.Slice sl : r.top()) {
                java.util.BitSet rowsIn = new java.util.BitSet(data.rowCount());
                for (int i = 0; i < data.rowCount(); i++) {
                    if (enc.contains(sl, i)) {
                        rowsIn.set(i);
                    }
                }
                if (kept.size() == base.k()) {
                    break;
                }
                if (kept.stream().anyMatch(k -> jaccard(k, rowsIn) >= SAME_SLICE)) {
                    folded++;
                    continue;
                }
                kept.add(rowsIn);
                String words = enc.describe(sl);
                slices.add(new SliceFinding(words, sl.size(), sl.meanError(), sl.score()));
                double acc = 1 - sl.meanError();
                double rel = accuracy > 0 ? (acc - accuracy) / accuracy : 0;
                if (rel <= -SLICE_T) {
                    issues.add(new Issue("slice", rel <= -2 * SLICE_T ? Level.MAJOR : Level.MEDIUM,
                            words + ": accuracy " + pct(acc) + " vs " + pct(accuracy) + " overall, " + sl.size() + " rows",
                            acc, accuracy, SLICE_T));
                }
            }
            if (folded > 0) {
                notes.add("slices: " + folded + " of SliceLine's top " + r.top().size() + " slices hold nearly the same rows as a better one "
                        + "(Jaccard similarity ≥ " + SAME_SLICE + ") and are left out");
            }
            if (!slices.isEmpty()) {
                notes.add("slices: chosen because the model erred most on these rows; on new data their error is likely lower "
                        + "(a selection effect). Confirm a slice on held-out data before acting on it");
            }
        }
        issues.sort(Comparator.comparing(Issue::level).thenComparing(Issue::check));
        return new Report(model.info().algorithm(), data.source(), data.rowCount(), s, issues, drift, pert, rob, disc, slices, accuracy, notes);
    }

    private static Robustness attack(Model model, Frame data, InputSpace space, Settings s) {
        int[] rows = spread(data.rowCount(), s.attackRows());
        AttackResult r;
        boolean exact;
        LogitGradient g = model.logitGradient().orElse(null);
        if (g != null && g.affine()) {
            r = GradientAttack.linearExact(space, data, rows, Norm.L2);
            exact = true;
        } else if (g != null) {
            r = GradientAttack.minimal(space, data, rows, 4, 1e-3, GradientAttack.Settings.pgd(Norm.L2));
            exact = false;
        } else {
            r = DecisionAttack.hopSkipJump(space, data, rows, new DecisionAttack.Settings(30, 50, 1_000, 100, s.seed()));
            exact = false;
        }
        boolean[] right = null;
        if (s.label() != null) {
            double[] err = SliceData.errors(model, data.select(rows), s.label());
            right = new boolean[rows.length];
            for (int i = 0; i < rows.length; i++) {
                right[i] = err[i] == 0;
            }
        }
        List<double[]> curve = new ArrayList<>();
        for (double eps : EPSILONS) {
            int hold = 0;
            for (int i = 0; i < rows.length; i++) {
                boolean holds = !(r.distance()[i] <= eps);
                if (holds && (right == null || right[i])) {
                    hold++;
                }
            }
            curve.add(new double[] {eps, (double) hold / rows.length});
        }
        int within = 0;
        for (double d : r.distance()) {
            within += d <= s.epsilon() ? 1 : 0;
        }
        return new Robustness(r.attack(), r.norm(), exact, rows.length, within, r.medianDistance(), curve, right != null);
    }

    private static double jaccard(java.util.BitSet a, java.util.BitSet b) {
        java.util.BitSet and = (java.util.BitSet) a.clone();
        and.and(b);
        java.util.BitSet or = (java.util.BitSet) a.clone();
        or.or(b);
        return or.isEmpty() ? 1 : (double) and.cardinality() / or.cardinality();
    }

    /** {@code k} row indices spread evenly over {@code n} rows (all of them when {@code k ≥ n}). */
    static int[] spread(int n, int k) {
        int m = Math.min(n, k);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = (int) ((long) i * n / m);
        }
        return out;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static String ci(Interval i) {
        return Interval.percent(i.level()) + " interval " + pct(i.low()) + "–" + pct(i.high());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
