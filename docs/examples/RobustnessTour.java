import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.monitor.robust.AttackResult;
import dev.probity.monitor.robust.CausalDiscrimination;
import dev.probity.monitor.robust.DecisionAttack;
import dev.probity.monitor.robust.GradientAttack;
import dev.probity.monitor.robust.InputSpace;
import dev.probity.monitor.robust.Norm;
import dev.probity.monitor.robust.Perturbation;
import dev.probity.monitor.scan.Scan;
import dev.probity.monitor.slice.SliceData;
import dev.probity.monitor.slice.SliceLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Robustness in plain Java, as docs/robustness.md does it with 'probity scan': a logistic regression on Adult, its
 * decisions under noise, the exact smallest change that flips each of 50 rows beside what HopSkipJump finds without the
 * gradient, causal discrimination by sex, SliceLine's worst slice, and the whole scan.
 */
public final class RobustnessTour {
    private RobustnessTour() {
    }

    public static void main(String[] args) {
        Frame train = Datasets.load("adult");
        Frame test = Datasets.load("adult-test").head(5_000);
        List<String> features = new ArrayList<>(train.columnNames());
        features.removeAll(List.of("income", "fnlwgt"));
        Model model = new PipelineTrainer(LinearTrainer.logistic())
                .fit(new TrainingSet(train, features, Labels.fromColumn(train, "income", null), null, 42));

        // sex and age never change; every other number may move within its range in the data
        InputSpace space = InputSpace.of(model, test, List.of("sex", "age"));
        Perturbation.Report noise = Perturbation.run(space, test, Perturbation.Settings.defaults());
        Perturbation.Check all = noise.checks().get(0);
        System.out.printf(Locale.ROOT, "noise of 0.1 sd on %s flips %d of %d decisions%n", space.numeric(), all.flipped(), all.rows());

        int[] rows = java.util.stream.IntStream.range(0, 50).toArray();
        AttackResult exact = GradientAttack.linearExact(space, test, rows, Norm.L2);
        AttackResult hsj = DecisionAttack.hopSkipJump(space, test, rows, new DecisionAttack.Settings(30, 50, 1_000, 100, 7));
        int never = 0;
        for (int i = 0; i < rows.length; i++) {
            if (hsj.distance()[i] < exact.distance()[i] - 1e-9) {
                never++;
            }
        }
        System.out.printf(Locale.ROOT, "median smallest change: exact %.3f sd, HopSkipJump %.3f sd; rows where the attack beat the exact answer: %d%n",
                exact.medianDistance(), hsj.medianDistance(), never);

        CausalDiscrimination.Result cd = CausalDiscrimination.run(model, test, CausalDiscrimination.Settings.of("sex"));
        System.out.printf(Locale.ROOT, "changing only sex changes %.1f%% of %d decisions%n", 100 * cd.score(), cd.inputs());

        List<String> by = new ArrayList<>(features);
        SliceLine.Encoded enc = SliceData.encode(test, by, SliceData.errors(model, test, "income"), SliceData.DEFAULT_BINS);
        SliceLine.Result slices = SliceLine.find(enc, SliceLine.Settings.forRows(test.rowCount()));
        SliceLine.Slice worst = slices.top().get(0);
        System.out.printf(Locale.ROOT, "worst slice: %s — error %.1f%% vs %.1f%% overall, %d rows%n", enc.describe(worst),
                100 * worst.meanError(), 100 * slices.meanError(), worst.size());

        Scan.Report scan = Scan.run(model, test, Scan.Settings.of("income", List.of("sex")).withRows(50, 2_000), step -> { });
        System.out.printf(Locale.ROOT, "scan: %d major, %d medium, %d minor%n", scan.count(Scan.Level.MAJOR), scan.count(Scan.Level.MEDIUM),
                scan.count(Scan.Level.MINOR));
        System.out.println("tour complete");
    }
}
