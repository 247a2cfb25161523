package dev.probity.cli;

import dev.probity.core.InputException;
import dev.probity.privacy.accounting.Guarantee;
import dev.probity.privacy.accounting.Prv;
import dev.probity.privacy.accounting.Rdp;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.privacy.mechanism.AnalyticGaussian;
import dev.probity.privacy.mechanism.GaussianMechanism;
import dev.probity.privacy.mechanism.LaplaceMechanism;
import dev.probity.report.json.PrivacyJson;
import dev.probity.report.text.PrivacyText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code probity dp}: differential privacy — accounts, calibration, budgets. */
@Command(name = "dp", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {DpCommand.Account.class, DpCommand.Calibrate.class, DpCommand.Budget.class, DpStatsCommand.class},
        description = {"Differential privacy: what a sequence of noisy steps spends (account), how much noise a target needs (calibrate), "
            + "a dataset's budget that every release is debited from before its result exists (budget), and private counts, means "
            + "and quantiles per group (stats)."},
        footer = {"", "Examples:",
            "  probity dp account --sample-rate 0.04 --noise-multiplier 1.5 --steps 2250 \\",
            "      --delta 1e-5",
            "  probity dp calibrate --mechanism gaussian --epsilon 1 --delta 1e-5 --sensitivity 1",
            "  probity dp budget create --file compas.budget --dataset compas --epsilon 3",
            "  probity dp budget show --file compas.budget",
            "  probity dp stats --data compas --by race --epsilon 1 --delta 1e-6",
            "", "Exit status: 0 success, 2 bad input, 3 internal error."})
