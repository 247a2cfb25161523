import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.Provenance;
import dev.probity.core.model.TrainingSet;
import dev.probity.explain.ExplainMethod;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.ExplainSettings;
import dev.probity.explain.Explainers;
import dev.probity.explain.shap.Explanation;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.data.DataAudit;
import dev.probity.fairness.data.DataAuditResult;
import dev.probity.fairness.data.DataAuditSpec;
import dev.probity.fairness.data.Population;
import dev.probity.fairness.ranking.RankAudit;
import dev.probity.fairness.ranking.RankAuditResult;
import dev.probity.fairness.ranking.RankAuditSpec;
import dev.probity.fairness.ranking.RankedLists;
import dev.probity.mitigation.MitigationReport;
import dev.probity.mitigation.MitigationRun;
import dev.probity.mitigation.MitigationSettings;
import dev.probity.mitigation.Mitigations;
import dev.probity.mitigation.ranking.FairTopK;
import dev.probity.mitigation.ranking.Rerank;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.models.eval.ClassificationReport;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.xgboost.XgbTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the command line does, in plain Java: audit, train and evaluate, mitigate (a post-processor and a
 * reduction, saved and reloaded), and explain (TreeSHAP on a saved XGBoost model, KernelSHAP on a mitigated
 * model). docs/library.md walks through it; LibraryTourTest in probity-checks compiles and runs it, so it cannot
 * go stale. Run it with the jars of probity-cli/target/lib on the class path:
 *
 * <pre>
 *   javac -cp 'probity-cli/target/lib/*:probity-cli/target/probity-cli.jar' -d /tmp/tour docs/examples/LibraryTour.java
 *   java -cp '/tmp/tour:probity-cli/target/lib/*:probity-cli/target/probity-cli.jar' LibraryTour out/tour
 * </pre>
 */
