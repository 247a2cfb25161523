package dev.probity.bench;

import dev.probity.privacy.pii.Entity;
import dev.probity.privacy.pii.NameTagger;
import dev.probity.privacy.pii.PiiScanner;
import dev.probity.privacy.pii.PiiType;
import dev.probity.privacy.pii.Recognizer;
import dev.probity.privacy.pii.corpus.Evaluation;
import dev.probity.privacy.pii.corpus.PiiCorpus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Personal data in text: quality on the held-out labelled corpus (per-type precision, recall, F2) and speed on one
 * core — the validated pattern recognizers together, each alone, the name tagger alone, and everything — over the
 * held-out documents joined into one text ("dense": personal data and decoys in every line, far denser than most
 * real text) and over the same lines with the personal data left out of all but every 20th ("sparse"; the decoys,
 * amounts and numbers of the templates stay). Median of RUNS timed passes after warm-up passes (ten seconds at least,
 * and on until a pass is within 10% of the fastest, at most a minute); throughput in MB (10^6 bytes of UTF-8) per second
 * of the thread's CPU time.
 *
 * <pre>probity-bench/run pii [RUNS]</pre>
 */
public final class PiiHarness {
    /** Time on the thread's CPU ("per core"): other processes on a shared machine do not count against it. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Seconds of warm-up passes before each timed series, at least. */
    static final double WARM_UP_SECONDS = 10;
    /** Seconds of warm-up passes at most. */
    static final double MAX_WARM_UP_SECONDS = 60;

    private PiiHarness() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<PiiCorpus.Doc> docs = PiiCorpus.generate(7, PiiCorpus.Split.HELD_OUT, 3000);
        System.out.println("Quality on the held-out corpus (3,000 documents, seed 7; templates and five name locales unseen in training):");
        Map<PiiType, Evaluation.Counts> q = Evaluation.evaluate(docs, PiiScanner.defaults());
        q.forEach((t, c) -> System.out.printf(Locale.ROOT, "  %-15s %s%n", t, c));

        StringBuilder b = new StringBuilder();
        List<PiiCorpus.Doc> many = PiiCorpus.generate(11, PiiCorpus.Split.HELD_OUT, 100_000);
        for (PiiCorpus.Doc d : many) {
            b.append(d.text()).append('\n');
        }
        String dense = b.toString();
        String plain = sparse(many);
        System.out.printf(Locale.ROOT, "%nSpeed, one thread, MB per CPU-second: %,d documents; dense: %.1f MB, personal data in every line; "
                + "sparse: %.1f MB, personal data in every 20th line.%n", many.size(), mb(dense), mb(plain));
        List<Recognizer> patterns = PiiScanner.patterns();
        report("validated pattern recognizers (all but names)", PiiScanner.of(patterns), dense, plain, runs);
        for (Recognizer r : patterns) {
            report("  " + r.name(), PiiScanner.of(List.of(r)), dense, plain, runs);
        }
        report("name tagger", PiiScanner.of(List.of(NameTagger.shipped())), dense, plain, runs);
        report("everything (PiiScanner.defaults)", PiiScanner.defaults(), dense, plain, runs);
    }

    private static String sparse(List<PiiCorpus.Doc> docs) {
        StringBuilder b = new StringBuilder();
        int k = 0;
        for (PiiCorpus.Doc d : docs) {
            if (k++ % 20 == 0) {
                b.append(d.text()).append('\n');
                continue;
            }
            int last = 0;
            for (PiiCorpus.Span s : d.spans()) {
                b.append(d.text(), last, s.start());
                last = s.end();
            }
            b.append(d.text().substring(last)).append('\n');
        }
        return b.toString();
    }

    private static double mb(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length / 1e6;
    }

    private static void report(String what, PiiScanner scanner, String dense, String plain, int runs) {
        double d = throughput(scanner, dense, runs);
        double p = throughput(scanner, plain, runs);
        System.out.printf(Locale.ROOT, "  %-48s dense %8.1f MB/s   sparse %8.1f MB/s%n", what, d, p);
    }

    private static double throughput(PiiScanner scanner, String text, int runs) {
        double mb = mb(text);
        List<Entity> sink = new ArrayList<>();
        // Warm-up: the JIT compiler needs seconds for the scanner's many methods (more on a loaded machine, where its one
        // C2 thread waits for a core), and a pass timed before it has finished measures the interpreter. Passes over the
        // text for at least WARM_UP_SECONDS of wall-clock time, and on while the last pass is more than 10% slower than
        // the fastest so far (the compiler is still at work), for at most MAX_WARM_UP_SECONDS.
        long start = System.nanoTime();
        long best = Long.MAX_VALUE;
        long last = Long.MAX_VALUE;
        for (int w = 0; w < 2 || System.nanoTime() - start < WARM_UP_SECONDS * 1e9
                || last > 1.1 * best && System.nanoTime() - start < MAX_WARM_UP_SECONDS * 1e9; w++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            sink.addAll(scanner.scan(text));
            last = CPU.getCurrentThreadCpuTime() - t0;
            best = Math.min(best, last);
            sink.clear();
        }
        double[] s = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            int n = scanner.scan(text).size();
            s[r] = (CPU.getCurrentThreadCpuTime() - t0) / 1e9;
            if (n < 0) {
                throw new IllegalStateException();
            }
        }
        Arrays.sort(s);
        return mb / s[runs / 2];
    }
}
