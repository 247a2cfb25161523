package dev.probity.sql;

import dev.probity.core.InputException;
import dev.probity.core.Parallel;
import dev.probity.core.io.ReadOptions;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.stats.StatsTable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The audit with the SQL engine: DuckDB reads the file where it lies and computes the group statistics
 * ({@link SqlStats}), so files larger than memory can be audited; the metric algebra is the audit's own
 * ({@link Audit#fromStatistics}). Consistency (which needs rows) is not available here; a bootstrap is, where it
 * resamples statistics (unweighted binary and multiclass audits).
 */
public final class SqlAudit {
    private SqlAudit() {
    }

    public static AuditResult run(Path file, ReadOptions read, AuditSpec spec, Consumer<String> warnings) {
        if (!spec.features().isEmpty()) {
            throw new InputException("consistency compares rows, which the SQL engine does not keep; "
                    + "audit with the in-memory engine");
        }
        List<String> early = new ArrayList<>();
        SqlStats.Result r = SqlStats.compute(file, read, spec, spec.threads() > 0 ? spec.threads() : Parallel.defaultThreads());
        if (r.rowsDropped() > 0) {
            early.add("left out " + r.rowsDropped() + " rows with a missing label, prediction, score or weight");
        }
        StatsTable t = r.table();
        AuditResult.Input input = new AuditResult.Input(file.getFileName().toString(), "duckdb", r.rowsRead(),
                r.rowsAfterFilter(), r.rowsDropped(), t.overall().rows(), t.overall().size(), spec.where(), spec.derived());
        List<String> all = new ArrayList<>(early);
        early.forEach(warnings);
        AuditResult result = Audit.fromStatistics(t, spec, input, r.positiveLabel(), r.positivePrediction(), w -> {
            all.add(w);
            warnings.accept(w);
        });
        return new AuditResult(result.input(), result.roles(), result.task(), result.overall(), result.attributes(), result.dataset(),
                result.settings(), result.findings(), result.rules(), List.copyOf(all));
    }
}
