package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.monitor.drift.Drift;
import dev.probity.monitor.drift.DriftTest;
import dev.probity.monitor.drift.DomainClassifier;
import dev.probity.monitor.drift.Mmd;
import dev.probity.monitor.drift.Multivariate;
import dev.probity.core.model.Trainer;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.xgboost.XgbTrainer;
import dev.probity.report.json.DriftJson;
import dev.probity.report.text.DriftText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code probity drift}: has the data moved since the reference? */
@Command(name = "drift", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare current data with a reference, column by column, with the tests and thresholds Evidently uses, so that "
            + "a team moving from Evidently gets the same verdicts: Kolmogorov-Smirnov, chi-square and the z-test for a reference of "
            + "1,000 rows or fewer, the normalized Wasserstein and Jensen-Shannon distances above that (by column type and distinct "
            + "values); or the test you name. The data drift when the share of drifting columns reaches --drift-share.",
            "",
            "Data quality is compared too: columns gone or new, values that changed kind, missing values, numbers outside the reference's "
                + "range, categories the reference never had, columns now holding one value, repeated rows.",
            "",
            "Statistics equal scipy's (ks_2samp, anderson_ksamp, cramervonmises_2samp, wasserstein_distance, energy_distance, jensenshannon, "
                + "entropy, chisquare, fisher_exact).",
            "",
            "--multivariate adds tests of the columns together: maximum mean discrepancy (Gretton et al. 2012) and a domain classifier."},
        footer = {"", "Examples:",
            "  probity drift --reference adult --current adult-test",
            "  probity drift --reference train.csv --current today.csv --columns age,income \\",
            "      --test psi --json drift.json",
            "  probity drift --reference adult --current adult-test --multivariate \\",
            "      --columns age,sex,hours_per_week",
            "", "Exit status: 0 success (with --fail-on-drift: the data did not drift), 1 --fail-on-drift and the data drifted, "
                + "2 bad input, 3 internal error."})