final class DpCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "account", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The ε spent by T steps of the Poisson-subsampled Gaussian mechanism (DP-SGD's), at a δ: by Rényi DP over "
                + "Opacus's orders and its conversion (Balle et al. 2020), with the best order; or by the numerical PRV accountant "
                + "(Gopi, Lee & Wutschitz 2021), with a lower and an upper bound — the upper is the one to spend."})
    static final class Account implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();
        @Option(names = "--mechanism", paramLabel = "NAME", description = "subsampled-gaussian (default) or gaussian (every step sees all rows).")
        String mechanism = "subsampled-gaussian";
        @Option(names = "--sample-rate", paramLabel = "Q", description = "The chance each row is in a step (Poisson sampling); 1 for gaussian.")
        Double sampleRate;
        @Option(names = "--noise-multiplier", required = true, paramLabel = "S", description = "The noise's standard deviation over the clipping norm.")
        double noiseMultiplier;
        @Option(names = "--steps", required = true, paramLabel = "T", description = "Steps composed.")
        long steps;
        @Option(names = "--delta", required = true, paramLabel = "D", description = "The δ at which ε is reported.")
        double delta;
        @Option(names = "--accountant", paramLabel = "rdp|prv", description = "rdp (default) or prv.")
        String accountant = "rdp";
        @Option(names = "--json", paramLabel = "FILE", description = "Write the account as JSON (probity.dp-account/v1); '-' for standard output.")
        String json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            double q = switch (mechanism.toLowerCase(Locale.ROOT)) {
                case "subsampled-gaussian" -> {
                    if (sampleRate == null) {
                        throw new InputException("--sample-rate is required for subsampled-gaussian (the chance a row is in a step)");
                    }
                    yield sampleRate;
                }
                case "gaussian" -> {
                    if (sampleRate != null && sampleRate != 1) {
                        throw new InputException("--sample-rate " + sampleRate + ": the gaussian mechanism sees every row (use subsampled-gaussian)");
                    }
                    yield 1.0;
                }
                default -> throw new InputException("--mechanism " + mechanism + ": use subsampled-gaussian or gaussian");
            };
            Guarantee g = switch (accountant.toLowerCase(Locale.ROOT)) {
                case "rdp" -> Rdp.sampledGaussian(q, noiseMultiplier).times(steps).epsilon(delta);
                case "prv" -> Prv.sampledGaussian(q, noiseMultiplier, steps).epsilon(delta);
                default -> throw new InputException("--accountant " + accountant + ": use rdp or prv");
            };
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("mechanism", mechanism);
            inputs.put("sample_rate", q);
            inputs.put("noise_multiplier", noiseMultiplier);
            inputs.put("steps", steps);
            inputs.put("delta", delta);
            inputs.put("accountant", accountant.toLowerCase(Locale.ROOT));
            try (OutputPlan outputs = OutputPlan.protecting(out)) {
                outputs.add("json", json);
                outputs.writeString("json", PrivacyJson.account(inputs, g));
                outputs.commit();
                if (!outputs.usesStdout() && !quiet.quiet) {
                    out.print(PrivacyText.account(String.format(Locale.ROOT, "%,d steps of the %s mechanism, sample rate %s, noise multiplier %s:", steps,
                            q == 1 ? "Gaussian" : "Poisson-subsampled Gaussian", q, noiseMultiplier), g));
                    out.flush();
                }
            }
        }
    }

    @Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The noise a target (ε, δ) needs for one release of sensitivity Δ: the Gaussian's σ by Balle & Wang's analytic "
                + "calibration (or, with --classic, Δ·√(2 ln(1.25/δ))/ε, for ε < 1), or the Laplace scale Δ/ε — and the noise "
                + "Probity's own mechanism draws, which samples exactly on a fine grid and may need a hair more."})
    static final class Calibrate implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();
        @Option(names = "--mechanism", required = true, paramLabel = "NAME", description = "gaussian or laplace.")
        String mechanism;
        @Option(names = "--epsilon", required = true, paramLabel = "E", description = "The target ε.")
        double epsilon;
        @Option(names = "--delta", paramLabel = "D", description = "The target δ (gaussian).")
        Double delta;
        @Option(names = "--sensitivity", paramLabel = "S", description = "The query's sensitivity Δ (default 1).")
        double sensitivity = 1;
        @Option(names = "--classic", description = "The classic Gaussian calibration instead of the analytic one (looser; only for ε < 1).")
        boolean classic;

        @Override
        public void run() {
            PrintWriter out = quiet.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
            switch (mechanism.toLowerCase(Locale.ROOT)) {
                case "gaussian" -> {
                    if (delta == null) {
                        throw new InputException("--delta is required for the gaussian mechanism");
                    }
                    double sigma = classic ? AnalyticGaussian.sigmaClassic(epsilon, delta, sensitivity) : AnalyticGaussian.sigma(epsilon, delta, sensitivity);
                    GaussianMechanism m = classic ? GaussianMechanism.classic(epsilon, delta, sensitivity) : GaussianMechanism.analytic(epsilon, delta, sensitivity);
                    out.printf(Locale.ROOT, "σ = %s  (%s, ε = %s, δ = %s, Δ = %s)%n", full(sigma),
                            classic ? "classic Gaussian calibration" : "Balle & Wang's analytic Gaussian", full(epsilon), full(delta), full(sensitivity));
                    out.printf(Locale.ROOT, "Probity's Gaussian mechanism draws exact discrete Gaussian noise on a grid of %s with σ = %s%n",
                            full(m.granularity()), full(m.sigma()));
                }
                case "laplace" -> {
                    LaplaceMechanism m = LaplaceMechanism.of(epsilon, sensitivity);
                    out.printf(Locale.ROOT, "scale b = Δ/ε = %s  (ε = %s, Δ = %s)%n", full(sensitivity / epsilon), full(epsilon), full(sensitivity));
                    out.printf(Locale.ROOT, "Probity's Laplace mechanism draws exact discrete Laplace noise on a grid of %s with scale %s%n",
                            full(m.granularity()), full(m.scale()));
                }
                default -> throw new InputException("--mechanism " + mechanism + ": use gaussian or laplace");
            }
            out.flush();
        }

        private static String full(double v) {
            return BigDecimal.valueOf(v).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
        }
    }

    @Command(name = "budget", mixinStandardHelpOptions = true, sortOptions = false,
            subcommands = {Budget.Create.class, Budget.Show.class},
            description = {"A dataset's privacy budget, in a file: releases are debited from it before their results exist, never past "
                + "its total, and every release is recorded (who asked what, how, at what cost)."})
    static final class Budget implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        QuietOption quiet = new QuietOption();

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a budget (never replaces one).")
        static final class Create implements Runnable {
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;
            @CommandLine.Mixin
            QuietOption quiet = new QuietOption();
            @Option(names = "--file", required = true, paramLabel = "FILE", description = "The budget file.")
            Path file;
            @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "The dataset it protects.")
            String dataset;
            @Option(names = "--epsilon", required = true, paramLabel = "E", description = "The total ε (a decimal, kept exactly).")
            BigDecimal epsilon;
            @Option(names = "--delta", paramLabel = "D", description = "The total δ (default 0).")
            BigDecimal delta = BigDecimal.ZERO;

            @Override
            public void run() {
                PrivacyBudget b = PrivacyBudget.create(file, dataset, epsilon, delta);
                if (quiet.quiet) {
                    return;
                }
                spec.commandLine().getOut().print(PrivacyText.budget(b));
                spec.commandLine().getOut().flush();
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "What a budget has spent, on what, and what is left.")
        static final class Show implements Runnable {
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;
            @CommandLine.Mixin
            QuietOption quiet = new QuietOption();
            @Option(names = "--file", required = true, paramLabel = "FILE", description = "The budget file.")
            Path file;
            @Option(names = "--json", description = "Print JSON (probity.dp-budget/v1) instead of text.")
            boolean json;

            @Override
            public void run() {
                PrivacyBudget b = PrivacyBudget.open(file);
                if (quiet.quiet) {
                    return;
                }
                spec.commandLine().getOut().print(json ? PrivacyJson.budget(b) : PrivacyText.budget(b));
                spec.commandLine().getOut().flush();
            }
        }
    }
}