public final class LibraryTour {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "out/tour"));

        // 1. The audit: ProPublica's finding, from the bundled COMPAS data.
        Frame compas = Datasets.load("compas");
        AuditResult audit = Audit.run(compas, AuditSpec.builder()
                .label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race").reference("race", "Caucasian").build());
        double fpr = audit.attribute("race").group("African-American").metric("fpr").number();
        System.out.printf("COMPAS false positive rate, African-American defendants: %.4f%n", fpr);
        require(Math.abs(fpr - 0.4485) < 5e-5, "ProPublica's 44.85%");

        // 2. Bias in the data before training: which features of UCI Adult stand in for sex?
        Frame train = Datasets.load("adult");
        DataAuditResult data = DataAudit.run(train, DataAuditSpec.builder()
                .protectedAttributes("sex").label("income").positive(">50K")
                .population(Population.of(Map.of("sex", Map.of("Male", 121_239_418.0, "Female", 127_470_455.0)), "1990 census"))
                .proxyModel(new PipelineTrainer(LinearTrainer.logistic())).build());
        DataAuditResult.Proxy proxy = data.proxies("sex").features().get(0);
        System.out.printf("strongest proxy of sex in Adult: %s (held-out AUC %.3f); women are %.1f%% of the rows, %.3f of their census share%n",
                proxy.feature(), proxy.auc(), 100 * data.representation("sex").group("Female").share(),
                data.representation("sex").group("Female").ratio());
        require(proxy.feature().equals("relationship"), "relationship stands in for sex");

        // 3. Train and evaluate: a logistic regression on UCI Adult, the protected attribute left out of the features.
        Frame test = Datasets.load("adult-test");
        List<String> features = train.columnNames().stream()
                .filter(c -> !List.of("income", "fnlwgt", "sex").contains(c)).toList();
        Labels income = Labels.fromColumn(train, "income", ">50K");
        PipelineTrainer logistic = new PipelineTrainer(LinearTrainer.logistic());
        Model baseline = logistic.fit(new TrainingSet(train, features, income, null, 42));
        ClassificationReport evaluation = ClassificationReport.evaluate("adult-test", baseline, test, "income", ">50K");
        System.out.printf("logistic regression on the test file: accuracy %.4f, ROC AUC %.4f%n",
                evaluation.accuracy(), evaluation.rocAuc());
        require(evaluation.accuracy() > 0.84, "a sensible baseline");

        // 4. Mitigate: the threshold optimizer (after training) and exponentiated gradient (during training).
        Model mitigated = null;
        for (String method : List.of("threshold-optimizer", "exponentiated-gradient")) {
            MitigationReport r = MitigationRun.run(new MitigationRun.Request(train, test, "income", ">50K", List.of("sex"), features,
                    logistic, Mitigations.create(method, MitigationSettings.defaults()), Constraint.DEMOGRAPHIC_PARITY, 42),
                    warning -> System.err.println("warning: " + warning));
            MitigationReport.Point before = r.tradeoff().baseline();
            MitigationReport.Point after = r.tradeoff().mitigated();
            System.out.printf("%s: demographic parity difference %.4f -> %.4f, error %.4f -> %.4f%n",
                    method, before.disparity(), after.disparity(), before.error(), after.error());
            require(after.disparity() < before.disparity() / 2, method + " halves the disparity");

            Path file = dir.resolve(method + ".json");
            ModelFiles.save(r.mitigated(), file);
            Model reloaded = ModelFiles.load(file, null);
            require(Arrays.equals(reloaded.predict(test), r.predictions().after()), method + " reloads to the same decisions");
            Provenance p = reloaded.provenance();
            System.out.printf("  saved to %s: %s by %s on %s (%d rows, sha256 %s…)%n", file.getFileName(), p.step(), p.method(),
                    p.data().source(), p.data().rows(), p.data().sha256().substring(0, 12));
            if (method.equals("threshold-optimizer")) {
                mitigated = reloaded;
            }
        }

        // 5. Explain: TreeSHAP on a saved XGBoost model, KernelSHAP on the mitigated (randomized) model.
        PipelineModel xgb = new PipelineTrainer(XgbTrainer.defaults().rounds(60))
                .fit(new TrainingSet(train, features, income, null, 42));
        Path xgbFile = dir.resolve("xgboost.json");
        ModelFiles.save(xgb, xgbFile);
        Model xgbReloaded = ModelFiles.load(xgbFile, null);
        ExplainResult trees = Explainers.explain(xgbReloaded, test, null, List.of(0, 1, 2), ExplainMethod.TREE_SHAP,
                ExplainSettings.defaults());
        for (ExplainResult.Row row : trees.rows()) {
            Explanation e = row.explanation();
            double sum = e.base();
            for (double v : e.values()) {
                sum += v;
            }
            require(Math.abs(sum - e.prediction()) < 1e-6, "TreeSHAP values add up to the raw score");
            int top = e.ranking()[0];
            System.out.printf("row %d: raw score %.3f, largest contribution %s = %s (%+.3f)%n", row.row(), e.prediction(),
                    e.features().get(top), e.featureValues().get(top), e.values()[top]);
        }
        ExplainResult kernel = Explainers.explain(mitigated, test, train, List.of(0), ExplainMethod.KERNEL_SHAP,
                ExplainSettings.defaults());
        Explanation k = kernel.rows().get(0).explanation();
        System.out.printf("mitigated model, row 1: P(positive decision) %.3f explained from a base of %.3f over %d features%n",
                k.prediction(), k.base(), k.features().size());
        require(k.features().contains("sex"), "the post-processed model decides by group, and the explanation shows it");
        // 6. Rankings: the exposure women get in the synthetic hiring rankings, and FA*IR's re-ranking.
        RankedLists lists = RankedLists.of(Datasets.load("hiring-ranking"),
                new RankedLists.Columns("job", "candidate", "position", null, "gender", "qualification"));
        RankAuditResult ranking = RankAudit.run(lists, RankAuditSpec.defaults("woman"));
        Rerank.Report fair = Rerank.run(lists, new FairTopK(lists.groupCode("woman"), 10, 0.5, 0.1, true),
                RankAuditSpec.defaults("woman"), 10, Map.of("k", 10, "p", 0.5));
        System.out.printf("hiring rankings: women get %.2f of the exposure per item men get; FA*IR: lists failing %.1f%% -> %.1f%%%n",
                ranking.measure("exposure_ratio").value(), 100 * fair.before().fairStar().failedShare(),
                100 * fair.after().fairStar().failedShare());

        System.out.println("tour complete; files in " + dir.toAbsolutePath().normalize());
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("check failed: " + what);
        }
    }
}