final class DriftCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--reference", required = true, paramLabel = "FILE|DATASET", description = "The reference data (what the model was built on).")
    String reference;
    @Option(names = "--current", required = true, paramLabel = "FILE|DATASET", description = "The current data.")
    String current;
    @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Columns to compare (default: every column both have).")
    List<String> columns;
    @Option(names = "--test", paramLabel = "TEST", description = "auto (default), ks, chisquare, z, fisher_exact, wasserstein, jensenshannon, psi, kl_div, ed, anderson or cramer_von_mises.")
    String test = "auto";
    @Option(names = "--threshold", paramLabel = "X", description = "The test's threshold (default: each test's own, as Evidently's).")
    Double threshold;
    @Option(names = "--drift-share", paramLabel = "S", description = "The share of drifting columns at which the data drift (default 0.5).")
    double driftShare = 0.5;
    @Option(names = "--multivariate", description = {"Also test the columns together: maximum mean discrepancy with a permutation test "
            + "(numbers as z-scores, categories one-hot), and a domain classifier that learns to tell current rows from reference rows "
            + "(ROC AUC with a DeLong interval, cross-fitted). Finds changes in how columns go together that no column shows alone."})
    boolean multivariate;
    @Option(names = "--classifier", paramLabel = "MODEL", description = "The domain classifier: xgboost (default; 50 rounds of depth 3), "
            + "logistic, or none.")
    String classifier = "xgboost";
    @Option(names = "--permutations", paramLabel = "N", description = "Relabellings of the MMD permutation test (default 500; p can be as small as 1/(N+1)).")
    int permutations = 500;
    @Option(names = "--mmd-rows", paramLabel = "N", description = "Rows drawn from each side for MMD, whose cost grows with the square (default 1000).")
    int mmdRows = 1000;
    @Option(names = "--seed", paramLabel = "N", description = "Seed of the multivariate tests' draws, permutations and folds (default 0).")
    long seed;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON (probity.drift/v1); '-' for standard output.")
    String json;
    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page: each column's score against its threshold, the table, data quality.")
    Path html;
    @Option(names = "--encoding", paramLabel = "CHARSET", description = "The files' text encoding (default UTF-8), e.g. ISO-8859-1.")
    String encoding;
    @Option(names = "--fail-on-drift", description = "Exit 1 when the data drifted (for CI and schedulers).")
    boolean failOnDrift;
    @CommandLine.Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!multivariate) {
            for (String o : List.of("--classifier", "--permutations", "--mmd-rows", "--seed")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new InputException(o + " sets the multivariate tests: add --multivariate");
                }
            }
        }
        DriftTest t = test.equalsIgnoreCase("auto") ? null : DriftTest.parse(test);
        Drift.Spec s = new Drift.Spec(columns, t, threshold == null ? Double.NaN : threshold, driftShare);
        try (OutputPlan outputs = OutputPlan.protecting(out, "reference", reference, "current", current)) {
            outputs.add("json", json).add("html", html);
            Frame ref = read(reference, "--reference", encoding);
            Frame cur = read(current, "--current", encoding);
            Drift.Report r = Drift.run(ref, cur, s);
            dev.probity.monitor.quality.DataQuality.Report q = dev.probity.monitor.quality.DataQuality.compare(
                    columns == null ? ref : only(ref, columns), columns == null ? cur : only(cur, columns));
            Multivariate.Report m = multivariate ? multivariate(ref, cur, r) : null;
            outputs.writeString("json", DriftJson.toString(r, q, m));
            outputs.writeString("html", dev.probity.report.html.DriftHtml.render(r, q, m));
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                out.print(DriftText.render(r));
                out.print(DriftText.quality(q));
                if (m != null) {
                    out.print(DriftText.multivariate(m));
                }
                out.flush();
            }
            boolean drifted = r.datasetDrift() || (m != null && m.drifted());
            return failOnDrift && drifted ? ExitCode.RULE_BROKEN : ExitCode.OK;
        }
    }

    private static Frame only(Frame f, List<String> names) {
        return new Frame(f.source(), names.stream().filter(f::has).map(f::column).toList());
    }

    /** MMD and the domain classifier over the columns the per-column tests compared. */
    private Multivariate.Report multivariate(Frame ref, Frame cur, Drift.Report r) {
        Trainer trainer = switch (classifier.toLowerCase(java.util.Locale.ROOT)) {
            case "xgboost" -> new PipelineTrainer(new XgbTrainer(50, 3, 0.3, 0, 1));
            case "logistic" -> new PipelineTrainer(LinearTrainer.logistic());
            case "none" -> null;
            default -> throw new InputException("--classifier " + classifier + ": use xgboost, logistic or none");
        };
        // every column asked for (or in common), whatever the per-column test could take
        List<String> cols = columns != null ? columns : ref.columnNames().stream().filter(cur::has).toList();
        Mmd.Settings ms = new Mmd.Settings(permutations, mmdRows, Double.NaN, 0.05, seed);
        DomainClassifier.Settings cs = new DomainClassifier.Settings(5, 10_000, 0.25, 0.95, seed);
        return Multivariate.run(ref, cur, cols, ms, trainer, cs);
    }

    static Frame read(String source, String option, String encoding) {
        if (Datasets.exists(source)) {
            return Datasets.load(source);
        }
        Path p = Path.of(source);
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new InputException(option + " " + source + ": no such file, and no bundled dataset of that name (see probity datasets)");
        }
        ReadOptions o = ReadOptions.defaults();
        if (encoding != null) {
            try {
                o.encoding(java.nio.charset.Charset.forName(encoding));
            } catch (IllegalArgumentException e) {
                throw new InputException("--encoding " + encoding + ": not an encoding this Java knows (e.g. UTF-8, ISO-8859-1, windows-1252)");
            }
        }
        return DataReader.read(p, o);
    }
}
