import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.privacy.anonymize.Anonymization;
import dev.probity.privacy.anonymize.AnonymizationSpec;
import dev.probity.privacy.anonymize.Anonymizer;
import dev.probity.privacy.anonymize.DownstreamCost;
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
 * after; then {@link DownstreamCost}: the same logistic regression trained on the original and on the release, each
 * evaluated on the test file (generalized the same way for the second), with accuracy and the audit's selection rate
 * and true positive rate by sex.
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
        DownstreamCost.Result cost = DownstreamCost.measure(train, a, h, test, "income", ">50K", features, "sex",
                new PipelineTrainer(LinearTrainer.logistic()), 0.5, 42);
        report("trained on the original", cost.original());
        report("trained on the release ", cost.anonymized());
        System.out.println("tour complete");
    }

    static void report(String name, DownstreamCost.Side side) {
        System.out.printf("%s: accuracy %.4f; selection rate women %.4f, men %.4f; true positive rate women %.4f, men %.4f%n",
                name, side.accuracy(), side.selectionRate().get("Female"), side.selectionRate().get("Male"),
                side.truePositiveRate().get("Female"), side.truePositiveRate().get("Male"));
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

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
