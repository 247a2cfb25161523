package dev.probity.server;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.ledger.RunRecord;
import dev.probity.ledger.registry.Stage;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.report.json.AuditJson;
import dev.probity.server.evidence.EvidenceStore;
import dev.probity.server.ingest.ModelDefinition;
import dev.probity.server.ingest.Records;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.ModelStore;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled demo: a logistic regression trained on COMPAS (recidivism within two years from age, prior and juvenile
 * counts and the charge's degree; race and sex are not inputs) logged as a deployed model's decisions, one record per
 * screening on its screening date, windows of a month; the label is recidivism within two years. With an evidence log
 * the model file is registered as {@value #MODEL}@1 with a recorded training run and audit, and validated, so the
 * dashboard can show its stage, card, compliance and the explanation of any logged decision. Loaded on the first start
 * of an empty database.
 */
public final class DemoData {
    public static final String MODEL = "compas-demo";
    /** The model's inputs. */
    static final List<String> FEATURES = List.of("age", "priors_count", "juv_fel_count", "juv_misd_count", "c_charge_degree");

    private DemoData() {
    }

    /**
     * Defines the demo model and logs its predictions, once; returns how many predictions were logged (0 if already
     * there). With {@code evidence}, the model is registered and validated there first.
     */
    public static int load(ModelStore models, Ingestion ingestion, EvidenceStore evidence) {
        if (models.get(MODEL).isPresent()) {
            return 0;
        }
        Frame f = Datasets.load("compas");
        Model model = new PipelineTrainer(LinearTrainer.logistic())
                .fit(new TrainingSet(f, FEATURES, Labels.fromColumn(f, "two_year_recid", null), null, 42));
        List<String> watched = new ArrayList<>(FEATURES);
        ModelDefinition def = new ModelDefinition(MODEL, List.of("race", "sex"), watched, "1", "1", Map.of("race", "Caucasian"), "1M", null);
        if (evidence != null) {
            def = def.withRegistered(register(evidence, f, model));
        }
        Frame decided = Audit.withModel(f, model);
        Column id = f.column("id");
        Column date = f.column("compas_screening_date");
        Column label = f.column("two_year_recid");
        Column prediction = decided.column(Audit.MODEL_PREDICTION);
        Column score = decided.column(Audit.MODEL_SCORE);
        List<String> inputs = def.inputs();
        List<Column> cols = inputs.stream().map(f::column).toList();
        List<Records.Record> records = new ArrayList<>(f.rowCount());
        for (int i = 0; i < f.rowCount(); i++) {
            Map<String, Object> in = new LinkedHashMap<>();
            for (int c = 0; c < inputs.size(); c++) {
                Column col = cols.get(c);
                in.put(inputs.get(c), col.isMissing(i) ? null : col instanceof dev.probity.core.frame.LongColumn l ? (Object) l.getLong(i) : col.format(i));
            }
            records.add(new Records.Record("compas-" + id.format(i), LocalDate.parse(date.format(i)).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    in, prediction.format(i), ((dev.probity.core.frame.DoubleColumn) score).getDouble(i), label.format(i)));
        }
        models.define(def, List.of());
        ingestion.predictions(MODEL, records, "demo-load", "demo");
        return records.size();
    }

    /**
     * Records the demo model's life so far as the command line would: a training run that wrote the file, an audit of
     * the file (no failing rule), its registration, and its validation. Approval is left to a person with an approver's
     * token: the four-eyes gate needs someone other than the trainer.
     */
    private static String register(EvidenceStore evidence, Frame f, Model model) {
        Path file = evidence.keepModelFile(ModelFiles.toBytes(new ModelFiles.Content(model, Map.of())), ".json");
        AuditResult audit = Audit.run(Audit.withModel(f, model), AuditSpec.builder().protectedAttributes("race", "sex")
                .label("two_year_recid").positive("1").prediction(Audit.MODEL_PREDICTION).predictionPositive("1")
                .reference("race", "Caucasian").build());
        Instant now = Instant.now();
        return evidence.write(r -> {
            if (r.models().contains(MODEL + "@1")) {
                return MODEL + "@1"; // a database made anew beside a log that already holds the demo
            }
            r.ledger().append(RunRecord.of(List.of("train", "--data", "compas", "--label", "two_year_recid",
                            "--features", String.join(",", FEATURES), "--model", "logistic", "--out", file.toString()))
                    .tool("probity", AuditJson.VERSION).inputDataset("data", "compas").output("out", file).exit(0)
                    .event("demo-trainer", now));
            r.ledger().append(RunRecord.of(List.of("audit", "--model", file.toString(), "--data", "compas", "--label", "two_year_recid",
                            "--protected", "race,sex", "--reference", "race=Caucasian"))
                    .tool("probity", AuditJson.VERSION).input("model", file).inputDataset("data", "compas").exit(0)
                    .result(AuditJson.toString(audit)).event("demo-auditor", now.plusMillis(1)));
            r.registerModel(MODEL, "1", file, "head-of-risk", List.of("compliance"), "demo-trainer", now.plusMillis(2),
                    Map.of("algorithm", model.info().algorithm(), "features", FEATURES, "classes", model.info().classes()));
            r.promote(MODEL, "1", Stage.VALIDATED, "demo-validator", null, Map.of("rationale", "demo: audit recorded after training"),
                    now.plusMillis(3));
            return MODEL + "@1";
        });
    }

    static Optional<String> describe(ModelStore models) {
        return models.get(MODEL).map(m -> MODEL + " (a logistic regression on COMPAS screenings 2013–2014, windows of a month)");
    }
}
