package dev.probity.checks.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.probity.core.InputException;
import dev.probity.ledger.Checkpoint;
import dev.probity.ledger.Jcs;
import dev.probity.ledger.Merkle;
import dev.probity.ledger.NoteKey;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The evidence ledger's readers meet any input calmly: the proof verifiers never throw and never accept a proof that
 * was not made from the tree (of the eight RFC 6962 test leaves); the checkpoint parser and the canonical-JSON reader
 * either read or refuse with a message.
 */
class LedgerFuzzTest {
    static final List<byte[]> LEAVES = new ArrayList<>();
    static final byte[][] ROOTS = new byte[9][];
    static final NoteKey KEY = NoteKey.fromSeed("fuzz.example/log", new byte[32]);

    static {
        for (String hex : new String[] {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"}) {
            LEAVES.add(Merkle.leafHash(HexFormat.of().parseHex(hex)));
        }
        for (int n = 1; n <= 8; n++) {
            ROOTS[n] = Merkle.root(Merkle.of(LEAVES), 0, n);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void proofs(FuzzedDataProvider data) {
        int size = data.consumeInt(1, 8);
        long index = data.consumeLong(-2, 10);
        int first = data.consumeInt(-1, 9);
        List<byte[]> proof = new ArrayList<>();
        int count = data.consumeInt(0, 6);
        for (int i = 0; i < count; i++) {
            proof.add(data.consumeBytes(data.consumeBoolean() ? 32 : data.consumeInt(0, 40)));
        }
        byte[] leaf = index >= 0 && index < 8 ? LEAVES.get((int) index) : data.consumeBytes(32);
        boolean ok = Merkle.verifyInclusion(index, size, leaf, proof, ROOTS[size]);
        if (ok) {
            // an accepted proof must be the tree's own
            List<byte[]> real = Merkle.inclusionProof(Merkle.of(LEAVES), index, size);
            assertSame(real, proof, "inclusion " + index + " of " + size);
        }
        if (first >= 1 && first <= size) {
            boolean c = Merkle.verifyConsistency(first, size, ROOTS[first], ROOTS[size], proof);
            if (c) {
                assertSame(Merkle.consistencyProof(Merkle.of(LEAVES), first, size), proof, "consistency " + first + " to " + size);
            }
        } else {
            Merkle.verifyConsistency(first, size, data.consumeBytes(32), ROOTS[size], proof);
        }
    }

    private static void assertSame(List<byte[]> a, List<byte[]> b, String what) {
        if (a.size() != b.size()) {
            throw new AssertionError(what + ": a proof of another length was accepted");
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                throw new AssertionError(what + ": a proof with another hash was accepted");
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void checkpoints(FuzzedDataProvider data) {
        byte[] note = data.consumeRemainingAsBytes();
        try {
            Checkpoint c = Checkpoint.open(note, List.of(KEY.verifier()));
            // whatever opens was signed by the key: the fuzzer cannot forge Ed25519, so only a real note gets here
            if (c.size() < 0) {
                throw new AssertionError("a negative size");
            }
        } catch (InputException e) {
            CsvFuzzTest.message(e);
        }
        try {
            Checkpoint.parse(new String(note, java.nio.charset.StandardCharsets.UTF_8));
        } catch (InputException e) {
            CsvFuzzTest.message(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void canonicalJson(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            String once = Jcs.canonicalize(text);
            // canonical is a fixed point
            if (!Jcs.canonicalize(once).equals(once)) {
                throw new AssertionError("canonicalizing twice changed " + once);
            }
        } catch (InputException e) {
            CsvFuzzTest.message(e);
        }
    }
}
