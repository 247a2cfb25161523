package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Dataset;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.ChunkedReader;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.Format;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.Rules;
import dev.probity.report.html.AuditHtml;
import dev.probity.report.json.AuditJson;
import dev.probity.report.text.AuditTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code probity audit}: group fairness of predictions (or labels), with intervals, tests and findings. */
@Command(name = "audit", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {
            "Audit predictions (or labels) for group fairness: per-group rates with intervals, disparities against a "
                + "reference group in the names Fairlearn, AIF360, SageMaker Clarify and Aequitas use, p-values, the EEOC "
                + "four-fifths table, NYC Local Law 144 impact ratios, and findings in plain language.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  # ProPublica's COMPAS analysis: high risk means decile_score >= 5",
            "  probity audit --data compas --label two_year_recid \\",
            "      --prediction 'decile_score >= 5' --protected race,sex \\",
            "      --reference race=Caucasian --html compas.html",
            "",
            "  # ProPublica's row filter, bootstrap intervals, a JSON report",
            "  probity audit --data compas --preset propublica \\",
            "      --bootstrap 1000 --seed 7 --json audit.json",
            "",
            "  # The same filter written out, on the file itself",
            "  probity audit --data data/compas/compas-scores-two-years-extract.csv \\",
            "      --label two_year_recid --prediction 'decile_score >= 5' \\",
            "      --protected race --where \"days_b_screening_arrest BETWEEN -30 AND 30",
            "        AND is_recid <> -1 AND c_charge_degree <> 'O'",
            "        AND score_text <> 'N/A'\"",
            "",
            "  # A scored model with text labels and two CI gates",
            "  probity audit --data loans.parquet --label outcome \\",
            "      --positive approved --score p_default --threshold 0.5 \\",
            "      --protected sex,age_band --intersections \\",
            "      --fail-on four-fifths --fail-on 'equalized_odds_difference>0.1'",
            "",
            "Expressions (--prediction, --where, --derive, --label) are SQL, as in DuckDB: comparisons, BETWEEN, IN, LIKE, "
                + "IS NULL, AND/OR/NOT, CASE WHEN, arithmetic, CAST and common functions; quote text with '…'.",
            "",
            "Exit status: 0 success, 1 a --fail-on rule is broken, 2 bad input (nothing written), 3 internal error."
        })
