package dev.probity.ledger.comply;

import dev.probity.core.InputException;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.Jcs;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.NoteKey;
import dev.probity.ledger.registry.EvidenceLog;
import dev.probity.ledger.registry.Registry;
import dev.probity.ledger.registry.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each check, on evidence made for it: what passes, what fails, what lacks evidence. */
class ComplianceTest {
    static final Instant T0 = Instant.parse("2024-02-29T12:00:00Z");
    final NoteKey carol = NoteKey.generate("carol");
    final NoteKey bob = NoteKey.generate("bob");

    @TempDir
    Path dir;
    Path model;
    Registry reg;
    Ledger l;

    @BeforeEach
    void setUp() throws Exception {
        model = Files.writeString(dir.resolve("m.json"), "{\"m\": 1}");
        Path log = dir.resolve("log");
        Ledger.create(log, "test.example/comply").close();
        reg = Registry.open(log);
        l = reg.ledger();
        reg.registerModel("m", "1", model, "owner", List.of(), "alice", T0, Map.of("features", List.of("income", "marital_status")));
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        reg.close();
    }

    Verdict check(String check, Map<String, Object> params, Instant asOf) {
        return result(check, params, asOf).verdict();
    }

    ComplianceReport.Result result(String check, Map<String, Object> params, Instant asOf) {
        Policy p = new Policy("t", "t", null, null, List.of(), List.of(new Policy.Rule("r", "r", "test", null, "", check, params)));
        ComplianceReport c = Compliance.check(p, EvidenceLog.read(l), "m", "1", asOf);
        ComplianceReport.Result r = c.results().get(0);
        r.evidence().forEach(pr -> assertThat(pr.verify()).isTrue());
        return r;
    }

    long train(Instant t) throws Exception {
        return run("train", "alice", t, List.of(Map.of("role", "data", "dataset", "adult")), List.of(file("out")), 0, null);
    }

    long audit(String actor, Instant t, Map<String, Object> result) throws Exception {
        return run("audit", actor, t, List.of(file("model")), List.of(), 0, result);
    }

