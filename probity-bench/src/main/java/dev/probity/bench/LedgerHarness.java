package dev.probity.bench;

import dev.probity.ledger.Ledger;
import dev.probity.ledger.LedgerVerifier;
import dev.probity.ledger.Merkle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * {@code probity-bench/run ledger}: the evidence log's targets, in one JVM, on the disk of bench-data/:
 * <ol>
 *   <li>durable appends per second with group commit: 16 threads append 100-byte entries; each is acknowledged only
 *       after an fsync (target ≥ 50,000/s);</li>
 *   <li>verifying a 1,000,000-entry log from its files: every checksum, every leaf hash, the root against the signed
 *       checkpoint (target &lt; 1 s);</li>
 *   <li>an inclusion proof in that log, averaged over 100,000 random entries (target &lt; 100 µs).</li>
 * </ol>
 */
public final class LedgerHarness {
    private LedgerHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path base = Files.createDirectories(repo.resolve("bench-data"));
        Path dir = Files.createTempDirectory(base, "ledger-bench-");
        try {
            run(dir.resolve("log"));
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void run(Path log) throws Exception {
        int n = 1_000_000;
        byte[][] data = new byte[n][];
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            data[i] = new byte[100];
            r.nextBytes(data[i]);
        }
        try (Ledger l = Ledger.create(log, "bench.probity/ledger")) {
            // warm-up
            List<CompletableFuture<Long>> warm = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                warm.add(l.appendAsync(data[i]));
            }
            for (CompletableFuture<Long> f : warm) {
                f.join();
            }
            int threads = 16;
            int per = (n - 20_000) / threads;
            long t0 = System.nanoTime();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int start = 20_000 + t * per;
                Thread th = new Thread(() -> {
                    List<CompletableFuture<Long>> mine = new ArrayList<>(1024);
                    for (int i = start; i < start + per; i++) {
                        mine.add(l.appendAsync(data[i]));
                        if (mine.size() == 1024) {
                            mine.forEach(CompletableFuture::join);
                            mine.clear();
                        }
                    }
                    mine.forEach(CompletableFuture::join);
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long appended = (long) per * threads;
            System.out.printf(Locale.ROOT, "durable appends, %d threads, 100-byte entries, group commit: %,.0f per second (%,d in %.2f s); target ≥ 50,000/s%n",
                    threads, appended / secs, appended, secs);
            l.checkpoint();
            long size = l.size();
            // inclusion proofs
            Random q = new Random(9);
            int proofs = 100_000;
            long[] idx = new long[proofs];
            for (int i = 0; i < proofs; i++) {
                idx[i] = (long) (q.nextDouble() * size);
            }
            for (int i = 0; i < 10_000; i++) {
                l.inclusionProof(idx[i], size);
            }
            long p0 = System.nanoTime();
            long sink = 0;
            for (int i = 0; i < proofs; i++) {
                sink += l.inclusionProof(idx[i], size).size();
            }
            double us = (System.nanoTime() - p0) / 1e3 / proofs;
            byte[] root = l.root(size);
            boolean ok = Merkle.verifyInclusion(idx[0], size, l.leafHash(idx[0]), l.inclusionProof(idx[0], size), root);
            System.out.printf(Locale.ROOT, "inclusion proof in a log of %,d entries: %.1f µs each (average of %,d; %d hashes on average; verifies: %s); target < 100 µs%n",
                    size, us, proofs, sink / proofs, ok);
        }
        // verification from the files
        List<Double> times = new ArrayList<>();
        LedgerVerifier.Report rep = null;
        for (int i = 0; i < 4; i++) {
            long v0 = System.nanoTime();
            rep = LedgerVerifier.verify(log, List.of());
            times.add((System.nanoTime() - v0) / 1e9);
        }
        times.remove(0);
        System.out.printf(Locale.ROOT, "verify the log of %,d entries from its files: median %.2f s (min %.2f, max %.2f) of 3 after a warm-up; %s; target < 1 s%n",
                rep.entries(), WholeProcess.median(times), WholeProcess.min(times), WholeProcess.max(times), rep.ok() ? "OK" : rep.problems());
    }
}
