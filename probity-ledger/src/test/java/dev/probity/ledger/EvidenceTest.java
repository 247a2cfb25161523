package dev.probity.ledger;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvidenceTest {
    static final Instant T = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void eventsAreCanonicalWhateverTheFieldOrder() {
        byte[] a = Evidence.of("approval", "ann", T, Map.of("model", "m1", "decision", "approved"));
        assertThat(new String(a, StandardCharsets.UTF_8)).isEqualTo("{\"actor\":\"ann\",\"decision\":\"approved\",\"model\":\"m1\","
                + "\"schema\":\"probity.evidence/v1\",\"time\":\"2026-11-30T08:00:00Z\",\"type\":\"approval\"}");
        assertThat(Evidence.checkSignature(a)).isEqualTo(Evidence.Signed.NOT_SIGNED);
        assertThatThrownBy(() -> Evidence.of("Bad Type", "ann", T, Map.of())).isInstanceOf(InputException.class);
    }

    @Test
    void aSignedApprovalVerifiesAndAnyChangeBreaksIt(@TempDir Path dir) {
        NoteKey ann = NoteKey.fromSeed("ann@bank.example", new byte[32]);
        byte[] e = Evidence.signed("approval", ann, T, Map.of("model", "m1", "decision", "approved"));
        assertThat(Evidence.checkSignature(e)).isEqualTo(Evidence.Signed.VALID);
        String s = new String(e, StandardCharsets.UTF_8);
        assertThat(s).contains("\"actor\":\"ann@bank.example\"", "\"signature\":{\"ed25519\":");
        byte[] changed = s.replace("approved", "rejected").getBytes(StandardCharsets.UTF_8);
        assertThat(Evidence.checkSignature(changed)).isEqualTo(Evidence.Signed.INVALID);
        byte[] otherActor = s.replace("\"actor\":\"ann@bank.example\"", "\"actor\":\"bob@bank.example\"").getBytes(StandardCharsets.UTF_8);
        assertThat(Evidence.checkSignature(otherActor)).isEqualTo(Evidence.Signed.INVALID);
        // the log's verifier finds a forged approval and names it
        Path log = dir.resolve("log");
        try (Ledger l = Ledger.create(log, "probity.test/e")) {
            l.append(e);
            l.append(changed);
            l.checkpoint();
        }
        LedgerVerifier.Report r = LedgerVerifier.verify(log, List.of());
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadEntry()).isEqualTo(1);
        assertThat(r.problems().get(0)).contains("entry 1", "signature does not verify");
    }
}
