package dev.probity.checks;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.explain.ExplainMethod;
import dev.probity.explain.ExplainSettings;
import dev.probity.explain.Explainers;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.core.model.TaskKind;
import dev.probity.mitigation.MitigationReport;
import dev.probity.mitigation.MitigationRun;
import dev.probity.mitigation.MitigationSettings;
import dev.probity.mitigation.Mitigations;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.models.eval.ClassificationReport;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.xgboost.XgbTrainer;
import dev.probity.fairness.data.DataAudit;
import dev.probity.fairness.data.DataAuditResult;
import dev.probity.fairness.data.DataAuditSpec;
import dev.probity.fairness.data.DataRules;
import dev.probity.fairness.data.Population;
import dev.probity.report.json.AuditJson;
import dev.probity.report.json.DataAuditJson;
import dev.probity.report.json.RankAuditJson;
import dev.probity.fairness.ranking.RankAudit;
import dev.probity.fairness.ranking.RankAuditSpec;
import dev.probity.fairness.ranking.RankedLists;
import dev.probity.mitigation.ranking.FairTopK;
import dev.probity.mitigation.ranking.Rerank;
import dev.probity.report.json.EvaluationJson;
import dev.probity.report.json.ExplainJson;
import dev.probity.report.json.MitigationJson;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes one document of every versioned schema (and the statistics' binary form) into a folder. Run in two JVMs by
 * {@link EverySchemaTest}, which compares the folders byte for byte.
 */
public final class WriteEverySchema {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Frame compas = Datasets.load("compas");
        Frame german = Datasets.load("german");
        AuditSpec binary = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5").protectedAttributes("race", "sex")
                .intersections(true).bootstrap(100).seed(7).build();
        write(dir, "audit.json", AuditJson.toString(Audit.run(compas, binary)));
        AuditSpec multiclass = AuditSpec.builder().label("score_text").prediction("CASE WHEN decile_score >= 8 THEN 'High' "
                + "WHEN decile_score >= 5 THEN 'Medium' ELSE 'Low' END").protectedAttributes("race").task(TaskKind.MULTICLASS)
                .bootstrap(50).seed(3).build();
        write(dir, "audit-multiclass.json", AuditJson.toString(Audit.run(compas, multiclass)));
        AuditSpec regression = AuditSpec.builder().label("priors_count").prediction("decile_score").protectedAttributes("sex")
                .task(TaskKind.REGRESSION).build();
        write(dir, "audit-regression.json", AuditJson.toString(Audit.run(compas, regression)));
        Files.write(dir.resolve("statistics.bin"), Audit.statistics(compas, binary).toBytes());

        List<String> features = german.columnNames().stream().filter(c -> !c.equals("credit") && !c.equals("sex")).toList();
        Labels credit = Labels.fromColumn(german, "credit", "good");
        Model logistic = new PipelineTrainer(LinearTrainer.logistic()).fit(new TrainingSet(german, features, credit, null, 42));
        ModelFiles.save(logistic, Map.of("train", ClassificationReport.evaluate("german", logistic, german, "credit", "good").headline()),
                dir.resolve("model.json"));
        Model xgb = new PipelineTrainer(XgbTrainer.defaults().rounds(20)).fit(new TrainingSet(german, features, credit, null, 42));
        ModelFiles.save(xgb, dir.resolve("model-xgboost.json"));
        write(dir, "evaluation.json", EvaluationJson.toString(List.of(
                ClassificationReport.evaluate("german", logistic, german, "credit", "good"),
                ClassificationReport.evaluate("german", xgb, german, "credit", "good"))));
        for (String method : List.of("threshold-optimizer", "exponentiated-gradient")) {
            MitigationReport r = MitigationRun.run(new MitigationRun.Request(german, null, "credit", "good", List.of("sex"), features,
                    new PipelineTrainer(LinearTrainer.logistic()), Mitigations.create(method, MitigationSettings.defaults().withMaxIterations(10)),
                    Constraint.DEMOGRAPHIC_PARITY, 42), w -> { });
            write(dir, "mitigation-" + method + ".json", MitigationJson.toString(r));
            ModelFiles.save(r.mitigated(), dir.resolve("model-" + method + ".json"));
        }
        write(dir, "explain-kernel.json", ExplainJson.toString(Explainers.explain(logistic, german, null, List.of(0, 1, 2),
                ExplainMethod.KERNEL_SHAP, ExplainSettings.defaults())));
        write(dir, "explain-tree.json", ExplainJson.toString(Explainers.explain(xgb, german, null, List.of(0, 1, 2),
                ExplainMethod.TREE_SHAP, ExplainSettings.defaults())));
        write(dir, "explain-global.json", ExplainJson.toString(Explainers.explain(logistic, german, null, List.of(),
                ExplainMethod.GLOBAL, ExplainSettings.defaults().withGlobal("credit", "good", 150))));
        // the data bias report: every section, with a population (one group of it absent), strata and a joint model
        // ordered maps: a population's groups are reported in the order it gives them
        Map<String, Double> race = new java.util.LinkedHashMap<>();
        race.put("African-American", 40.0);
        race.put("Caucasian", 40.0);
        race.put("Hispanic", 15.0);
        race.put("Other", 3.0);
        race.put("Asian", 1.0);
        race.put("Native American", 0.5);
        race.put("Pacific Islander", 0.5);
        Population population = Population.of(Map.of("race", race), "test population");
        DataAuditResult data = DataAudit.run(compas, DataAuditSpec.builder()
                .protectedAttributes("race", "sex").intersections(true).label("two_year_recid").strata("c_charge_degree")
                .population(population).features(List.of("age", "priors_count", "c_charge_degree", "juv_fel_count", "days_b_screening_arrest"))
                .proxyModel(new PipelineTrainer(LinearTrainer.logistic())).proxyModelRows(2000).build());
        write(dir, "data-audit.json", DataAuditJson.toString(data.withRules(DataRules.check(data,
                List.of("representation<0.8", "missingness", "proxy_auc>0.9")))));
        // the rank audit and a re-ranking
        RankedLists lists = RankedLists.of(Datasets.load("hiring-ranking"),
                new RankedLists.Columns("job", "candidate", "position", null, "gender", "qualification"));
        write(dir, "rank-audit.json", RankAuditJson.toString(RankAudit.run(lists, RankAuditSpec.defaults("woman"))));
        write(dir, "rerank.json", RankAuditJson.toString(Rerank.run(lists, new FairTopK(lists.groupCode("woman"), 10, 0.5, 0.1, true),
                RankAuditSpec.defaults("woman"), 10, Map.of("k", 10))));
    }

    private static void write(Path dir, String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
