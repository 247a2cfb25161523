package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.DataFingerprint;
import dev.probity.fairness.data.DataAudit;
import dev.probity.fairness.data.DataAuditResult;
import dev.probity.fairness.data.DataAuditSpec;
import dev.probity.fairness.data.DataRules;
import dev.probity.fairness.data.Population;
import dev.probity.mitigation.pre.Rebalancing;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.report.html.DataAuditHtml;
import dev.probity.report.json.DataAuditJson;
import dev.probity.report.json.RebalanceJson;
import dev.probity.report.text.DataAuditText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code probity data-audit}: bias in the data before any model — representation, label gaps, missingness, proxies. */
@Command(name = "data-audit", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {
            "Examine a dataset for bias before a model is trained (EU AI Act Art. 10(2)(f)-(g)): does it represent the "
                + "population it will serve, do labels and missing values differ by group, and which features stand in for a "
                + "protected attribute? Optionally resample it to the population's shares.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  # Adult: proxies of sex, label gaps, race and sex against the 1990 census",
            "  probity data-audit --data adult --protected sex,race \\",
            "      --label income --positive '>50K' \\",
            "      --population data/reference/us-census-1990.csv --html adult-data.html",
            "",
            "  # Is the gap explained by a legitimate factor? Gaps within education",
            "  probity data-audit --data adult --protected sex \\",
            "      --label income --positive '>50K' --strata education",
            "",
            "  # A CI gate, and a resampled copy with the population's shares",
            "  probity data-audit --data adult --protected sex \\",
            "      --population data/reference/us-census-1990.csv \\",
            "      --fail-on 'representation<0.8' --rebalance under --out balanced.csv",
            "",
            "The population table is a CSV with the columns attribute,group,share (and optionally source); shares may be",
            "fractions, percentages or counts. Intersections: attribute 'race&sex', group 'Black & Female'.",
            "",
            "Exit status: 0 success, 1 a --fail-on rule is broken, 2 bad input (nothing written), 3 internal error."
        })
