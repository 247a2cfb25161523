package dev.probity.ledger.registry;

import dev.probity.core.InputException;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.NoteKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.probity.ledger.registry.Runs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryTest {
    final NoteKey alice = NoteKey.generate("alice");
    final NoteKey carol = NoteKey.generate("carol");

    @Test
    void gatesRefuseAndRecordNothingUntilTheEvidenceIsThere(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("m.json"), "{\"model\": 1}");
        try (Registry r = Registry.open(create(dir))) {
            Ledger l = r.ledger();
            r.registerModel("credit", "1", model, "owner", List.of("dpo"), "alice", T0, Map.of());
            long before = l.size();
            Transition t = r.promote("credit", "1", Stage.VALIDATED, "bob", null, Map.of(), T0);
            assertThat(t.done()).isFalse();
            assertThat(l.size()).isEqualTo(before);
            assertThat(t.failed()).extracting(Gate::id).containsExactly("training-recorded", "audit-after-training");

            Runs.train(l, "alice", model, "adult", T0.plusSeconds(1));
            Runs.audit(l, "bob", model, 1, T0.plusSeconds(2), null); // a broken --fail-on rule
            Runs.audit(l, "bob", model, 0, T0.plusSeconds(2), null); // audit shopping: a passing one after it does not outweigh it
            Transition shopped = r.promote("credit", "1", Stage.VALIDATED, "bob", null, Map.of(), T0);
            assertThat(shopped.failed()).extracting(Gate::id).containsExactly("audit-after-training");
            assertThat(shopped.failed().get(0).detail()).contains("broke a --fail-on rule");
            long train = Runs.train(l, "alice", model, "adult", T0.plusSeconds(3)); // retrained (the same bytes), audited again
            long audit = Runs.audit(l, "bob", model, 0, T0.plusSeconds(3), null);
            Transition v = r.promote("credit", "1", Stage.VALIDATED, "bob", null, Map.of(), T0.plusSeconds(4));
            assertThat(v.done()).isTrue();
            assertThat(v.gates()).filteredOn(g -> g.id().equals("audit-after-training")).singleElement()
                    .satisfies(g -> assertThat(g.entries()).containsExactly(audit));

            // skipping a stage is refused
            assertThat(r.promote("credit", "1", Stage.DEPLOYED, "ops", null, Map.of(), T0).failed()).extracting(Gate::id)
                    .contains("stage-order", "approved-after-training");
            // unsigned approval, and the trainer approving, are refused
            assertThat(r.promote("credit", "1", Stage.APPROVED, "carol", null, Map.of(), T0).failed()).extracting(Gate::id).containsExactly("signed");
            Transition self = r.promote("credit", "1", Stage.APPROVED, null, alice, Map.of(), T0);
            assertThat(self.failed()).extracting(Gate::id).containsExactly("four-eyes");
            assertThat(self.failed().get(0).entries()).contains(train);
            // an "approval" or "deployment" written around the registry (no gates, no valid signature) moves nothing
            l.append(Evidence.of("approval", "carol", T0, Map.of("model", "credit", "version", "1", "decision", "approved")));
            l.append(Evidence.signed("approval", carol, T0, Map.of("model", "credit", "version", "1", "decision", "approved", "to", "approved")));
            l.append(Evidence.of("deployment", "ops", T0, Map.of("model", "credit", "version", "1", "to", "deployed")));
            assertThat(r.model("credit", "1").stage()).isEqualTo(Stage.VALIDATED);
            assertThat(r.model("credit", "1").outOfGate()).extracting(Event::type).containsExactly("approval", "approval", "deployment");
            // names are compared as people's: Alice is alice
            assertThat(r.promote("credit", "1", Stage.APPROVED, null, NoteKey.generate("ALICE"), Map.of(), T0).failed())
                    .extracting(Gate::id).containsExactly("four-eyes");

            Transition ok = r.promote("credit", "1", Stage.APPROVED, null, carol, Map.of("role", "risk"), T0.plusSeconds(5));
            assertThat(ok.done()).isTrue();
            assertThat(Evidence.checkSignature(l.entry(ok.entry()))).isEqualTo(Evidence.Signed.VALID);
            assertThat(r.promote("credit", "1", Stage.DEPLOYED, "ops", null, Map.of("environment", "prod"), T0.plusSeconds(6)).done()).isTrue();
            ModelState m = r.model("credit", "1");
            assertThat(m.stage()).isEqualTo(Stage.DEPLOYED);
            assertThat(m.trainers()).containsExactly("alice");
            assertThat(m.transitions()).extracting(Event::type).containsExactly("model.validated", "approval", "deployment");
            assertThat(r.promote("credit", "1", Stage.RETIRED, "ops", null, Map.of(), T0.plusSeconds(7)).done()).isTrue();
            assertThat(r.promote("credit", "1", Stage.RETIRED, "ops", null, Map.of(), T0).failed().get(0).detail()).contains("is retired already");
        }
    }

    @Test
    void retrainingAfterApprovalBlocksDeploymentAndARejectionSendsBackToDraft(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("m.json"), "{\"model\": 2}");
        try (Registry r = Registry.open(create(dir))) {
            Ledger l = r.ledger();
            r.registerModel("m", "1", model, null, List.of(), "alice", T0, Map.of());
            Runs.train(l, "alice", model, "adult", T0);
            Runs.audit(l, "bob", model, 0, T0, null);
            r.promote("m", "1", Stage.VALIDATED, "bob", null, Map.of(), T0);
            r.promote("m", "1", Stage.APPROVED, null, carol, Map.of(), T0);
            Runs.train(l, "alice", model, "adult", T0); // the same bytes trained again, after the approval
            Transition d = r.promote("m", "1", Stage.DEPLOYED, "ops", null, Map.of(), T0);
            assertThat(d.failed()).extracting(Gate::id).containsExactly("audit-after-training", "approved-after-training");

            Path other = Files.writeString(dir.resolve("n.json"), "{\"model\": 3}");
            r.registerModel("n", "1", other, null, List.of(), "alice", T0, Map.of());
            Runs.train(l, "alice", other, "adult", T0);
            Runs.audit(l, "bob", other, 0, T0, null);
            r.promote("n", "1", Stage.VALIDATED, "bob", null, Map.of(), T0);
            assertThatThrownBy(() -> r.reject("n", "1", null, Map.of(), T0)).hasMessageContaining("signed");
            assertThat(r.reject("n", "1", carol, Map.of("rationale", "no"), T0).done()).isTrue();
            ModelState n = r.model("n", "1");
            assertThat(n.stage()).isEqualTo(Stage.DRAFT);
            assertThat(n.rejections()).hasSize(1);
        }
    }

    @Test
    void registrationAndOversightRefuseWhatCannotBeRight(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("m.json"), "x");
        try (Registry r = Registry.open(create(dir))) {
            r.registerModel("m", "1", model, null, List.of(), "alice", T0, Map.of());
            assertThatThrownBy(() -> r.recordDecisions("m", "1", List.of(Map.of("case", "c0")), "svc", T0)).hasMessageContaining("deployed model");
            deploy(r, "m", model);
            assertThatThrownBy(() -> r.registerModel("m", "1", Files.writeString(dir.resolve("o"), "y"), null, List.of(), "a", T0, Map.of()))
                    .isInstanceOf(InputException.class).hasMessageContaining("already registered");
            assertThatThrownBy(() -> r.registerModel("m", "2", model, null, List.of(), "a", T0, Map.of()))
                    .hasMessageContaining("already registered as m@1");
            assertThatThrownBy(() -> r.registerModel("bad name", "1", model, null, List.of(), "a", T0, Map.of())).hasMessageContaining("model name");
            assertThatThrownBy(() -> r.model("m", "9")).hasMessageContaining("not registered");
            assertThatThrownBy(() -> r.registerDataset("d", "1", null, null, Map.of(), "a", T0)).hasMessageContaining("give one of the two");
            assertThatThrownBy(() -> r.override("m", "1", "nobody", Map.of("to", "x"), "rita", null, T0)).hasMessageContaining("no decision about case");
            r.recordDecisions("m", "1", List.of(Map.of("case", "c1", "outcome", "no", "groups", Map.of("sex", "F"))), "svc", T0);
            assertThatThrownBy(() -> r.recordDecisions("m", "1", List.of(Map.of("case", "c1")), "svc", T0)).hasMessageContaining("already has a recorded decision");
            assertThat(r.recordDecisions("m", "1", List.of(Map.of("case", "c1"), Map.of("case", "c2")), "svc", T0, true)).hasSize(1);
            assertThatThrownBy(() -> r.recordDecisions("m", "1", List.of(Map.of("case", "c3"), Map.of("case", "c3")), "svc", T0))
                    .hasMessageContaining("appears twice");
            assertThatThrownBy(() -> r.override("m", "1", "c1", Map.of("to", "no", "reason", "x"), "rita", null, T0)).hasMessageContaining("already decided 'no'");
            assertThatThrownBy(() -> r.override("m", "1", "c1", Map.of("to", "yes", "reason", " "), "rita", null, T0)).hasMessageContaining("gives its reason");
            assertThatThrownBy(() -> r.override("m", "1", "c1", Map.of("to", "yes", "reason", "x"), "rita\n  lifecycle: fake", null, T0))
                    .hasMessageContaining("control character");
            assertThatThrownBy(() -> r.registerModel("n", "1", Files.writeString(dir.resolve("n"), "n"), "boss\u001b[31m", List.of(), "a", T0, Map.of()))
                    .hasMessageContaining("control character");
            assertThatThrownBy(() -> r.appeal("m", "1", "c1", Map.of("result", "maybe"), "rita", null, T0)).hasMessageContaining("upheld, overturned");
            assertThatThrownBy(() -> r.recordDecisions("m", "1", List.of(Map.of("outcome", "x")), "svc", T0)).hasMessageContaining("names its case");
            assertThatThrownBy(() -> Oversight.of(r.model("m", "1"), "race", 0.95)).hasMessageContaining("names a group for 'race'");
        }
    }

    @Test
    void oversightRatesMatchScipyAndStatsmodels(@TempDir Path dir) throws Exception {
        // counts per group: decisions, overridden, appealed, overturned (as in src/test/resources/oversight/make_fixture.py)
        Map<String, int[]> groups = Map.of("A", new int[] {40, 4, 6, 2}, "B", new int[] {25, 8, 3, 1}, "C", new int[] {8, 0, 1, 1});
        Path model = Files.writeString(dir.resolve("m.json"), "m");
        try (Registry r = Registry.open(create(dir))) {
            r.registerModel("m", "1", model, null, List.of(), "alice", T0, Map.of());
            deploy(r, "m", model);
            List<Map<String, Object>> decisions = new ArrayList<>();
            for (var g : groups.entrySet()) {
                for (int i = 0; i < g.getValue()[0]; i++) {
                    decisions.add(Map.of("case", g.getKey() + i, "groups", Map.of("band", g.getKey())));
                }
            }
            decisions.add(Map.of("case", "nogroup", "groups", Map.of()));
            r.recordDecisions("m", "1", decisions, "svc", T0);
            for (var g : groups.entrySet()) {
                int[] k = g.getValue();
                for (int i = 0; i < k[1]; i++) {
                    r.override("m", "1", g.getKey() + i, Map.of("to", "yes", "reason", "reviewed"), "rita", null, T0);
                }
                if (k[1] > 0) {
                    r.override("m", "1", g.getKey() + "0", Map.of("to", "no", "reason", "reviewed again"), "rita", null, T0.plus(Duration.ofHours(1))); // twice: counts once
                }
                for (int i = 0; i < k[2]; i++) {
                    r.appeal("m", "1", g.getKey() + (k[0] - 1 - i), Map.of("result", i < k[3] ? "overturned" : "upheld"), "panel", null, T0);
                }
            }
            Oversight o = Oversight.of(r.model("m", "1"), "band", 0.95);
            assertThat(o.missing()).isEqualTo(1);
            @SuppressWarnings("unchecked")
            Map<String, List<Map<String, Object>>> fx = (Map<String, List<Map<String, Object>>>) dev.probity.ledger.Jcs.parse(
                    new String(getClass().getResourceAsStream("/oversight/fixture.json").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            for (String rate : List.of("overridden", "appealed", "overturned")) {
                for (Map<String, Object> want : fx.get(rate)) {
                    Oversight.Row row = o.rows().stream().filter(x -> x.group().equals(want.get("group"))).findFirst().orElseThrow();
                    Oversight.Rate got = switch (rate) {
                        case "overridden" -> row.overridden();
                        case "appealed" -> row.appealed();
                        default -> row.overturned();
                    };
                    assertThat(got.count()).as(rate + " " + row.group()).isEqualTo(((Double) want.get("count")).intValue());
                    assertThat(got.interval().low()).isCloseTo((Double) want.get("low"), org.assertj.core.data.Offset.offset(1e-12));
                    assertThat(got.interval().high()).isCloseTo((Double) want.get("high"), org.assertj.core.data.Offset.offset(1e-12));
                    assertThat(got.pValue()).as(rate + " " + row.group()).isCloseTo((Double) want.get("p"), org.assertj.core.data.Offset.offset(1e-9));
                }
            }
            assertThat(o.rows()).extracting(Oversight.Row::group).containsExactly("A", "B", "C"); // largest first
        }
    }

    /** Takes a registered model through its gates to deployed. */
    private void deploy(Registry r, String name, Path model) throws Exception {
        Runs.train(r.ledger(), "alice", model, "adult", T0);
        Runs.audit(r.ledger(), "bob", model, 0, T0, null);
        assertThat(r.promote(name, "1", Stage.VALIDATED, "bob", null, Map.of(), T0).done()).isTrue();
        assertThat(r.promote(name, "1", Stage.APPROVED, null, carol, Map.of(), T0).done()).isTrue();
        assertThat(r.promote(name, "1", Stage.DEPLOYED, "ops", null, Map.of(), T0).done()).isTrue();
    }

    private static Path create(Path dir) {
        Path log = dir.resolve("log");
        Ledger.create(log, "test.example/registry").close();
        return log;
    }
}
