package dev.probity.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of a private audit ({@code probity audit --privacy-epsilon}). */
final class PrivacyOptions {
    @Option(names = "--privacy-epsilon", paramLabel = "E", description = "Release the audit with differential privacy at this ε: the group "
            + "statistics get exact discrete noise once, and every rate and interval (sampling and noise) comes from the noisy counts.")
    Double epsilon;
    @Option(names = "--privacy-delta", paramLabel = "D", description = "With a δ, the noise is discrete Gaussian (default: δ = 0, discrete Laplace).")
    double delta;
    @Option(names = "--privacy-unit", paramLabel = "COL", description = "The column that identifies a person: at most one row per person is kept.")
    String unit;
    @Option(names = "--privacy-budget", paramLabel = "FILE", description = "Debit the release from this budget (probity dp budget create) first.")
    Path budget;
    @Option(names = "--privacy-who", paramLabel = "NAME", description = "Who asks, for the budget's record (default: the user name).")
    String who;
}
