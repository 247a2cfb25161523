package dev.probity.bench;

import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.privacy.audit.PrivateAudit;
import dev.probity.privacy.audit.PrivateAuditSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The private audit against the exact one on the 10,000,000-row synthetic table (the target: at most 1.1× the
 * exact audit's time): read once, then each audit timed alternately, the same spec, after five warm-ups. Both include
 * reading the roles from the frame and the statistics pass; the private one adds the noise on every joint cell and the
 * rates and intervals from the noisy counts.
 */
public final class PrivateAuditHarness {
    private PrivateAuditHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Path csv = SyntheticTable.ensureCsv(repo.resolve("bench-data/synthetic-10m.csv"));
        Frame f = DataReader.read(csv, ReadOptions.defaults().columns(Set.of("group", "y_true", "y_pred")));
        AuditSpec spec = AuditSpec.builder().label("y_true").prediction("y_pred").protectedAttributes("group").build();
        PrivateAuditSettings settings = PrivateAuditSettings.of(1);
        List<Double> exact = new ArrayList<>();
        List<Double> priv = new ArrayList<>();
        for (int i = -5; i < runs; i++) {
            long t0 = System.nanoTime();
            var a = Audit.run(f, spec);
            long t1 = System.nanoTime();
            var p = PrivateAudit.run(f, spec, settings);
            long t2 = System.nanoTime();
            if (a.input().rows() != SyntheticTable.ROWS || p.attributes().isEmpty()) {
                throw new IllegalStateException("unexpected result");
            }
            if (i >= 0) {
                exact.add((t1 - t0) / 1e9);
                priv.add((t2 - t1) / 1e9);
            }
        }
        double e = WholeProcess.median(exact);
        double q = WholeProcess.median(priv);
        System.out.printf(Locale.ROOT, "audit of %,d rows in memory (table read once): exact %.3f s, private (ε = 1, secure noise) %.3f s, "
                + "median of %d; private ÷ exact %.2f (target ≤ 1.1)%n", SyntheticTable.ROWS, e, q, runs, q / e);
    }
}
