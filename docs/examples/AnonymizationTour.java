import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.privacy.anonymize.Anonymization;
import dev.probity.privacy.anonymize.AnonymizationSpec;
import dev.probity.privacy.anonymize.Anonymizer;
import dev.probity.privacy.anonymize.Hierarchy;
import dev.probity.privacy.anonymize.PrivacyModel;
import dev.probity.privacy.anonymize.risk.ReidentificationRisk;
import dev.probity.privacy.anonymize.risk.RiskReport;
import dev.probity.privacy.anonymize.risk.RiskSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Anonymization and what it costs a model, as docs/privacy.md describes it: UCI Adult's training file made
 * 10-anonymous on age, sex, race, marital status and native country (5% suppression allowed); the risk before and
 * after; then the same logistic regression trained on the original and on the release, each evaluated on the test file
 * (generalized the same way for the second), with accuracy and the audit's selection rate and true positive rate by sex.
 */
public final class AnonymizationTour {
    static final List<String> QI = List.of("age", "sex", "race", "marital_status", "native_country");

    private AnonymizationTour() {
    }

    public static void main(String[] args) {
        Frame train = Datasets.load("adult");
        Frame test = Datasets.load("adult-test");
        Map<String, Hierarchy> h = hierarchies(train, test);
        AnonymizationSpec spec = new AnonymizationSpec(QI, h, List.of(new PrivacyModel.KAnonymity(10)), 0.05);
        Anonymization a = Anonymizer.anonymize(train, spec);
        System.out.println("transformation: " + a.transformation() + ", suppressed " + a.suppressed() + " of " + a.rows()
                + String.format(", loss %.4f", a.after().loss()));
        RiskReport before = ReidentificationRisk.of(train, QI, RiskSettings.defaults());
        RiskReport after = ReidentificationRisk.of(a.output(), QI, RiskSettings.defaults());
        System.out.printf("highest prosecutor risk %.4f -> %.4f, sample uniques %.4f -> %.4f%n", before.prosecutor().highest(),
                after.prosecutor().highest(), before.sampleUniques(), after.sampleUniques());
        require(after.prosecutor().highest() <= 0.1 + 1e-12 || a.suppressed() > 0, "10-anonymous");

        List<String> features = train.columnNames().stream().filter(c -> !List.of("income", "fnlwgt").contains(c)).toList();
        PipelineTrainer logistic = new PipelineTrainer(LinearTrainer.logistic());
        Model original = logistic.fit(new TrainingSet(train, features, Labels.fromColumn(train, "income", ">50K"), null, 42));
        Model released = logistic.fit(new TrainingSet(a.output(), features, Labels.fromColumn(a.output(), "income", ">50K"), null, 42));
        Frame generalizedTest = generalize(test, h, a.transformation());
        report("trained on the original", original, test);
        report("trained on the release ", released, generalizedTest);
        System.out.println("tour complete");
    }

    /** Accuracy and the audit's selection rate and true positive rate by sex, on the test file. */
    static void report(String name, Model model, Frame test) {
        double[] score = model.score(test);
        String[] decided = new String[test.rowCount()];
        int correct = 0;
        Column income = test.column("income");
        for (int i = 0; i < decided.length; i++) {
            decided[i] = score[i] >= 0.5 ? ">50K" : "<=50K";
            correct += decided[i].equals(income.format(i)) ? 1 : 0;
        }
        AuditResult audit = Audit.run(test.withColumn(StringColumn.of("decision", decided)), AuditSpec.builder()
                .label("income").positive(">50K").prediction("decision").predictionPositive(">50K")
                .protectedAttributes("sex").reference("sex", "Male").build());
        var sex = audit.attribute("sex");
        System.out.printf("%s: accuracy %.4f; selection rate women %.4f, men %.4f; true positive rate women %.4f, men %.4f%n",
                name, (double) correct / decided.length, sex.group("Female").metric("selection_rate").number(),
                sex.group("Male").metric("selection_rate").number(), sex.group("Female").metric("tpr").number(),
                sex.group("Male").metric("tpr").number());
    }

    /** Hierarchies over the values of both files: age in 5-year bands merged by 2, the others one step to '*'. */
    static Map<String, Hierarchy> hierarchies(Frame train, Frame test) {
        Map<String, Hierarchy> h = new LinkedHashMap<>();
        h.put("age", Hierarchy.intervals("age", values("age", train, test), 0, 5, 2, 3));
        for (String c : List.of("sex", "race")) {
            List<String[]> rows = new ArrayList<>();
            for (String v : values(c, train, test)) {
                rows.add(new String[]{v, "*"});
            }
            h.put(c, Hierarchy.of(c, "built", rows));
        }
        List<String[]> marital = new ArrayList<>();
        for (String v : values("marital_status", train, test)) {
            marital.add(new String[]{v, v.startsWith("Married") ? "married" : "not married", "*"});
        }
        h.put("marital_status", Hierarchy.of("marital_status", "built", marital));
        List<String[]> country = new ArrayList<>();
        for (String v : values("native_country", train, test)) {
            country.add(new String[]{v, v.equals("United-States") ? "United-States" : "elsewhere", "*"});
        }
        h.put("native_country", Hierarchy.of("native_country", "built", country));
        return h;
    }

    static TreeSet<String> values(String column, Frame... frames) {
        TreeSet<String> s = new TreeSet<>();
        for (Frame f : frames) {
            Column c = f.column(column);
            for (int i = 0; i < f.rowCount(); i++) {
                s.add(c.format(i));
            }
        }
        return s;
    }

    /** The test file generalized with the release's levels (no suppression: these rows are only scored). */
    static Frame generalize(Frame f, Map<String, Hierarchy> h, Map<String, Integer> levels) {
        Frame out = f;
        for (Map.Entry<String, Integer> e : levels.entrySet()) {
            Column c = f.column(e.getKey());
            String[] v = new String[f.rowCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = h.get(e.getKey()).generalize(c.format(i), e.getValue());
            }
            out = out.withColumn(StringColumn.of(e.getKey(), v));
        }
        return out;
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
