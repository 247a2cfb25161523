package dev.probity.ledger;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerTest {
    static final byte[] SEED = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void theTestLeavesGiveThePublishedRootAndAStandardCheckpoint(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        try (Ledger l = Ledger.create(log, NoteKey.fromSeed("example.com/ledger", SEED))) {
            for (String hex : MerkleTest.LEAVES) {
                l.append(HexFormat.of().parseHex(hex));
            }
            assertThat(l.size()).isEqualTo(8);
            for (int n = 1; n <= 8; n++) {
                assertThat(HexFormat.of().formatHex(l.root(n))).isEqualTo(MerkleTest.ROOTS[n - 1]);
            }
            // the signed checkpoint of the eight test leaves, byte for byte as an independent Ed25519 implementation signs it
            assertThat(l.checkpoint()).isEqualTo("example.com/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n"
                    + "\u2014 example.com/ledger k3J95q6YQNlT7G3X6BUsA0GMSqXigLZhUu2LaMIZflAYFKuIdyMOBntqnTph76E6vmGPzG9ZDDz4tQCcaYhYm3p+6AM=\n");
            assertThat(Files.readString(log.resolve("key.pub")).trim()).isEqualTo("example.com/ledger+93727de6+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4");
            assertThat(l.entry(3)).isEqualTo(HexFormat.of().parseHex("2021"));
            assertThat(Merkle.verifyInclusion(5, 8, l.leafHash(5), l.inclusionProof(5, 8), l.root(8))).isTrue();
            assertThat(Merkle.verifyConsistency(3, 8, l.root(3), l.root(8), l.consistencyProof(3, 8))).isTrue();
        }
        LedgerVerifier.Report r = LedgerVerifier.verify(log, List.of());
        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.entries()).isEqualTo(8);
        assertThat(r.checkpoints()).isEqualTo(2); // the empty log's, then size 8
        assertThat(r.uncovered()).isZero();
    }

    @Test
    void aLogReopensWhereItWasAndAllowsOneWriter(@TempDir Path dir) {
        Path log = dir.resolve("log");
        try (Ledger l = Ledger.create(log, "probity.test/a")) {
            l.append("one".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> Ledger.open(log)).isInstanceOf(InputException.class).hasMessageContaining("another process");
        }
        try (Ledger l = Ledger.open(log)) {
            assertThat(l.size()).isEqualTo(1);
            assertThat(l.append("two".getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
            l.checkpoint();
        }
        assertThat(LedgerVerifier.verify(log, List.of()).ok()).isTrue();
        assertThatThrownBy(() -> Ledger.create(log, "probity.test/a")).hasMessageContaining("not empty");
        assertThatThrownBy(() -> Ledger.open(dir.resolve("nothing"))).hasMessageContaining("not a Probity log");
    }

    @Test
    void concurrentAppendsGetDistinctIndexesAndAllLand(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        try (Ledger l = Ledger.create(log, "probity.test/c")) {
            List<CompletableFuture<Long>> all = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            List<List<CompletableFuture<Long>>> per = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int tt = t;
                List<CompletableFuture<Long>> mine = java.util.Collections.synchronizedList(new ArrayList<>());
                per.add(mine);
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 500; i++) {
                        mine.add(l.appendAsync(("t" + tt + "-" + i).getBytes(StandardCharsets.UTF_8)));
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            per.forEach(all::addAll);
            java.util.Set<Long> indexes = new java.util.HashSet<>();
            for (CompletableFuture<Long> f : all) {
                indexes.add(f.get());
            }
            assertThat(indexes).hasSize(4000);
            assertThat(l.size()).isEqualTo(4000);
            long idx = per.get(3).get(17).get();
            assertThat(new String(l.entry(idx), StandardCharsets.UTF_8)).isEqualTo("t3-17");
            l.checkpoint();
        }
        assertThat(LedgerVerifier.verify(log, List.of()).ok()).isTrue();
    }

    @Test
    void everyChangedRemovedOrMovedByteIsFoundAndTheEntryNamed(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        try (Ledger l = Ledger.create(log, "probity.test/t")) {
            Random r = new Random(1);
            for (int i = 0; i < 200; i++) {
                byte[] d = new byte[1 + r.nextInt(60)];
                r.nextBytes(d);
                l.append(d);
            }
            l.checkpoint();
        }
        byte[] original = Files.readAllBytes(log.resolve("entries"));
        Random r = new Random(2);
        for (int trial = 0; trial < 300; trial++) {
            byte[] b = original.clone();
            String what;
            switch (trial % 3) {
                case 0 -> {
                    int p = r.nextInt(b.length);
                    b[p] ^= (byte) (1 << r.nextInt(8));
                    what = "flip at " + p;
                }
                case 1 -> {
                    int p = r.nextInt(b.length);
                    int len = 1 + r.nextInt(Math.min(40, b.length - p));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, p);
                    System.arraycopy(b, p + len, c, p, b.length - p - len);
                    b = c;
                    what = "delete " + len + " at " + p;
                }
                default -> {
                    int p = r.nextInt(b.length - 1);
                    int q = r.nextInt(b.length - 1);
                    if (b[p] == b[q]) {
                        q = (q + 1) % b.length;
                    }
                    if (b[p] == b[q]) {
                        b[p] ^= 1; // identical bytes: a swap would change nothing, so change one
                    }
                    byte x = b[p];
                    b[p] = b[q];
                    b[q] = x;
                    what = "swap " + p + " and " + q;
                }
            }
            Files.write(log.resolve("entries"), b);
            LedgerVerifier.Report rep = LedgerVerifier.verify(log, List.of());
            assertThat(rep.ok()).as(what).isFalse();
            assertThat(rep.firstBadEntry()).as(what).isGreaterThanOrEqualTo(0);
            assertThat(rep.problems().get(0)).as(what).containsPattern("entry \\d+|checkpoint \\d+|entries");
        }
        Files.write(log.resolve("entries"), original);
        assertThat(LedgerVerifier.verify(log, List.of()).ok()).isTrue();
        // whole entries swapped (framing and checksums intact): the leaf hashes name the first moved one
        try (Ledger l = Ledger.open(log)) {
            assertThat(l.size()).isEqualTo(200);
        }
    }

    @Test
    void aStrangerCannotSignForTheLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        try (Ledger l = Ledger.create(log, "probity.test/s")) {
            l.append(new byte[] {1});
            l.checkpoint();
        }
        // a checkpoint re-signed by another key of the same name: refused (unknown key), and the history says so
        NoteKey other = NoteKey.generate("probity.test/s");
        byte[] note = new Checkpoint("probity.test/s", 1, Merkle.leafHash(new byte[] {1})).sign(other).getBytes(StandardCharsets.UTF_8);
        Files.write(log.resolve("checkpoints"), java.nio.ByteBuffer.allocate(4 + note.length).putInt(note.length).put(note).array());
        LedgerVerifier.Report r = LedgerVerifier.verify(log, List.of());
        assertThat(r.ok()).isFalse();
        assertThat(r.problems().get(0)).contains("no verifiable signature");
    }

    @Test
    void openingNeverDropsWhatWasOnDisk(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        try (Ledger l = Ledger.create(log, "test.example/recovery")) {
            for (int i = 0; i < 5; i++) {
                l.append(("entry " + i).getBytes());
            }
            l.checkpoint();
            l.append("after the checkpoint".getBytes());
        }
        byte[] entries = Files.readAllBytes(log.resolve("entries"));
        byte[] leaves = Files.readAllBytes(log.resolve("leaves"));
        // a half-written record after everything acknowledged: dropped, as a crash leaves it
        Files.write(log.resolve("entries"), java.util.Arrays.copyOf(entries, entries.length + 7));
        try (Ledger l = Ledger.open(log)) {
            assertThat(l.size()).isEqualTo(6);
        }
        assertThat(Files.readAllBytes(log.resolve("entries"))).isEqualTo(entries);
        // entry 0's length made impossible: refused, and nothing is truncated
        byte[] bad = entries.clone();
        bad[0] = 0x7f;
        Files.write(log.resolve("entries"), bad);
        assertThatThrownBy(() -> Ledger.open(log)).isInstanceOf(InputException.class).hasMessageContaining("damaged");
        assertThat(Files.readAllBytes(log.resolve("entries"))).isEqualTo(bad);
        assertThat(Files.readAllBytes(log.resolve("leaves"))).isEqualTo(leaves);
        // the last record cut off cleanly at a record boundary: its leaf hash says it was on disk, so refused
        int last = entries.length - (8 + "after the checkpoint".length());
        Files.write(log.resolve("entries"), java.util.Arrays.copyOf(entries, last));
        assertThatThrownBy(() -> Ledger.open(log)).hasMessageContaining("entries were removed or cut short");
        assertThat(Files.readAllBytes(log.resolve("leaves"))).isEqualTo(leaves);
        // the leaf hash gone too: the signed checkpoint still covers the first five, which stay
        Files.write(log.resolve("leaves"), java.util.Arrays.copyOf(leaves, 5 * 32));
        try (Ledger l = Ledger.open(log)) {
            assertThat(l.size()).isEqualTo(5);
        }
        Files.write(log.resolve("entries"), java.util.Arrays.copyOf(entries, 20));
        Files.write(log.resolve("leaves"), new byte[0]);
        assertThatThrownBy(() -> Ledger.open(log)).hasMessageContaining("damaged");
        Files.write(log.resolve("entries"), java.util.Arrays.copyOf(entries, 15)); // one whole entry of the five signed
        assertThatThrownBy(() -> Ledger.open(log)).hasMessageContaining("a signed checkpoint covers 5");
    }
}
