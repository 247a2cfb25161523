package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.monitor.drift.Drift;
import dev.probity.monitor.drift.DriftTest;
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
                + "entropy, chisquare)."},
        footer = {"", "Examples:",
            "  probity drift --reference adult --current adult-test",
            "  probity drift --reference train.csv --current today.csv --columns age,income \\",
            "      --test psi --json drift.json",
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
    @Option(names = "--test", paramLabel = "TEST", description = "auto (default), ks, chisquare, z, wasserstein, jensenshannon, psi, kl_div, ed, anderson or cramer_von_mises.")
    String test = "auto";
    @Option(names = "--threshold", paramLabel = "X", description = "The test's threshold (default: each test's own, as Evidently's).")
    Double threshold;
    @Option(names = "--drift-share", paramLabel = "S", description = "The share of drifting columns at which the data drift (default 0.5).")
    double driftShare = 0.5;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON (probity.drift/v1); '-' for standard output.")
    String json;
    @Option(names = "--encoding", paramLabel = "CHARSET", description = "The files' text encoding (default UTF-8), e.g. ISO-8859-1.")
    String encoding;
    @Option(names = "--fail-on-drift", description = "Exit 1 when the data drifted (for CI and schedulers).")
    boolean failOnDrift;
    @CommandLine.Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DriftTest t = test.equalsIgnoreCase("auto") ? null : DriftTest.parse(test);
        Drift.Spec s = new Drift.Spec(columns, t, threshold == null ? Double.NaN : threshold, driftShare);
        try (OutputPlan outputs = OutputPlan.protecting(out, "reference", reference, "current", current)) {
            outputs.add("json", json);
            Frame ref = read(reference, "--reference", encoding);
            Frame cur = read(current, "--current", encoding);
            Drift.Report r = Drift.run(ref, cur, s);
            dev.probity.monitor.quality.DataQuality.Report q = dev.probity.monitor.quality.DataQuality.compare(ref, cur);
            outputs.writeString("json", DriftJson.toString(r, q));
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                out.print(DriftText.render(r));
                out.print(DriftText.quality(q));
                out.flush();
            }
            return failOnDrift && r.datasetDrift() ? ExitCode.RULE_BROKEN : ExitCode.OK;
        }
    }

    private static Frame read(String source, String option, String encoding) {
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
