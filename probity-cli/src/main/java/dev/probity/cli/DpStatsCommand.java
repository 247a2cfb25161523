package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.stats.PrivateStats;
import dev.probity.privacy.stats.PrivateStatsResult;
import dev.probity.privacy.stats.Statistic;
import dev.probity.privacy.stats.StatsSettings;
import dev.probity.report.json.PrivacyJson;
import dev.probity.report.text.PrivacyText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code probity dp stats}: differentially private counts, sums, means, variances and quantiles per group. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Release statistics of a column per group with differential privacy: counts, sums, means and variances "
            + "with exact discrete Laplace noise and an interval for the noise, quantiles by the exponential mechanism with a "
            + "bound on their rank error.",
            "",
            "Sums, means, variances and quantiles need --bounds: values are clamped to them, and they are declared, never taken "
                + "from the data (the largest value would give its owner away). Without --keys the groups present in the data "
                + "are private too, chosen by partition selection, which needs --delta: a group of one person is then almost "
                + "never shown. With --unit, one person's rows are bounded to --max-groups groups and --max-rows rows in each."},
        footer = {"", "Examples:",
            "  probity dp stats --data adult --by sex --value hours_per_week \\",
            "      --statistics count,mean --quantiles 0.5 --bounds 0:100 \\",
            "      --epsilon 1 --keys Female,Male",
            "  probity dp stats --data adult --by native_country --epsilon 0.5 \\",
            "      --delta 1e-6 --budget adult.budget --json -",
            "", "Exit status: 0 success, 2 bad input (or a budget that cannot pay), 3 internal error."})
final class DpStatsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    DataOptions data;
    @Option(names = "--by", required = true, paramLabel = "COL", description = "The column whose values are the groups.")
    String by;
    @Option(names = "--value", paramLabel = "COL", description = "The numeric column summed, averaged or whose quantiles are taken.")
    String value;
    @Option(names = "--statistics", split = ",", paramLabel = "NAME",
            description = "count, sum, mean, variance (comma-separated; default: count, and mean with --value).")
    List<String> statistics;
    @Option(names = "--quantiles", split = ",", paramLabel = "P", description = "Quantiles' probabilities in [0, 1], e.g. 0.25,0.5,0.75.")
    List<Double> quantiles = List.of();
    @Option(names = "--bounds", paramLabel = "LO:HI", description = "The clamping bounds of --value, declared (e.g. 0:100).")
    String bounds;
    @Option(names = "--epsilon", required = true, paramLabel = "E", description = "ε of the whole release, split evenly over its noisy quantities.")
    double epsilon;
    @Option(names = "--delta", paramLabel = "D", description = "δ, needed when the groups are private (no --keys); default 0.")
    double delta;
    @Option(names = "--keys", split = ",", paramLabel = "KEY",
            description = "The groups, declared (public): exactly these are released, empty ones included; rows in others are left out.")
    List<String> keys;
    @Option(names = "--unit", paramLabel = "COL", description = "The column naming a person who may have several rows (default: each row).")
    String unit;
    @Option(names = "--max-groups", paramLabel = "N", description = "With --unit: the most groups one person counts in (default 1).")
    int maxGroups = 1;
    @Option(names = "--max-rows", paramLabel = "N", description = "With --unit: the most rows of one person in a group (default 1).")
    int maxRows = 1;
    @Option(names = "--level", paramLabel = "L", description = "The level of the noise intervals and rank bounds (default 0.95).")
    double level = 0.95;
    @Option(names = "--budget", paramLabel = "FILE", description = "Debit the release from this budget (probity dp budget create) first.")
    Path budget;
    @Option(names = "--who", paramLabel = "NAME", description = "Who asks, for the budget's record (default: the user name).")
    String who;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the release as JSON (probity.dp-stats/v1); '-' for standard output.")
    String json;
    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (unit == null && (maxGroups != 1 || maxRows != 1)) {
            throw new InputException("--max-groups and --max-rows bound one person's rows: add --unit COL");
        }
        if (who != null && budget == null) {
            throw new InputException("--who names who asks for the budget's record: add --budget FILE");
        }
        EnumSet<Statistic> wanted = EnumSet.noneOf(Statistic.class);
        List<String> names = statistics != null ? statistics : quantiles.isEmpty() ? (value == null ? List.of("count") : List.of("count", "mean"))
                : List.of();
        for (String n : names) {
            try {
                wanted.add(Statistic.valueOf(n.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InputException("--statistics " + n + ": not a statistic; give count, sum, mean or variance");
            }
        }
        StatsSettings s = StatsSettings.of(epsilon).withDelta(delta).withLevel(level);
        if (bounds != null) {
            s = s.withBounds(bound(0), bound(1));
        }
        if (unit != null) {
            s = s.withUnit(unit, maxGroups, maxRows);
        }
        if (keys != null) {
            s = s.withKeys(keys);
        }
        double[] ps = quantiles.stream().mapToDouble(Double::doubleValue).toArray();
        try (OutputPlan outputs = OutputPlan.protecting(out, "data", data.data, "budget", budget)) {
            outputs.add("json", json);
            Frame f = data.readSelected(w -> err.println("probity: warning: " + w));
            PrivateStatsResult r;
            if (budget != null) {
                String asker = who != null ? who : System.getProperty("user.name", "unknown");
                PrivacyBudget.Released<PrivateStatsResult> released = PrivateStats.describe(f, by, value, wanted, ps, s, PrivacyBudget.open(budget), asker);
                r = released.result();
                if (!quiet.quiet && !outputs.usesStdout()) {
                    PrivateAuditRun.printDebit(err, budget, released);
                }
            } else {
                r = PrivateStats.describe(f, by, value, wanted, ps, s);
            }
            outputs.writeString("json", PrivacyJson.privateStats(f.source(), by, value, r));
            outputs.commit();
            if (!quiet.quiet && !outputs.usesStdout()) {
                out.print(PrivacyText.privateStats(f.source(), by, value, r));
                out.flush();
            }
            return ExitCode.OK;
        }
    }

    private double bound(int i) {
        int colon = bounds.indexOf(':', 1); // a leading '-' is a sign, so the separator is the first ':' after it
        if (colon < 0 || bounds.indexOf(':', colon + 1) >= 0) {
            throw new InputException("--bounds " + bounds + ": give LO:HI, e.g. 0:100");
        }
        String part = i == 0 ? bounds.substring(0, colon) : bounds.substring(colon + 1);
        try {
            return Double.parseDouble(part.trim());
        } catch (NumberFormatException e) {
            throw new InputException("--bounds " + bounds + ": '" + part + "' is not a number; give LO:HI, e.g. 0:100");
        }
    }
}