final class DataAuditCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions input = new DataOptions();

    @Mixin
    LedgerOption evidence = new LedgerOption();

    @Option(names = "--protected", required = true, split = ",", paramLabel = "COL", description = "Protected attributes (comma-separated), e.g. sex,race.")
    List<String> protectedAttributes;

    @Option(names = "--intersections", description = "Also examine every intersection of two or more protected attributes (representation and label gaps).")
    boolean intersections;

    @Option(names = "--label", paramLabel = "COL", description = "The label: base rates per group, and gaps between groups.")
    String label;

    @Option(names = "--positive", paramLabel = "VALUE", description = "The label value that counts as positive, e.g. '>50K' (needed for text labels).")
    String positive;

    @Option(names = "--strata", paramLabel = "COL", description = "A legitimate factor (qualification, department): label gaps are also measured within its strata.")
    String strata;

    @Option(names = "--features", split = ",", paramLabel = "COL", description = "Features to test as proxies (default: every column but the protected ones and the label).")
    List<String> features = new ArrayList<>();

    @Option(names = "--population", paramLabel = "FILE", description = "The reference population: CSV with attribute,group,share[,source].")
    Path population;

    @Option(names = "--tolerance", paramLabel = "R", description = "Under-represented: share below R x the population share (default 0.8).")
    double tolerance = 0.8;

    @Option(names = "--confidence", paramLabel = "LEVEL", description = "Interval confidence level (default 0.95).")
    double confidence = 0.95;

    @Option(names = "--min-group-size", paramLabel = "N", description = "Flag groups with fewer rows (default 30).")
    int minGroupSize = 30;

    @Option(names = "--folds", paramLabel = "K", description = "Folds of the held-out proxy AUCs (default 5).")
    int folds = 5;

    @Option(names = "--bins", paramLabel = "N", description = "Quantile bins of a numeric feature for the proxy measures (default 10).")
    int bins = 10;

    @Option(names = "--proxy-model", paramLabel = "MODEL", description = "The model on all features together: logistic (default) or none.")
    String proxyModel = "logistic";

    @Option(names = "--proxy-model-rows", paramLabel = "N", description = "Rows that model is cross-validated on at most (a seeded sample; default 100000).")
    int proxyModelRows = 100_000;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the folds, samples and resampling (default 0); the same seed gives the same bytes.")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON (schema probity.data-audit/v1); '-' for standard output.")
    String json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report with charts.")
    Path html;

    @Option(names = "--fail-on", paramLabel = "RULE", description = "Exit 1 when a rule is broken (repeatable): representation<R, base_rate_difference>X, "
            + "conditional_gap>X, missing_share_difference>X, missingness, proxy_auc>X, joint_auc>X.")
    List<String> failOn = new ArrayList<>();

    @Option(names = "--rebalance", paramLabel = "MODE", description = "Resample the data to target shares: under (drop rows), over (duplicate rows) or stratified (a sample of --rebalance-size).")
    String rebalance;

    @Option(names = "--rebalance-to", paramLabel = "TARGET", description = "population (default when --population gives the attribute) or equal.")
    String rebalanceTo;

    @Option(names = "--rebalance-attribute", paramLabel = "COL", description = "The attribute to rebalance (default: the first protected attribute).")
    String rebalanceAttribute;

    @Option(names = "--rebalance-size", paramLabel = "N", description = "Rows of a stratified sample (default: as many as the data).")
    Integer rebalanceSize;

    @Option(names = "--out", paramLabel = "FILE", description = "Where the rebalanced data go (CSV, TSV, JSON lines or Parquet by the name; '-' for CSV on standard output); its provenance goes beside it as FILE.provenance.json.")
    String out;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the report.")
    boolean quiet;

    @Option(names = "--stats", hidden = true, description = "Print phase times to standard error (benchmarks).")
    boolean stats;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String rule : failOn) {
            DataRules.validate(rule);
        }
        Rebalancing.Mode mode = rebalance == null ? null : Rebalancing.Mode.parse(rebalance);
        if (mode == null && (out != null || rebalanceTo != null || rebalanceAttribute != null || rebalanceSize != null)) {
            throw new InputException("--out, --rebalance-to, --rebalance-attribute and --rebalance-size go with --rebalance");
        }
        if (mode != null && out == null) {
            throw new InputException("--rebalance needs --out FILE for the rebalanced data");
        }
        if (rebalanceSize != null && rebalanceSize < 1) {
            throw new InputException("--rebalance-size must be at least 1; got " + rebalanceSize);
        }
        if (rebalanceSize != null && mode != Rebalancing.Mode.STRATIFIED) {
            throw new InputException("--rebalance-size goes with --rebalance stratified; under and over sampling decide the size themselves");
        }
        if (rebalanceAttribute != null && !protectedAttributes.contains(rebalanceAttribute)) {
            throw new InputException("--rebalance-attribute must be one of the protected attributes " + protectedAttributes + "; got '"
                    + InputException.shown(rebalanceAttribute) + "'");
        }
        try (OutputPlan outputs = OutputPlan.protecting(stdout, "data", input.data, "population", population)) {
            outputs.add("json", json).add("html", html).add("out", out);
            if (out != null && !out.equals("-")) {
                outputs.add("provenance", Path.of(out + ".provenance.json"));
            } else if ("-".equals(out)) {
                err.println("warning: the rebalanced data go to standard output, so their provenance (FILE.provenance.json) is not written");
            }
            return run(outputs, mode, stdout, err);
        }
    }

    private int run(OutputPlan outputs, Rebalancing.Mode mode, PrintWriter stdout, PrintWriter err) {
        boolean toStdout = outputs.usesStdout();
        Consumer<String> warn = w -> {
            if (!quiet || toStdout) {
                err.println("warning: " + w);
            }
        };
        // the population table is read with the data's --encoding (its other reading options describe the data)
        Population pop = population == null ? null : Population.read(population, input.sideFileOptions());
        long t0 = System.nanoTime();
        Frame frame = input.readSelected(warn);
        long t1 = System.nanoTime();
        DataAuditSpec.Builder b = DataAuditSpec.builder().protectedAttributes(protectedAttributes).intersections(intersections)
                .label(label).positive(positive).strata(strata).features(features).population(pop).tolerance(tolerance)
                .confidence(confidence).minGroupSize(minGroupSize).folds(folds).bins(bins).proxyModelRows(proxyModelRows).seed(seed);
        switch (proxyModel.toLowerCase(Locale.ROOT)) {
            case "logistic" -> b.proxyModel(new PipelineTrainer(LinearTrainer.logistic()));
            case "none" -> b.proxyModel(null);
            default -> throw new InputException("unknown proxy model '" + proxyModel + "' (use logistic or none)");
        }
        DataAuditResult result = DataAudit.run(frame, b.build(), warn);
        if (!failOn.isEmpty()) {
            result = result.withRules(DataRules.check(result, failOn));
        }
        long t2 = System.nanoTime();
        DataAuditResult done = result;
        outputs.write("json", o -> DataAuditJson.write(done, o));
        if (evidence.recording()) {
            evidence.result = DataAuditJson.toString(done);
        }
        if (outputs.has("html")) {
            outputs.writeString("html", DataAuditHtml.render(done));
        }
        Rebalancing.Result rb = null;
        if (mode != null) {
            rb = rebalance(frame, pop, mode);
            Frame balanced = frame.select(rb.rows());
            outputs.writeFrame("out", balanced);
            Rebalancing.Result r = rb;
            outputs.writeString("provenance", RebalanceJson.toString(r, rebalanceAttribute(), DataFingerprint.of(frame),
                    DataFingerprint.of(new Frame(Path.of(out).getFileName().toString(), balanced.columns())),
                    Path.of(out).getFileName().toString()));
        }
        outputs.commit();
        if (stats) {
            err.printf(Locale.ROOT, "stats: read %.0f ms, report %.0f ms, since JVM start %d ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
            err.flush();
        }
        if (!quiet && !toStdout) {
            stdout.print(DataAuditText.render(result));
            if (rb != null) {
                stdout.printf(Locale.ROOT, "Rebalanced (%s, %s shares of %s): %s -> %s rows%s%n", rb.mode().name().toLowerCase(Locale.ROOT),
                        rebalanceTargetName(pop), rebalanceAttribute(), describe(rb.before()), describe(rb.after()),
                        rb.duplicates() > 0 ? String.format(Locale.ROOT, "; %,d rows are duplicates", rb.duplicates()) : "; no row duplicated");
            }
            for (String setting : List.of("json", "html", "out", "provenance")) {
                if (outputs.shown(setting) != null) {
                    stdout.println(switch (setting) {
                        case "json" -> "JSON: ";
                        case "html" -> "HTML report: ";
                        case "out" -> "Rebalanced data: ";
                        default -> "Its provenance: ";
                    } + outputs.shown(setting));
                }
            }
            stdout.flush();
        }
        boolean broken = result.rules().stream().anyMatch(r -> !r.passed());
        if (broken && (quiet || toStdout)) {
            for (DataAuditResult.RuleOutcome r : result.rules()) {
                if (!r.passed()) {
                    err.println("rule broken: " + r.rule() + " — " + r.detail());
                }
            }
        }
        return broken ? ExitCode.RULE_BROKEN : ExitCode.OK;
    }

    private String rebalanceAttribute() {
        return rebalanceAttribute != null ? rebalanceAttribute : protectedAttributes.get(0);
    }

    private String rebalanceTargetName(Population pop) {
        if (rebalanceTo != null) {
            return rebalanceTo.toLowerCase(Locale.ROOT);
        }
        return pop != null && pop.of(rebalanceAttribute()) != null ? "population" : "equal";
    }

    private Rebalancing.Result rebalance(Frame frame, Population pop, Rebalancing.Mode mode) {
        String attr = rebalanceAttribute();
        Map<String, Double> targets;
        switch (rebalanceTargetName(pop)) {
            case "population" -> {
                if (pop == null || !frame.has(attr) || pop.of(frame.resolve(attr)) == null) {
                    throw new InputException("--rebalance-to population needs --population with shares of '" + attr + "'");
                }
                targets = pop.of(frame.resolve(attr));
            }
            case "equal" -> targets = null;
            default -> throw new InputException("unknown --rebalance-to '" + rebalanceTo + "' (use population or equal)");
        }
        return Rebalancing.rebalance(frame, attr, targets, mode, label, rebalanceSize == null ? 0 : rebalanceSize, seed);
    }

    private static String describe(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %,d", k, v)));
        return String.join(", ", parts);
    }
}
