package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Dataset;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.AtomicFiles;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.Format;
import dev.probity.core.stats.MultipleTesting;
import dev.probity.fairness.audit.Audit;
import dev.probity.fairness.audit.AuditResult;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.audit.Roles;
import dev.probity.fairness.audit.Rules;
import dev.probity.fairness.stats.TaskKind;
import dev.probity.report.html.AuditHtml;
import dev.probity.report.json.AuditJson;
import dev.probity.report.text.AuditTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

    @Option(names = {"-l", "--label"}, paramLabel = "COL|EXPR", description = "The true outcome. Default for a bundled dataset: its label.")
    String label;

    @Option(names = {"-p", "--prediction"}, paramLabel = "COL|EXPR", description = "The model's decision, e.g. 'decile_score >= 5'.")
    String prediction;

    @Option(names = "--score", paramLabel = "COL|EXPR", description = "A score: ROC AUC, calibration, Brier, LL144 scoring rates; with --threshold, the prediction.")
    String score;

    @Option(names = "--threshold", paramLabel = "T", description = "Predict positive when score >= T.")
    Double threshold;

    @Option(names = "--positive", paramLabel = "VALUE", description = "The label value that counts as positive (the others are negative), e.g. '>50K'.")
    String positive;

    @Option(names = "--prediction-positive", paramLabel = "VALUE", description = "The prediction value that counts as positive, if not the label's.")
    String predictionPositive;

    @Option(names = "--unfavorable", description = "A positive prediction is bad for the person (flagged, denied); the four-fifths rule and LL144 then count negative predictions as the favourable decision.")
    boolean unfavorable;

    @Option(names = {"-g", "--protected"}, split = ",", paramLabel = "COL", description = "Protected attributes, comma-separated.")
    List<String> protectedAttributes;

    @Option(names = "--intersections", description = "Also audit every intersection of two or more protected attributes.")
    boolean intersections;

    @Option(names = {"-w", "--where"}, paramLabel = "EXPR", description = "Audit only rows where this SQL condition holds.")
    String where;

    @Option(names = "--preset", paramLabel = "NAME", description = "A bundled dataset's named filter, e.g. --data compas --preset propublica.")
    String preset;

    @Option(names = "--derive", paramLabel = "NAME=EXPR", description = "Add a column computed by SQL before auditing (repeatable), e.g. --derive \"age_band=CASE WHEN age < 25 THEN 'under 25' ELSE '25+' END\".")
    List<String> derive = new ArrayList<>();

    @Option(names = "--weight", paramLabel = "COL", description = "Row weights (non-negative).")
    String weight;

    @Option(names = "--task", paramLabel = "KIND", description = "binary (default), multiclass or regression.")
    String task = "binary";

    @Option(names = {"-r", "--reference"}, paramLabel = "[ATTR=]GROUP", description = "Reference (privileged) group; default: the largest group (repeatable, one per attribute).")
    List<String> references = new ArrayList<>();

    @Option(names = "--reference-rule", paramLabel = "RULE", description = "Where no reference is given: majority (the largest group, default) or min-metric (each metric against the group with its lowest value, as Aequitas offers).")
    String referenceRule = "majority";

    @Option(names = "--features", split = ",", paramLabel = "COL", description = "Feature columns for k-NN consistency (individual fairness).")
    List<String> features = new ArrayList<>();

    @Option(names = "--neighbors", paramLabel = "K", description = "Neighbours for consistency (default 5).")
    int neighbors = 5;

    @Option(names = "--strata", paramLabel = "COL", description = "Groups that condition Clarify's CDDL and CDDPL (e.g. department).")
    String strata;

    @Option(names = "--drop-missing", description = "Leave out rows whose label, prediction, score or weight is missing (default: fail).")
    boolean dropMissing;

    @Option(names = "--bootstrap", paramLabel = "N", description = "Bootstrap replicates for intervals of every metric (e.g. 1000).")
    int bootstrap;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the bootstrap (default 0); the same seed gives the same bytes.")
    long seed;

    @Option(names = "--confidence", paramLabel = "LEVEL", description = "Interval confidence level (default 0.95).")
    double confidence = 0.95;

    @Option(names = "--tolerance", paramLabel = "TAU", description = "Parity tolerance τ: a ratio in [τ, 1/τ] is parity (default 0.8).")
    double tolerance = 0.8;

    @Option(names = "--min-group-size", paramLabel = "N", description = "Flag groups with fewer rows (default 30).")
    int minGroupSize = 30;

    @Option(names = "--min-group-rows", paramLabel = "N", description = "Refuse groups with fewer rows (default 2).")
    int minGroupRows = 2;

    @Option(names = "--adjust", paramLabel = "METHOD", description = "p-value adjustment across comparisons: holm (default), bh or none.")
    String adjust = "holm";

    @Option(names = "--ge-alpha", paramLabel = "A", description = "α of the generalized entropy index (repeatable; default 2).")
    List<Double> alphas = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "ENGINE", description = "memory, duckdb (SQL pushed into DuckDB; for files larger than memory) or auto (default: duckdb above 1 GB).")
    String engine = "auto";

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON (schema probity.audit/v1); '-' for standard output.")
    String json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report.")
    Path html;

    @Option(names = "--fail-on", paramLabel = "RULE", description = "Exit 1 when a rule is broken (repeatable): four-fifths, METRIC<VALUE or METRIC>VALUE (e.g. disparate_impact<0.8, demographic_parity_difference>0.1), parity:METRIC, significant:METRIC.")
    List<String> failOn = new ArrayList<>();

    @Option(names = "--subjects", paramLabel = "NOUN", description = "What the rows are, for findings (default: rows; compas: defendants).")
    String subjects;

    @Option(names = "--outcome", paramLabel = "PHRASE", description = "What a positive prediction means, for findings (default: predicted positive).")
    String outcome;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the table.")
    boolean quiet;

    @Option(names = "--stats", hidden = true, description = "Print phase times and peak heap to standard error (benchmarks).")
    boolean stats;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String rule : failOn) {
            Rules.validate(rule);
        }
        Dataset ds = input.dataset();
        AuditSpec auditSpec = buildSpec(ds);
        List<String> warnings = new ArrayList<>();
        boolean toStdout = "-".equals(json);
        java.util.function.Consumer<String> warn = w -> {
            warnings.add(w);
            if (!quiet || toStdout) {
                err.println("warning: " + w);
            }
        };
        AuditResult result;
        long t0 = System.nanoTime();
        long t1;
        if (useSql(ds)) {
            result = dev.probity.sql.SqlAudit.run(input.path(), input.readOptions(w -> { }), auditSpec, warn);
            t1 = System.nanoTime();
        } else {
            Frame frame = input.read(Roles.columnsNeeded(auditSpec), warn, true);
            t1 = System.nanoTime();
            result = Audit.run(frame, auditSpec, warn);
        }
        long t2 = System.nanoTime();
        if (!failOn.isEmpty()) {
            result = result.withRules(Rules.check(result, failOn));
        }
        write(result, out);
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
            if (json != null) {
                out.println("JSON: " + Path.of(json).toAbsolutePath().normalize());
            }
            if (html != null) {
                out.println("HTML report: " + html.toAbsolutePath().normalize());
            }
            out.flush();
        }
        boolean broken = result.rules().stream().anyMatch(r -> !r.passed());
        if (broken && quiet) {
            for (AuditResult.RuleOutcome r : result.rules()) {
                if (!r.passed()) {
                    err.println("rule broken: " + r.rule() + " — " + r.detail());
                }
            }
        }
        return broken ? ExitCode.RULE_BROKEN : ExitCode.OK;
    }

    private void write(AuditResult result, PrintWriter out) {
        if (json != null) {
            if (json.equals("-")) {
                out.print(AuditJson.toString(result));
                out.flush();
            } else {
                AtomicFiles.write(Path.of(json), o -> AuditJson.write(result, o));
            }
        }
        if (html != null) {
            String page = AuditHtml.render(result);
            AtomicFiles.write(html, o -> o.write(page.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private boolean useSql(Dataset ds) {
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
                return input.fileSize() > 1_000_000_000L || (f == Format.PARQUET && input.fileSize() > 256_000_000L);
            }
            default -> throw new InputException("unknown engine '" + engine + "' (use auto, memory or duckdb)");
        }
    }

    AuditSpec buildSpec(Dataset ds) {
        AuditSpec.Builder b = AuditSpec.builder();
        String lbl = label;
        String pred = prediction;
        List<String> prot = protectedAttributes;
        String pos = positive;
        if (ds != null) {
            if (lbl == null) {
                lbl = ds.label();
                if (pos == null) {
                    pos = ds.positive();
                }
            }
            if (pred == null && score == null) {
                pred = ds.prediction();
            }
            if (prot == null || prot.isEmpty()) {
                prot = ds.protectedAttributes();
            }
        }
        if (lbl == null) {
            throw new InputException("--label is required: the column (or SQL expression) with the true outcome");
        }
        if (prot == null || prot.isEmpty()) {
            throw new InputException("--protected is required: the column(s) holding the protected attribute(s)");
        }
        b.label(lbl).prediction(pred).score(score).threshold(threshold).positive(pos).predictionPositive(predictionPositive)
                .protectedAttributes(prot).intersections(intersections).weight(weight).features(features).neighbours(neighbors)
                .strata(strata).dropMissing(dropMissing).bootstrap(bootstrap).seed(seed).confidence(confidence)
                .tolerance(tolerance).minGroupSize(minGroupSize).minGroupRows(minGroupRows).threads(input.threads)
                .positiveFavorable(!unfavorable);
        try {
            b.task(TaskKind.valueOf(task.toUpperCase(Locale.ROOT)));
            b.adjust(MultipleTesting.Method.parse(adjust));
            b.referenceRule(AuditSpec.ReferenceRule.parse(referenceRule));
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage().startsWith("No enum") ? "unknown task '" + task
                    + "' (use binary, multiclass or regression)" : e.getMessage());
        }
        if (!alphas.isEmpty()) {
            b.entropyAlphas(alphas);
        }
        String filter = where;
        if (preset != null) {
            if (ds == null || !ds.presets().containsKey(preset)) {
                throw new InputException("no preset '" + preset + "'" + (ds == null ? " (presets belong to bundled datasets)"
                        : " for " + ds.name() + "; presets: " + String.join(", ", ds.presets().keySet())));
            }
            String p = ds.presets().get(preset);
            filter = filter == null ? p : "(" + p + ") AND (" + filter + ")";
        }
        b.where(filter);
        for (String d : derive) {
            int eq = d.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--derive needs NAME=EXPRESSION, got '" + d + "'");
            }
            b.derive(d.substring(0, eq).trim(), d.substring(eq + 1).trim());
        }
        for (String r : references) {
            int eq = r.indexOf('=');
            if (eq > 0) {
                b.reference(r.substring(0, eq).trim(), r.substring(eq + 1).trim());
            } else if (prot.size() == 1) {
                b.reference(prot.get(0), r.trim());
            } else {
                throw new InputException("--reference " + r + ": with several protected attributes, say which: --reference ATTR=GROUP");
            }
        }
        b.subjects(subjects != null ? subjects : ds != null && label == null ? ds.subjects() : "rows");
        b.outcome(outcome != null ? outcome : ds != null && label == null && prediction == null ? ds.outcome() : "predicted positive");
        if (ds != null && label == null && prediction == null && !unfavorable) {
            b.positiveFavorable(ds.positiveFavorable());
        }
        return b.build();
    }
}
