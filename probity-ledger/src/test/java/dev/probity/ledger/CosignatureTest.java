package dev.probity.ledger;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CosignatureTest {
    static final byte[] SEED = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    /** The checkpoint of the eight RFC 6962 test leaves signed with SEED as example.com/ledger (docs/notes/ledger-formats.md §2.4). */
    static final String NOTE = "example.com/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n"
            + "\u2014 example.com/ledger k3J95q6YQNlT7G3X6BUsA0GMSqXigLZhUu2LaMIZflAYFKuIdyMOBntqnTph76E6vmGPzG9ZDDz4tQCcaYhYm3p+6AM=\n";

    @Test
    void aCosignatureMatchesAnIndependentImplementation() {
        // computed with Python's cryptography package from the tlog-cosignature text (ledger-formats.md §4)
        NoteKey w = NoteKey.fromSeed("witness.example.com/w1", SEED);
        assertThat(String.format("%08x", Cosignature.keyId(w))).isEqualTo("a0059f11");
        String cosigned = Cosignature.cosign(NOTE, w, 1679315147L);
        assertThat(cosigned).isEqualTo(NOTE + "\u2014 witness.example.com/w1 oAWfEQAAAABkGFDLaM7LzJvM2r3pC6aCJyD6uJFmiQu9QhzYAbpW0kk5U5YvXri322I9uNcRdqcAeTQ943fDaSstx0/ZfGj23vKxCg==\n");
        NoteKey v = Cosignature.parseVerifier(Cosignature.verifierKey(w));
        assertThat(Cosignature.verify(cosigned, v)).hasValue(1679315147L);
        // the log's own signature still holds, and readers who do not know the witness ignore its line
        NoteKey log = NoteKey.fromSeed("example.com/ledger", SEED);
        assertThat(Checkpoint.open(cosigned.getBytes(), List.of(log.verifier())).size()).isEqualTo(8);
        assertThat(Cosignature.verify(NOTE, v)).isEmpty();
        // a changed checkpoint breaks the cosignature, and says so
        assertThatThrownBy(() -> Cosignature.verify(cosigned.replace("\n8\n", "\n9\n"), v)).isInstanceOf(InputException.class)
                .hasMessageContaining("does not hold");
        assertThatThrownBy(() -> Cosignature.parseVerifier(log.verifierKey())).hasMessageContaining("not a cosignature key");
        String forged = Cosignature.verifierKey(w).replace("a0059f11", "a0059f12");
        assertThatThrownBy(() -> Cosignature.parseVerifier(forged)).hasMessageContaining("does not match");
    }

    @Test
    void aWitnessRefusesRollbacksForksAndRewrites(@TempDir Path dir) {
        NoteKey w = NoteKey.generate("witness.example/w");
        try (Ledger l = Ledger.create(dir.resolve("log"), "test.example/w")) {
            NoteKey lk = l.key();
            for (int i = 0; i < 5; i++) {
                l.append(("e" + i).getBytes());
            }
            String first = Witness.cosign(l.checkpoint(), lk, w, null, l::consistencyProof, 100);
            for (int i = 5; i < 9; i++) {
                l.append(("e" + i).getBytes());
            }
            String second = Witness.cosign(l.checkpoint(), lk, w, first, l::consistencyProof, 200);
            assertThat(Witness.check(second, l, lk, List.of(Cosignature.parseVerifier(Cosignature.verifierKey(w))))).containsExactly(200);
            // the same size again is fine; a smaller one is a rollback
            assertThat(Witness.cosign(second, lk, w, second, l::consistencyProof, 300)).contains("witness.example/w");
            assertThatThrownBy(() -> Witness.cosign(first, lk, w, second, l::consistencyProof, 300)).isInstanceOf(Witness.Refused.class)
                    .hasMessageContaining("rollback");
            // another log with the same key and a different history: a fork at the same size, inconsistent at a larger one
            try (Ledger other = Ledger.create(dir.resolve("other"), NoteKey.parseSigner(signer(dir)))) {
                for (int i = 0; i < 9; i++) {
                    other.append(("x" + i).getBytes());
                }
                String fork = other.checkpoint();
                assertThatThrownBy(() -> Witness.cosign(fork, lk, w, second, other::consistencyProof, 300)).hasMessageContaining("fork");
                other.append("x9".getBytes());
                String longer = other.checkpoint();
                assertThatThrownBy(() -> Witness.cosign(longer, lk, w, second, other::consistencyProof, 300)).hasMessageContaining("inconsistent");
                assertThatThrownBy(() -> Witness.check(Witness.cosign(longer, lk, w, null, other::consistencyProof, 1), l, lk, List.of()))
                        .hasMessageContaining("entries were removed");
            }
            NoteKey stranger = NoteKey.generate("test.example/w");
            String forged = new Checkpoint("test.example/w", l.size(), l.root(l.size())).sign(stranger);
            assertThatThrownBy(() -> Witness.cosign(forged, lk, w, second, l::consistencyProof, 300)).hasMessageContaining("signature");
        }
    }

    private static String signer(Path dir) {
        try {
            return java.nio.file.Files.readString(dir.resolve("log").resolve("key")).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCheckpointSizeBeyondAnyLogIsRefusedWithAMessage() {
        // found by fuzzing: 19 digits pass the size's pattern but not a long
        assertThatThrownBy(() -> Checkpoint.parse("example.com/l\n9999999999999999999\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"))
                .isInstanceOf(InputException.class).hasMessageContaining("larger than any log can be");
    }
}
