package dev.probity.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Model;
import dev.probity.ledger.Checkpoint;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.Merkle;
import dev.probity.ledger.NoteKey;
import dev.probity.models.io.ModelFiles;
import dev.probity.server.ingest.Records;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The evidence log and registry over HTTP, on the demo: proofs a reader checks without the service, the lifecycle with
 * its gates (four eyes on approval, signed with the approver's key, recorded with the approver's identity), cards and
 * compliance, one logged decision explained by the registered file, and a log held by another process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvidenceTest {
    @TempDir
    static Path dir;
    static ProbityServer server;
    static Http http;
    static String admin;
    static String analyst;
    static String viewer;
    static String approver;
    static String trainerApprover;

    @BeforeAll
    static void start() {
        server = ProbityServer.start(ServerConfig.defaults(dir).withPort(0).withChecksEvery(null), true);
        http = new Http(server.port());
        admin = server.firstAdminToken().orElseThrow();
        analyst = token("ana.lyst@bank.example", "analyst");
        viewer = token("vi.ewer@bank.example", "viewer");
        approver = token("jane.doe@bank.example", "approver");
        trainerApprover = token("demo-trainer", "approver");
    }

    static String token(String name, String role) {
        return http.post("/api/v1/tokens", admin, "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}").json().get("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Order(1)
    void theDemoModelIsRegisteredAndValidatedWithItsTrainingAndAuditRecorded() {
        JsonNode models = http.get("/api/v1/registry", viewer).json().get("models");
        assertThat(models).hasSize(1);
        assertThat(models.get(0).get("model").asText()).isEqualTo("compas-demo@1");
        assertThat(models.get(0).get("stage").asText()).isEqualTo("validated");
        JsonNode state = http.get("/api/v1/registry/compas-demo/1", viewer).json();
        assertThat(state.at("/lineage/trainings")).hasSize(1);
        assertThat(state.at("/lineage/audits")).hasSize(1);
        assertThat(http.get("/api/v1/models/compas-demo", viewer).json().at("/definition/registered").asText()).isEqualTo("compas-demo@1");
        // a watched model's stage is the registry's, of the version that makes its predictions
        assertThat(http.get("/api/v1/models/compas-demo", viewer).json().get("stage").asText()).isEqualTo("validated");
    }

    @Test
    @Order(2)
    void anEntryAndItsProofAreCheckedWithoutTheService() {
        JsonNode ledger = http.get("/api/v1/ledger", viewer).json();
        long size = ledger.get("size").asLong();
        assertThat(size).isGreaterThanOrEqualTo(4);
        NoteKey key = NoteKey.parseVerifier(ledger.get("verifier_key").asText());
        for (long i = 0; i < size; i++) {
            JsonNode e = http.get("/api/v1/ledger/entries/" + i, viewer).json();
            byte[] entry = Base64.getDecoder().decode(e.get("entry_base64").asText());
            // the checkpoint is signed by the log's key, and its root is the one the proof leads to
            Checkpoint c = Checkpoint.open(e.get("checkpoint").asText().getBytes(StandardCharsets.UTF_8), List.of(key));
            JsonNode p = e.get("proof");
            assertThat(p.get("tree_size").asLong()).isEqualTo(c.size());
            List<byte[]> hashes = new ArrayList<>();
            p.get("hashes").forEach(h -> hashes.add(HexFormat.of().parseHex(h.asText())));
            assertThat(Merkle.verifyInclusion(i, c.size(), Merkle.leafHash(entry), hashes, c.root())).as("entry " + i).isTrue();
            // one flipped byte of the entry no longer proves
            entry[entry.length / 2] ^= 1;
            assertThat(Merkle.verifyInclusion(i, c.size(), Merkle.leafHash(entry), hashes, c.root())).isFalse();
        }
        JsonNode page = http.get("/api/v1/ledger/entries?from=0&limit=2", viewer).json();
        assertThat(page.get("entries")).hasSize(2);
        assertThat(page.at("/entries/0/command").asText()).isEqualTo("train");
        JsonNode cons = http.get("/api/v1/ledger/consistency?from=1&to=" + size, viewer).json();
        List<byte[]> hashes = new ArrayList<>();
        cons.get("hashes").forEach(h -> hashes.add(HexFormat.of().parseHex(h.asText())));
        assertThat(Merkle.verifyConsistency(1, size, HexFormat.of().parseHex(cons.get("from_root").asText()),
                HexFormat.of().parseHex(cons.get("to_root").asText()), hashes)).isTrue();
        assertThat(http.get("/api/v1/ledger/entries/" + size, viewer).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/ledger/entries/x", viewer).json().at("/error/field").asText()).isEqualTo("index");
    }

    @Test
    @Order(3)
    void approvalNeedsFourEyesAndIsSignedWithTheApproversKey() {
        long before = http.get("/api/v1/ledger", viewer).json().get("size").asLong();
        assertThat(http.post("/api/v1/registry/compas-demo/1/approve", analyst, "{}").status()).isEqualTo(403);
        // the person who trained it may not approve it: refused by the gate, nothing recorded
        Http.Reply self = http.post("/api/v1/registry/compas-demo/1/approve", trainerApprover, "{\"rationale\": \"mine\"}");
        assertThat(self.status()).as(self.body()).isEqualTo(409);
        assertThat(self.json().at("/error/message").asText()).contains("four-eyes").contains("nothing was recorded");
        assertThat(http.get("/api/v1/ledger", viewer).json().get("size").asLong()).isEqualTo(before);
        // deploying before approval is refused
        assertThat(http.post("/api/v1/registry/compas-demo/1/deploy", admin, "{}").status()).isEqualTo(409);
        assertThat(http.post("/api/v1/registry/compas-demo/1/approve", approver, "{\"rationale\": 7}").json().at("/error/field").asText())
                .isEqualTo("rationale");
        Http.Reply ok = http.post("/api/v1/registry/compas-demo/1/approve", approver,
                "{\"rationale\": \"audit within tolerance\", \"role\": \"model risk officer\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        long entry = ok.json().get("entry").asLong();
        JsonNode approval = http.get("/api/v1/ledger/entries/" + entry, viewer).json();
        assertThat(approval.at("/summary/type").asText()).isEqualTo("approval");
        assertThat(approval.at("/summary/actor").asText()).isEqualTo("jane.doe@bank.example");
        assertThat(approval.at("/summary/signed").asText()).isEqualTo("valid");
        assertThat(approval.at("/event/rationale").asText()).isEqualTo("audit within tolerance");
        byte[] bytes = Base64.getDecoder().decode(approval.get("entry_base64").asText());
        assertThat(Evidence.checkSignature(bytes)).isEqualTo(Evidence.Signed.VALID);
        Http.Reply deployed = http.post("/api/v1/registry/compas-demo/1/deploy", admin, "{\"environment\": \"production-eu\"}");
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
        assertThat(http.get("/api/v1/registry/compas-demo/1", viewer).json().get("stage").asText()).isEqualTo("deployed");
        assertThat(http.get("/api/v1/models/compas-demo", viewer).json().get("stage").asText()).isEqualTo("deployed");
    }

    @Test
    @Order(4)
    void cardsAndComplianceComeFromTheLog() {
        JsonNode card = http.get("/api/v1/registry/compas-demo/1/card", viewer).json();
        assertThat(card.get("schema").asText()).isEqualTo("probity.card/v1");
        assertThat(card.get("stage").asText()).isEqualTo("deployed");
        assertThat(http.get("/api/v1/registry/compas-demo/1/card?template=annex-iv", viewer).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/registry/compas-demo/1/card?template=x", viewer).json().at("/error/field").asText()).isEqualTo("template");
        for (String policy : dev.probity.ledger.comply.Policy.BUILT_IN) {
            JsonNode c = http.get("/api/v1/registry/compas-demo/1/compliance?policy=" + policy, viewer).json();
            assertThat(c.get("schema").asText()).as(policy).isEqualTo("probity.compliance/v1");
            assertThat(c.get("results")).isNotEmpty();
        }
        // a policy by path would read the service's disk: only built-in ones
        Http.Reply path = http.get("/api/v1/registry/compas-demo/1/compliance?policy=/etc/passwd", viewer);
        assertThat(path.status()).isEqualTo(400);
        assertThat(http.get("/api/v1/registry/nope/1/card", viewer).status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void aLoggedDecisionIsExplainedByTheRegisteredFile() throws Exception {
        assertThat(http.get("/api/v1/models/compas-demo/predictions/compas-1/explanation", viewer).status()).isEqualTo(403);
        // compas-1 (69, no priors) is predicted not to reoffend: favourable when recidivism (class 1) is the unfavourable outcome
        Http.Reply r = http.get("/api/v1/models/compas-demo/predictions/compas-1/explanation?favourable=negative", analyst);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode o = r.json();
        assertThat(o.get("matches_logged").asBoolean()).isTrue();
        assertThat(o.get("model_decision").asText()).isEqualTo("0");
        assertThat(o.get("favourable_class").asText()).isEqualTo("0");
        assertThat(o.at("/explanation/results/0/reasons").isArray()).isTrue();
        assertThat(o.at("/explanation/results/0/reasons")).isEmpty();
        assertThat(o.at("/explanation/results/0/plain_language").asText()).contains("no adverse action");
        // the same decision is adverse when class 1 is the favourable one: then it has reasons
        JsonNode adverse = http.get("/api/v1/models/compas-demo/predictions/compas-1/explanation?favourable=positive", analyst).json();
        assertThat(adverse.get("favourable_class").asText()).isEqualTo("1");
        assertThat(adverse.at("/explanation/results/0/reasons")).isNotEmpty();
        assertThat(adverse.at("/explanation/results/0/plain_language").asText()).isNotBlank();
        assertThat(http.get("/api/v1/models/compas-demo/predictions/compas-1/explanation?favourable=maybe", analyst).json()
                .at("/error/field").asText()).isEqualTo("favourable");
        // the explained probability is the registered file's, computed here from the logged inputs
        JsonNode logged = http.get("/api/v1/models/compas-demo/predictions/compas-1", analyst).json();
        @SuppressWarnings("unchecked")
        Map<String, Object> inputs = Http.JSON.convertValue(logged.get("inputs"), Map.class);
        Path file = registeredFile();
        Model m = ModelFiles.load(file, null);
        Frame f = Records.inputFrame("t", List.of(inputs), m.info().features().stream().map(dev.probity.core.model.Feature::name).toList());
        assertThat(o.at("/explanation/results/0/explanation/prediction").asDouble()).isCloseTo(m.predictProba(f).get(0, 1), within(1e-12));
        assertThat(logged.get("score").asDouble()).isCloseTo(m.predictProba(f).get(0, 1), within(1e-12));
        // a file changed after registration cannot speak for the logged decisions
        byte[] original = Files.readAllBytes(file);
        Files.writeString(file, Files.readString(file) + " ");
        try {
            Http.Reply changed = http.get("/api/v1/models/compas-demo/predictions/compas-1/explanation", analyst);
            assertThat(changed.status()).isEqualTo(409);
            assertThat(changed.json().at("/error/message").asText()).contains("no longer has the SHA-256");
        } finally {
            Files.write(file, original);
        }
        assertThat(http.get("/api/v1/models/compas-demo/predictions/nope/explanation", analyst).status()).isEqualTo(404);
    }

    private static Path registeredFile() {
        JsonNode entry = http.get("/api/v1/ledger/entries/2", viewer).json();
        assertThat(entry.at("/summary/type").asText()).isEqualTo("model.registered");
        return Path.of(entry.at("/event/file/path").asText());
    }

    @Test
    @Order(6)
    void registrationOverHttpReadsTheModelAndGatesHold() {
        Http.Reply notModel = http.send("POST", "/api/v1/registry?name=credit&version=1", analyst, "{\"not\": \"a model\"}", Map.of());
        assertThat(notModel.status()).isEqualTo(400);
        byte[] model = readAll(registeredFile());
        Http.Reply again = http.send("POST", "/api/v1/registry?name=credit&version=1", analyst, new String(model, StandardCharsets.UTF_8), Map.of());
        assertThat(again.status()).as("the same file is registered once").isEqualTo(400);
        assertThat(again.json().at("/error/message").asText()).contains("already registered as compas-demo@1");
        Http.Reply noName = http.send("POST", "/api/v1/registry?version=1", analyst, "{}", Map.of());
        assertThat(noName.json().at("/error/field").asText()).isEqualTo("name");
        Http.Reply incident = http.send("POST", "/api/v1/ledger/entries?type=incident", analyst,
                "{\"model\": \"compas-demo\", \"version\": \"1\", \"summary\": \"complaint received\"}", Map.of());
        assertThat(incident.status()).as(incident.body()).isEqualTo(201);
        JsonNode e = http.get("/api/v1/ledger/entries/" + incident.json().get("index").asLong(), viewer).json();
        assertThat(e.at("/summary/actor").asText()).isEqualTo("ana.lyst@bank.example");
        Http.Reply forged = http.send("POST", "/api/v1/ledger/entries?type=approval", analyst, "{\"model\": \"compas-demo\"}", Map.of());
        assertThat(forged.status()).isEqualTo(400);
        Http.Reply actor = http.send("POST", "/api/v1/ledger/entries?type=note", analyst, "{\"actor\": \"someone else\"}", Map.of());
        assertThat(actor.status()).isEqualTo(400);
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(8)
    void aFolderThatIsNeitherALogNorEmptyIsRefusedAtStart(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve("notes.txt"), "not a log");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProbityServer.start(ServerConfig.defaults(other.resolve("db")).withPort(0)
                        .withLedger(other), false))
                .isInstanceOf(dev.probity.core.InputException.class).hasMessageContaining("neither an evidence log nor empty");
        assertThat(Files.readString(other.resolve("notes.txt"))).isEqualTo("not a log");
    }

    @Test
    @Order(7)
    void aLogHeldByAnotherWriterGives503AndNothingHalfRead() {
        try (Ledger held = Ledger.open(dir.resolve("ledger"))) {
            Http.Reply r = http.get("/api/v1/ledger", viewer);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.json().at("/error/message").asText()).contains("in use by another process");
            assertThat(held.size()).isPositive();
        }
        assertThat(http.get("/api/v1/ledger", viewer).status()).isEqualTo(200);
    }
}
