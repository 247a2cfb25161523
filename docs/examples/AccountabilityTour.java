import dev.probity.core.datasets.Datasets;
import dev.probity.core.energy.CarbonIntensity;
import dev.probity.core.energy.EnergyMeter;
import dev.probity.core.energy.EnergyUse;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.Model;
import dev.probity.core.model.TrainingSet;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.NoteKey;
import dev.probity.ledger.RunRecord;
import dev.probity.ledger.card.ModelCard;
import dev.probity.ledger.comply.Compliance;
import dev.probity.ledger.comply.ComplianceReport;
import dev.probity.ledger.comply.Policy;
import dev.probity.ledger.comply.Verdict;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.ModelState;
import dev.probity.ledger.registry.Oversight;
import dev.probity.ledger.registry.Raci;
import dev.probity.ledger.registry.Registry;
import dev.probity.ledger.registry.Stage;
import dev.probity.ledger.registry.Transition;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.report.json.AuditJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Accountability in plain Java, as docs/accountability.md does it on the command line: an evidence log; a model trained
 * (with its energy) and recorded; registered; audited and recorded; promoted through its gates, approved by a second
 * person with their own key; deployed; decisions, an override; then the RACI table, oversight rates, a model card and
 * a compliance check — each read from the log alone. AccountabilityTourTest in probity-checks compiles and runs it.
 */
public final class AccountabilityTour {
    private AccountabilityTour() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "accountability-tour"));
        Path logDir = dir.resolve("evidence");
        Ledger.create(logDir, "bank.example/credit").close();
        NoteKey carol = NoteKey.generate("carol@bank.example"); // the approver's own key (save it with NoteKey.save)

        try (Registry registry = Registry.open(logDir)) {
            Ledger log = registry.ledger();

            // 1. Train, measuring the energy, and record the run: the file it wrote is the model's identity.
            Frame adult = Datasets.load("adult");
            List<String> features = List.of("education_num", "hours_per_week", "capital_gain");
            EnergyMeter meter = EnergyMeter.start();
            Model model = new PipelineTrainer(LinearTrainer.logistic())
                    .fit(new TrainingSet(adult, features, Labels.fromColumn(adult, "income", ">50K"), null, 42));
            EnergyUse energy = meter.stop(CarbonIntensity.of("eu"), 1.0);
            Path file = dir.resolve("credit.json");
            ModelFiles.save(model, file);
            log.append(RunRecord.of(List.of("train", "--data", "adult")).inputDataset("data", "adult").output("out", file)
                    .energy(energy.toMap()).event("alice@bank.example", Instant.now()));
            System.out.println("training energy: " + energy.summary());

            // 2. Register the file; audit the model itself and record the audit with its result.
            registry.registerModel("credit", "1", file, "head-of-credit", List.of("compliance"), "alice@bank.example", Instant.now(),
                    Map.of("features", features));
            AuditResult audit = Audit.run(Audit.withModel(Datasets.load("adult"), ModelFiles.load(file, null)),
                    AuditSpec.builder().label("income").positive(">50K").prediction(Audit.MODEL_PREDICTION).predictionPositive(">50K")
                            .protectedAttributes("sex").build());
            log.append(RunRecord.of(List.of("audit", "--model", file.toString())).input("model", file).exit(0)
                    .result(AuditJson.toString(audit)).event("bob@audit.example", Instant.now()));

            // 3. The gates: validated, then approved — by the trainer (refused), then by a second person (signed).
            Transition validated = registry.promote("credit", "1", Stage.VALIDATED, "bob@audit.example", null, Map.of(), Instant.now());
            require(validated.done(), "a passing audit after training validates it");
            Transition self = registry.promote("credit", "1", Stage.APPROVED, null, NoteKey.generate("alice@bank.example"), Map.of(), Instant.now());
            System.out.println("approval by the trainer: " + (self.done() ? "recorded" : "refused: " + self.failed().get(0).detail()));
            require(!self.done(), "four eyes");
            require(registry.promote("credit", "1", Stage.APPROVED, null, carol, Map.of("role", "model risk"), Instant.now()).done(), "approved");
            require(registry.promote("credit", "1", Stage.DEPLOYED, "ops", null, Map.of("environment", "prod"), Instant.now()).done(), "deployed");

            // 4. Decisions, and a person overriding one.
            List<Map<String, Object>> decisions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                decisions.add(Map.of("case", "loan-" + i, "outcome", i % 3 == 0 ? "declined" : "approved",
                        "groups", Map.of("sex", i % 2 == 0 ? "Female" : "Male")));
            }
            registry.recordDecisions("credit", "1", decisions, "scoring-service", Instant.now());
            registry.override("credit", "1", "loan-0", Map.of("to", "approved", "reason", "income verified"), "dave", null, Instant.now());

            // 5. What the log alone says: responsibility, oversight, a card, a compliance check.
            EvidenceLog evidence = registry.log();
            ModelState state = ModelState.of(evidence, "credit", "1");
            Raci raci = Raci.of(evidence, state, null);
            Raci.Row approval = raci.rows().stream().filter(r -> r.stage().equals("approval")).findFirst().orElseThrow();
            System.out.println("approval: responsible " + approval.responsible() + ", proofs check: "
                    + approval.proofs().stream().allMatch(EvidenceLog.Proof::verify));
            Oversight oversight = Oversight.of(state, "sex", 0.95);
            System.out.printf("overridden, Female: %d of %d%n", oversight.rows().stream().filter(r -> r.group().equals("Female"))
                    .findFirst().orElseThrow().overridden().count(), oversight.rows().get(0).decisions());
            ModelCard card = ModelCard.build(evidence, state, "model-card", Instant.now());
            System.out.println("model card: " + card.sections().size() + " sections, " + card.proofs().size() + " entries proven");
            ComplianceReport eu = Compliance.check(Policy.load("eu-ai-act-high-risk"), evidence, "credit", "1", Instant.now());
            for (ComplianceReport.Result r : eu.results()) {
                if (r.verdict() != Verdict.PASS) {
                    System.out.println("  " + r.verdict().label() + ": " + r.rule() + " — " + r.detail());
                }
            }
            System.out.printf("EU AI Act pack: %d pass, %d fail, %d without evidence%n", eu.count(Verdict.PASS), eu.count(Verdict.FAIL),
                    eu.count(Verdict.NO_EVIDENCE));
            require(eu.results().stream().anyMatch(r -> r.rule().equals("art17-approval-four-eyes") && r.verdict() == Verdict.PASS), "four eyes pass");
        }
        System.out.println("tour complete");
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
