package dev.probity.cli;

import dev.probity.core.frame.Frame;
import dev.probity.privacy.anonymize.risk.ReidentificationRisk;
import dev.probity.privacy.anonymize.risk.RiskReport;
import dev.probity.privacy.anonymize.risk.RiskSettings;
import dev.probity.report.json.AnonymizationJson;
import dev.probity.report.text.AnonymizationText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity risk}: how easily can the people in a table be re-identified? */
@Command(name = "risk", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate how easily the people in a table can be re-identified from the columns an attacker may know "
            + "(the quasi-identifiers), under three attacker models:",
            "",
            "  prosecutor  knows the person is in the table: risk 1 / the size of their group",
            "  journalist  does not know, and links against the population (--population; else the table itself)",
            "  marketer    re-identifies as many people as possible: the expected share matched",
            "",
            "The report gives each model's average and highest risk, the share of records above --risk-threshold, the "
                + "sample uniques, and with --sampling-fraction the share of the population estimated to be unique "
                + "(Pitman's, Zayatz's and the SNB model, as ARX has them)."},
        footer = {"", "Examples:",
            "  probity risk --data data/anonymization/patients.csv \\",
            "      --quasi-identifiers age,sex,zip",
            "  probity risk --data release.csv --quasi-identifiers age,sex,zip \\",
            "      --sampling-fraction 0.01 --json risk.json",
            "", "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
final class RiskCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DataOptions data = new DataOptions();
    @Option(names = "--quasi-identifiers", required = true, split = ",", paramLabel = "COL",
            description = "The columns an attacker may know (comma-separated).")
    List<String> quasiIdentifiers;
    @Option(names = "--population", paramLabel = "FILE|DATASET", description = "The population the table was drawn from, with the "
            + "same columns, for the journalist model (read like --data).")
    String population;
    @Option(names = "--risk-threshold", paramLabel = "P", description = "A record is at risk above this re-identification "
            + "probability (default 0.2).")
    double riskThreshold = 0.2;
    @Option(names = "--sampling-fraction", paramLabel = "F", description = "The share of the population in the table, for the "
            + "population-uniqueness estimates.")
    Double samplingFraction;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON (probity.risk/v1); '-' for standard output.")
    String json;
    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page of the report.")
    java.nio.file.Path html;
    @CommandLine.Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (OutputPlan outputs = OutputPlan.protecting(out, "data", data.data, "population", population)) {
            outputs.add("json", json).add("html", html);
            Frame frame = data.readSelected(w -> err.println("probity: warning: " + w));
            Frame pop = population == null ? null : data.readOther(population, w -> err.println("probity: warning: " + w));
            RiskReport r = ReidentificationRisk.of(frame, quasiIdentifiers,
                    new RiskSettings(riskThreshold, samplingFraction == null ? Double.NaN : samplingFraction, pop));
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("data", data.data);
            settings.put("population", population);
            outputs.writeString("json", AnonymizationJson.risk(settings, r));
            outputs.writeString("html", dev.probity.report.html.AnonymizationHtml.risk(data.data, r));
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                out.print(AnonymizationText.risk(r));
                out.flush();
            }
            return ExitCode.OK;
        }
    }
}
