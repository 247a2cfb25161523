package dev.probity.privacy.anonymize;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownstreamCostTest {

    static Frame people(int n, long seed) {
        Random rnd = new Random(seed);
        long[] age = new long[n];
        String[] sex = new String[n];
        String[] outcome = new String[n];
        for (int i = 0; i < n; i++) {
            age[i] = 20 + rnd.nextInt(50);
            sex[i] = rnd.nextDouble() < 0.3 ? "F" : "M";
            double p = 1 / (1 + Math.exp(-(age[i] - 45) / 6.0 - (sex[i].equals("F") ? -0.5 : 0.3)));
            outcome[i] = rnd.nextDouble() < p ? "yes" : "no";
        }
        return Frame.of(LongColumn.of("age", age), StringColumn.of("sex", sex), StringColumn.of("outcome", outcome));
    }

    @Test
    void accuracyAndGroupRatesOfBothModelsAreRecomputed() {
        Frame train = people(3000, 1);
        Frame test = people(1000, 2);
        List<String> ages = new ArrayList<>();
        for (int a = 20; a < 70; a++) {
            ages.add(String.valueOf(a));
        }
        Map<String, Hierarchy> h = Map.of("age", Hierarchy.intervals("age", ages, 0, 10, 2, 2));
        Anonymization release = Anonymizer.anonymize(train, new AnonymizationSpec(List.of("age"), h,
                List.of(new PrivacyModel.KAnonymity(50)), 0));
        assertTrue(release.levels().get(0) >= 1, "age generalized: " + release.transformation());
        PipelineTrainer trainer = new PipelineTrainer(LinearTrainer.logistic());
        List<String> features = List.of("age", "sex");
        DownstreamCost.Result r = DownstreamCost.measure(train, release, h, test, "outcome", "yes", features, "sex",
                trainer, 0.5, 7);
        // recomputed: the same trainer and seed, the decisions counted here
        Model original = trainer.fit(new TrainingSet(train, features, Labels.fromColumn(train, "outcome", "yes"), null, 7));
        check(r.original(), original.score(test), test);
        Model anonymized = trainer.fit(new TrainingSet(release.output(), features,
                Labels.fromColumn(release.output(), "outcome", "yes"), null, 7));
        Frame generalized = DownstreamCost.generalize(test, h, release.transformation());
        assertEquals(h.get("age").generalize("45", release.levels().get(0)), generalized.column("age").format(
                firstRowWithAge(test, 45)));
        check(r.anonymized(), anonymized.score(generalized), test);
        assertTrue(r.original().accuracy() > 0.6 && r.anonymized().accuracy() > 0.6);
    }

    @Test
    void aProtectedAttributeThatIsGeneralizedKeepsItsGroupsAndHeldOutRowsAreTheTestData() {
        Frame data = people(3000, 3);
        List<String> ages = new ArrayList<>();
        for (int a = 20; a < 70; a++) {
            ages.add(String.valueOf(a));
        }
        Map<String, Hierarchy> h = Map.of("age", Hierarchy.intervals("age", ages, 0, 10, 2, 2),
                "sex", Hierarchy.of("sex", "test", List.of(new String[]{"F", "*"}, new String[]{"M", "*"})));
        // k = 1,000 with 30% women: sex must go to * (no k-anonymous table keeps it with age)
        Anonymization release = Anonymizer.anonymize(data, new AnonymizationSpec(List.of("age", "sex"), h,
                List.of(new PrivacyModel.KAnonymity(1000)), 0));
        assertEquals(1, release.transformation().get("sex"), "sex generalized: " + release.transformation());
        assertEquals(data.rowCount(), release.output().rowCount());
        PipelineTrainer trainer = new PipelineTrainer(LinearTrainer.logistic());
        List<String> features = List.of("age", "sex");
        DownstreamCost.Result r = DownstreamCost.measureHeldOut(data, release, h, 0.3, "outcome", "yes", features, "sex", trainer, 0.5, 11);

        int[][] split = DownstreamCost.split(data.rowCount(), 0.3, 11);
        assertEquals(900, split[0].length);
        assertEquals(2100, split[1].length);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int[] part : split) {
            for (int i : part) {
                assertTrue(seen.add(i), "row " + i + " in both parts");
            }
        }
        Frame test = data.select(split[0]);
        Frame train = data.select(split[1]);
        Model original = trainer.fit(new TrainingSet(train, features, Labels.fromColumn(train, "outcome", "yes"), null, 11));
        check(r.original(), original.score(test), test);
        Frame released = release.output().select(split[1]);
        Model anonymized = trainer.fit(new TrainingSet(released, features, Labels.fromColumn(released, "outcome", "yes"), null, 11));
        // scored on generalized rows (sex is * there), audited by the real groups F and M
        check(r.anonymized(), anonymized.score(DownstreamCost.generalize(test, h, release.transformation())), test);
        assertEquals(List.of("F", "M"), r.anonymized().selectionRate().keySet().stream().sorted().toList());
    }

    @Test
    void aModelThatSelectsNoOneHasSelectionRatesOfZero() {
        Frame train = people(2000, 5);
        Frame test = people(500, 6);
        List<String> ages = new ArrayList<>();
        for (int a = 20; a < 70; a++) {
            ages.add(String.valueOf(a));
        }
        Map<String, Hierarchy> h = Map.of("age", Hierarchy.intervals("age", ages, 0, 10, 2, 2));
        Anonymization release = Anonymizer.anonymize(train, new AnonymizationSpec(List.of("age"), h,
                List.of(new PrivacyModel.KAnonymity(20)), 0));
        // no score reaches 1.5: every decision is negative, which the audit alone would refuse to count
        DownstreamCost.Result r = DownstreamCost.measure(train, release, h, test, "outcome", "yes", List.of("age", "sex"), "sex",
                new PipelineTrainer(LinearTrainer.logistic()), 1.5, 7);
        long negatives = java.util.stream.IntStream.range(0, test.rowCount()).filter(i -> test.column("outcome").format(i).equals("no")).count();
        for (DownstreamCost.Side side : List.of(r.original(), r.anonymized())) {
            assertEquals((double) negatives / test.rowCount(), side.accuracy(), 1e-12);
            assertEquals(List.of("M", "F"), List.copyOf(side.selectionRate().keySet()), "largest group first");
            side.selectionRate().values().forEach(v -> assertEquals(0.0, v));
            side.truePositiveRate().values().forEach(v -> assertEquals(0.0, v));
        }
    }

    static int firstRowWithAge(Frame f, long age) {
        long[] v = ((LongColumn) f.column("age")).values();
        for (int i = 0; i < v.length; i++) {
            if (v[i] == age) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    static void check(DownstreamCost.Side side, double[] score, Frame test) {
        Column truth = test.column("outcome");
        Column sex = test.column("sex");
        int correct = 0;
        for (String g : List.of("F", "M")) {
            int n = 0;
            int selected = 0;
            int positives = 0;
            int found = 0;
            for (int i = 0; i < score.length; i++) {
                if (!sex.format(i).equals(g)) {
                    continue;
                }
                boolean yes = score[i] >= 0.5;
                boolean actual = truth.format(i).equals("yes");
                n++;
                selected += yes ? 1 : 0;
                positives += actual ? 1 : 0;
                found += yes && actual ? 1 : 0;
                correct += yes == actual ? 1 : 0;
            }
            assertEquals((double) selected / n, side.selectionRate().get(g), 1e-12, "selection rate of " + g);
            assertEquals((double) found / positives, side.truePositiveRate().get(g), 1e-12, "TPR of " + g);
        }
        assertEquals((double) correct / score.length, side.accuracy(), 1e-12);
    }
}