    long run(String cmd, String actor, Instant t, List<Object> in, List<Object> out, int exit, Map<String, Object> result) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", List.of(cmd));
        f.put("inputs", in);
        f.put("outputs", out);
        f.put("exit", exit);
        if (result != null) {
            f.put("result", result);
        }
        return l.append(Evidence.of("run", actor, t, f));
    }

    Map<String, Object> file(String role) throws Exception {
        return Map.of("role", role, "sha256", Evidence.sha256(model));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String s) {
        return (Map<String, Object>) Jcs.parse(s);
    }

    @Test
    void anAuditCoversUseForOneCalendarYear() throws Exception {
        assertThat(check("audit-within", Map.of(), T0)).isEqualTo(Verdict.NO_EVIDENCE);
        train(T0);
        audit("bob", T0, null);
        deploy();
        reg.recordDecisions("m", "1", List.of(Map.of("case", "c1")), "svc", Instant.parse("2025-02-27T12:00:00Z"));
        assertThat(check("audit-within", Map.of("period", "P1Y"), Instant.parse("2025-02-27T13:00:00Z"))).isEqualTo(Verdict.PASS);
        // 2024-02-29 plus one year is 2025-02-28: a decision that day is outside the year
        reg.recordDecisions("m", "1", List.of(Map.of("case", "c2")), "svc", Instant.parse("2025-02-28T12:00:00Z"));
        ComplianceReport.Result r = result("audit-within", Map.of(), Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.detail()).contains("case c2", "more than one year after the latest audit");
        assertThatThrownBy(() -> check("audit-within", Map.of("period", "a year"), T0)).hasMessageContaining("ISO-8601 period");
        // as of a day before the audit, nothing recorded after it counts
        assertThatThrownBy(() -> check("audit-within", Map.of(), T0.minusSeconds(86400))).hasMessageContaining("not registered");
    }

    /** Takes the model through its gates (a training run and an audit must be recorded first). */
    void deploy() {
        assertThat(reg.promote("m", "1", Stage.VALIDATED, "bob", null, Map.of(), T0).done()).isTrue();
        assertThat(reg.promote("m", "1", Stage.APPROVED, null, carol, Map.of(), T0).done()).isTrue();
        assertThat(reg.promote("m", "1", Stage.DEPLOYED, "ops", null, Map.of(), T0).done()).isTrue();
    }

    @Test
    void aDeployedModelNeedsACurrentAudit() throws Exception {
        train(T0);
        audit("bob", T0, null);
        deploy();
        assertThat(check("audit-within", Map.of(), T0.plusSeconds(86400 * 300))).isEqualTo(Verdict.PASS);
        assertThat(result("audit-within", Map.of(), Instant.parse("2025-03-01T00:00:00Z")).detail()).contains("still deployed");
    }

    @Test
    void independenceNeedsADifferentPersonAndTheirSignedWord() throws Exception {
        train(T0);
        audit("alice", T0, null);
        assertThat(result("independent-auditor", Map.of(), T0).detail()).contains("alice, who trained");
        audit("bob", T0, null);
        assertThat(check("independent-auditor", Map.of(), T0)).isEqualTo(Verdict.PASS);
        assertThat(check("independent-auditor", Map.of("attestation", "independent-auditor"), T0)).isEqualTo(Verdict.NO_EVIDENCE);
        Map<String, Object> att = Map.of("model", "m", "version", "1", "statement", "independent-auditor");
        l.append(Evidence.signed("attestation", carol, T0, att)); // someone else's word does not count
        assertThat(check("independent-auditor", Map.of("attestation", "independent-auditor"), T0)).isEqualTo(Verdict.NO_EVIDENCE);
        l.append(Evidence.signed("attestation", bob, T0, att));
        assertThat(check("independent-auditor", Map.of("attestation", "independent-auditor"), T0)).isEqualTo(Verdict.PASS);
    }

    @Test
    void categoriesImpactRatiosAndFourFifthsReadTheRecordedAudit() throws Exception {
        train(T0);
        audit("bob", T0, null);
        assertThat(result("four-fifths", Map.of(), T0).detail()).contains("carry no result");
        Map<String, Object> res = json("""
                {"settings": {"ll144_min_share": 0.02}, "attributes": [
                 {"name": "gender", "columns": ["gender"], "intersection": false,
                  "four_fifths": {"rows": [{"group": "M", "n": 500, "impact_ratio": 1.0, "small": false},
                                           {"group": "F", "n": 480, "impact_ratio": 0.85, "small": false},
                                           {"group": "X", "n": 9, "impact_ratio": 0.5, "small": true}]},
                  "ll144": [{"kind": "selection", "rows": [{"category": "M", "n": 500, "rate": 0.4, "impact_ratio": 1.0, "excluded": false},
                                                          {"category": "F", "n": 480, "rate": 0.34, "impact_ratio": 0.85, "excluded": false},
                                                          {"category": "X", "n": 9, "rate": 0.2, "impact_ratio": null, "excluded": true}]}]},
                 {"name": "race", "columns": ["race"], "intersection": false, "ll144": [{"kind": "selection", "rows": []}]}]}""");
        audit("bob", T0, res);
        Map<String, Object> cats = Map.of("categories", Map.of("sex", List.of("sex", "gender"), "race", List.of()), "intersections", true);
        ComplianceReport.Result c = result("audit-categories", cats, T0);
        assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(c.detail()).containsAnyOf("the intersection gender × race", "the intersection race × gender");
        assertThat(check("audit-categories", Map.of("categories", cats.get("categories")), T0)).isEqualTo(Verdict.PASS);
        ComplianceReport.Result ir = result("impact-ratios", Map.of(), T0);
        assertThat(ir.verdict()).isEqualTo(Verdict.PASS);
        assertThat(ir.detail()).contains("lowest impact ratio 0.850 for F", "left out: X (n 9, rate 0.200)");
        ComplianceReport.Result ff = result("four-fifths", Map.of(), T0);
        assertThat(ff.verdict()).isEqualTo(Verdict.PASS);
        assertThat(ff.detail()).contains("too small to judge: gender=X 0.500 (n 9)");
        assertThat(check("four-fifths", Map.of("threshold", 0.9), T0)).isEqualTo(Verdict.FAIL);
        Map<String, Object> wide = new LinkedHashMap<>(res);
        wide.put("settings", Map.of("ll144_min_share", 0.05));
        audit("bob", T0, wide);
        assertThat(result("impact-ratios", Map.of(), T0).detail()).contains("left out categories under 5%");
    }

    @Test
    void eventsDocumentationAndApprovals() throws Exception {
        Map<String, Object> pub = Map.of("type", "publication", "fields", List.of("url"), "signed", true, "before", "first-deployment");
        assertThat(check("event", pub, T0)).isEqualTo(Verdict.NO_EVIDENCE);
        l.append(Evidence.of("publication", "hr", T0, Map.of("model", "m", "version", "1", "url", "https://x")));
        assertThat(result("event", pub, T0).detail()).contains("is not signed");
        l.append(Evidence.signed("publication", carol, T0, Map.of("model", "m", "version", "1")));
        assertThat(result("event", pub, T0).detail()).contains("lacks url");
        l.append(Evidence.signed("publication", carol, T0, Map.of("model", "m", "version", "1", "url", "https://x")));
        assertThat(check("event", pub, T0)).isEqualTo(Verdict.PASS);
        assertThat(check("event", Map.of("type", "publication", "max_age", "P6M"), T0.plusSeconds(86400 * 200))).isEqualTo(Verdict.FAIL);
        assertThatThrownBy(() -> check("event", Map.of(), T0)).isInstanceOf(InputException.class).hasMessageContaining("params.type");

        assertThat(check("documented", Map.of("fields", List.of("intended_use")), T0)).isEqualTo(Verdict.NO_EVIDENCE);
        reg.document("m", "1", Map.of("intended_use", "credit", "limitations", ""), "owner", null, T0);
        assertThat(result("documented", Map.of("fields", List.of("intended_use", "limitations")), T0).detail()).contains("lacks limitations");
        assertThat(result("documented", Map.of("fields", List.of("intended_use"), "signed", true), T0).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check("documented", Map.of("fields", List.of("intended_use")), T0)).isEqualTo(Verdict.PASS);

        assertThat(check("four-eyes", Map.of(), T0)).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(check("approved-before-deployment", Map.of(), T0)).isEqualTo(Verdict.NO_EVIDENCE);
        // a deployment recorded around the registry's gates is caught
        l.append(Evidence.of("deployment", "ops", T0, Map.of("model", "m", "version", "1", "to", "deployed")));
        assertThat(result("approved-before-deployment", Map.of(), T0).detail()).contains("recorded around the registry's gates");
    }

    @Test
    void reasonsAndFeaturesAreCheckedForProhibitedBases() throws Exception {
        assertThat(check("no-prohibited-features", Map.of(), T0)).isEqualTo(Verdict.FAIL);
        assertThat(check("no-prohibited-features", Map.of("allow", List.of("marital_status")), T0)).isEqualTo(Verdict.PASS);
        assertThat(check("reasons", Map.of(), T0)).isEqualTo(Verdict.NO_EVIDENCE);
        run("explain", "x", T0, List.of(file("model")), List.of(), 0, json("""
                {"method": "reasons", "results": [{"row": 1, "reasons": [{"feature": "income"}, {"feature": "debt"}]}]}"""));
        assertThat(check("reasons", Map.of(), T0)).isEqualTo(Verdict.PASS);
        assertThat(check("reasons", Map.of("max", 1), T0)).isEqualTo(Verdict.FAIL);
        run("explain", "x", T0, List.of(file("model")), List.of(), 0, json("""
                {"method": "reasons", "results": [{"row": 1, "reasons": [{"feature": "MaritalStatus"}]}]}"""));
        assertThat(result("reasons", Map.of(), T0).detail()).contains("prohibited basis is given as a reason: MaritalStatus");
        assertThat(check("explained", Map.of(), T0)).isEqualTo(Verdict.PASS);
    }

    @Test
    void aForgedCheckpointFailsTheLoggingRule() throws Exception {
        assertThat(check("log-integrity", Map.of(), T0)).isEqualTo(Verdict.PASS);
        NoteKey stranger = NoteKey.generate(l.origin());
        byte[] note = new dev.probity.ledger.Checkpoint(l.origin(), l.size(), l.root(l.size())).sign(stranger).getBytes();
        Files.write(dir.resolve("log").resolve("checkpoints"), java.nio.ByteBuffer.allocate(4 + note.length).putInt(note.length).put(note).array(),
                java.nio.file.StandardOpenOption.APPEND);
        ComplianceReport.Result r = result("log-integrity", Map.of(), T0);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.detail()).contains("does not verify");
    }

    @Test
    void policyParametersAreCheckedWhenRead(@TempDir Path d) throws Exception {
        String head = "{\"schema\": \"probity.policy/v1\", \"rules\": [{\"id\": \"a\", \"source\": \"s\", ";
        for (String[] bad : new String[][] {
            {"\"check\": \"four-fifths\", \"params\": {\"treshold\": 0.9}}", "has no parameter 'treshold'"},
            {"\"check\": \"four-fifths\", \"params\": {\"threshold\": -1}}", "between 0.0 and 1.0"},
            {"\"check\": \"four-fifths\", \"params\": {\"threshold\": \"0.8\"}}", "got the text '0.8'"},
            {"\"check\": \"audit-within\", \"params\": {\"period\": \"P-1Y\"}}", "longer than zero"},
            {"\"check\": \"documented\", \"params\": {\"fields\": []}}", "would pass on nothing"},
            {"\"check\": \"evaluated\", \"params\": {\"min_accuracy\": 2}}", "between 0.0 and 1.0"},
            {"\"check\": \"explained\", \"url\": \"javascript:alert(1)\"}", "http or https"}}) {
            Path f = Files.writeString(d.resolve("p" + bad[1].hashCode() + ".json"), head + bad[0] + "]}");
            assertThatThrownBy(() -> Policy.load(f.toString())).as(bad[0]).hasMessageContaining(bad[1]);
        }
    }

    @Test
    void policiesAreCheckedWhenRead(@TempDir Path d) throws Exception {
        for (String pack : Policy.BUILT_IN) {
            Policy p = Policy.load(pack);
            assertThat(p.rules()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.source()).isNotBlank();
                assertThat(r.url()).startsWith("https://");
                assertThat(r.requirement()).isNotBlank();
            });
            assertThat(p.caveats()).anyMatch(c -> c.startsWith("Not legal advice"));
        }
        assertThatThrownBy(() -> Policy.load("nyc-ll145")).hasMessageContaining("neither a built-in pack");
        Path bad = Files.writeString(d.resolve("p.json"), "{\"schema\": \"probity.policy/v1\", \"rules\": [{\"id\": \"a\", \"check\": \"vibes\", \"source\": \"x\"}]}");
        assertThatThrownBy(() -> Policy.load(bad.toString())).hasMessageContaining("unknown check 'vibes'");
        Path noSource = Files.writeString(d.resolve("q.json"), "{\"schema\": \"probity.policy/v1\", \"rules\": [{\"id\": \"a\", \"check\": \"explained\"}]}");
        assertThatThrownBy(() -> Policy.load(noSource.toString())).hasMessageContaining("needs 'source'");
        Path dup = Files.writeString(d.resolve("r.json"), "{\"schema\": \"probity.policy/v1\", \"rules\": [{\"id\": \"a\", \"check\": \"explained\", "
                + "\"source\": \"s\"}, {\"id\": \"a\", \"check\": \"explained\", \"source\": \"s\"}]}");
        assertThatThrownBy(() -> Policy.load(dup.toString())).hasMessageContaining("two rules are called a");
        Path latin1 = d.resolve("l.json");
        Files.write(latin1, "{\"schema\": \"probity.policy/v1\", \"title\": \"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Policy.load(latin1.toString())).hasMessageContaining("not UTF-8");
    }
}