final class AuditCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions input = new DataOptions();

    @Mixin
    LedgerOption evidence = new LedgerOption();

    @Mixin
    AuditOptions audit = new AuditOptions();

    @Mixin
    PrivacyOptions privacy = new PrivacyOptions();

    @Option(names = "--engine", paramLabel = "ENGINE", description = "memory (files read in chunks, in bounded memory, whatever their size), duckdb (SQL pushed into DuckDB) or auto (default: memory; duckdb for Parquet above 256 MB, and for other files above 1 GB whose audit needs all rows at once).")
    String engine = "auto";


    @Option(names = "--model", paramLabel = "FILE", description = "Audit a model: score every row with this model file (Probity, ONNX or XGBoost) and audit its decisions (model_prediction) and, for a binary classifier, its scores (model_score).")
    Path model;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON (schema probity.audit/v1); '-' for standard output.")
    String json;


    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report.")
    Path html;


    @Option(names = "--fail-on", paramLabel = "RULE", description = "Exit 1 when a rule is broken (repeatable): four-fifths, METRIC<VALUE or METRIC>VALUE (e.g. disparate_impact<0.8, demographic_parity_difference>0.1), parity:METRIC, significant:METRIC.")
    List<String> failOn = new ArrayList<>();


    @Option(names = {"-q", "--quiet"}, description = "Do not print the table.")
    boolean quiet;


    @Option(names = "--chunk-bytes", hidden = true, paramLabel = "BYTES",
            description = "Text per chunk when the in-memory engine reads in chunks; 0 reads the whole file at once (benchmarks).")
    int chunkBytes = ChunkedReader.DEFAULT_CHUNK_BYTES;

    @Option(names = "--stats", hidden = true, description = "Print phase times and peak heap to standard error (benchmarks).")
    boolean stats;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String rule : failOn) {
            Rules.validate(rule);
        }
        try (OutputPlan outputs = OutputPlan.protecting(out, "data", input.data, "model", model, "privacy-budget", privacy.budget)) {
            outputs.add("json", json).add("html", html);
            return audit(outputs, out, err);
        }
    }

    private int audit(OutputPlan outputs, PrintWriter out, PrintWriter err) {
        input.skipLines();
        Dataset ds = input.dataset();
        dev.probity.core.model.Model scorer = model == null ? null : useModel();
        AuditSpec auditSpec = audit.buildSpec(ds, input.threads(), input);
        if (privacy.epsilon != null) {
            return PrivateAuditRun.run(this, auditSpec, scorer, outputs, out, err);
        }
        List<String> warnings = new ArrayList<>();
        boolean toStdout = outputs.usesStdout();
        java.util.function.Consumer<String> warn = w -> {
            warnings.add(w);
            if (!quiet || toStdout) {
                err.println("warning: " + w);
            }
        };
        AuditResult result;
        long t0 = System.nanoTime();
        long t1;
        if (scorer == null && useSql(ds, auditSpec)) {
            result = dev.probity.sql.SqlAudit.run(input.path(), input.readOptions(w -> { }), auditSpec, warn);
            t1 = System.nanoTime();
        } else if (streams(ds, auditSpec)) {
            // statistics chunk by chunk: memory bounded by the chunk, the same result as reading the whole file
            result = input.streamed(scorer == null ? Audit.columnsNeeded(auditSpec) : null, warn,
                    (o, progressWarn) -> Audit.streamed(input.path(), o, auditSpec, chunkBytes,
                            scorer == null ? f -> f : f -> Audit.withModel(f, scorer), progressWarn));
            t1 = System.nanoTime();
        } else {
            Frame frame = scorer == null ? input.read(Audit.columnsNeeded(auditSpec), warn, true)
                    : Audit.withModel(input.read(null, warn, true), scorer);
            t1 = System.nanoTime();
            result = Audit.run(frame, auditSpec, warn);
        }
        long t2 = System.nanoTime();
        if (!failOn.isEmpty()) {
            result = result.withRules(Rules.check(result, failOn));
        }
        AuditResult done = result;
        outputs.write("json", o -> AuditJson.write(done, o));
        if (evidence.recording()) {
            evidence.result = AuditJson.toString(done);
        }
        if (outputs.has("html")) {
            outputs.writeString("html", AuditHtml.render(done));
        }
        outputs.commit();
        if (stats) {
            long t3 = System.nanoTime();
            long peak = 0;
            for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            err.printf(Locale.ROOT, "stats: read %.0f ms, audit %.0f ms, write %.0f ms, since JVM start %d ms, peak heap %.0f MiB%n",
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(), peak / 1048576.0);
            err.flush();
        }
        if (!quiet && !toStdout) {
            out.print(AuditTable.render(result));
            if (outputs.shown("json") != null) {
                out.println("JSON: " + outputs.shown("json"));
            }
            if (outputs.shown("html") != null) {
                out.println("HTML report: " + outputs.shown("html"));
            }
            out.flush();
        }
        boolean broken = result.rules().stream().anyMatch(r -> !r.passed());
        if (broken && (quiet || toStdout)) {
            for (AuditResult.RuleOutcome r : result.rules()) {
                if (!r.passed()) {
                    err.println("rule broken: " + r.rule() + " — " + r.detail());
                }
            }
        }
        return broken ? ExitCode.RULE_BROKEN : ExitCode.OK;
    }

    /** Loads the model and makes its decisions (and scores) the audit's prediction (and score). */
    private dev.probity.core.model.Model useModel() {
        if (audit.prediction != null) {
            throw new InputException("--model and --prediction both say what the decision is; give one");
        }
        if (engine.equalsIgnoreCase("duckdb") || engine.equalsIgnoreCase("sql")) {
            throw new InputException("--model scores rows in memory; leave out --engine " + engine);
        }
        dev.probity.core.model.Model m = dev.probity.models.io.ModelFiles.load(model, null);
        audit.prediction = Audit.MODEL_PREDICTION;
        if (m.info().classes().size() == 2) {
            if (audit.score == null) {
                audit.score = Audit.MODEL_SCORE;
            }
            if (audit.predictionPositive == null) {
                audit.predictionPositive = m.info().classes().get(1);
            }
        }
        return m;
    }

    /** Whether the in-memory engine reads the file in chunks: a data file (not a bundled dataset) and a spec that allows it. */
    private boolean streams(Dataset ds, AuditSpec auditSpec) {
        if (ds != null || chunkBytes <= 0 || !Audit.streamable(auditSpec)) {
            return false;
        }
        Format f = input.format != null ? Format.parse(input.format) : Format.fromFileName(input.path());
        return f == Format.CSV || f == Format.TSV || f == Format.JSONL || f == Format.PARQUET;
    }

    private boolean useSql(Dataset ds, AuditSpec auditSpec) {
        String e = engine.toLowerCase(Locale.ROOT);
        switch (e) {
            case "memory" -> {
                return false;
            }
            case "duckdb", "sql" -> {
                if (ds != null) {
                    throw new InputException("the SQL engine reads files; give the file's path (the bundled files lie in data/"
                            + " of the Probity repository) or use --engine memory");
                }
                return true;
            }
            case "auto" -> {
                if (ds != null || input.trim) {
                    return false;
                }
                DataReader.checkReadable(input.path());
                Format f = input.format != null ? Format.parse(input.format) : Format.fromFileName(input.path());
                // text of any size streams through the in-memory engine, and what cannot stream goes to DuckDB when large;
                // large Parquet goes to DuckDB, which reads it far faster than rows fetched one by one over JDBC
                return input.fileSize() > 1_000_000_000L && !streams(ds, auditSpec)
                        || f == Format.PARQUET && input.fileSize() > 256_000_000L;
            }
            default -> throw new InputException("unknown engine '" + engine + "' (use auto, memory or duckdb)");
        }
    }

}
