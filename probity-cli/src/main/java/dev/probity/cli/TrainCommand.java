package dev.probity.cli;

import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.eval.ClassificationReport;
import dev.probity.models.io.ModelFiles;
import dev.probity.models.pipeline.MatrixTrainer;
import dev.probity.models.pipeline.PipelineModel;
import dev.probity.models.pipeline.PipelineTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.probity.monitor.robust.AdversarialTraining;
import dev.probity.monitor.robust.Norm;
import java.util.concurrent.Callable;

/** {@code probity train}: fit a model and save it with its provenance. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a logistic regression, a decision tree or an XGBoost model and save it with its provenance.",
            "",
            "With --text COL it trains a text classifier instead: each text is encoded by the sentence encoder all-MiniLM-L6-v2 "
                + "(bundled, run on this machine) and a logistic regression is fitted on the embeddings; the model file names the "
                + "encoder and the SHA-256 of its files.",
            "",
            "Numbers are standardized for logistic regression and passed raw to trees; text columns are one-hot encoded with unseen "
                + "values ignored. The model file records a SHA-256 of the training data, every parameter and the seed, library versions "
                + "and the metrics below."},
        footer = {"", "Examples:",
            "  probity train --data adult --label income --positive '>50K' --drop fnlwgt \\",
            "      --test adult-test --out adult-lr.json",
            "  probity train --data adult --label income --positive '>50K' \\",
            "      --features age,education_num,capital_gain,hours_per_week \\",
            "      --adversarial 0.3 --test adult-test --out robust-lr.json",
            "  probity train --data loans.csv --label default --positive yes \\",
            "      --model xgboost --validation valid.csv --out xgb.json",
            "  probity train --data reviews.csv --text review --label sentiment \\",
            "      --positive 1 --out sentiment.json",
            "",
            "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data;

    @picocli.CommandLine.Mixin
    LedgerOption evidence = new LedgerOption();

    @Option(names = {"-l", "--label"}, required = true, paramLabel = "COL", description = "The label column.")
    String label;

    @Option(names = "--positive", paramLabel = "VALUE", description = "Label value of the positive class (binary models; other values are negative).")
    String positive;

    @Mixin
    ModelSupport models;

    @Option(names = "--text", paramLabel = "COL", description = "Train a text classifier on this text column: sentence embeddings "
            + "(all-MiniLM-L6-v2) and a logistic regression on them (--C sets its inverse penalty).")
    String text;

    @Option(names = "--redact-pii", description = "With --text: replace the personal data the privacy module finds in the training "
            + "texts (names, e-mail addresses, phone numbers, …) by its type, e.g. <EMAIL>, before encoding.")
    boolean redactPii;

    @Option(names = "--validation", paramLabel = "FILE|DATASET", description = "Validation data: reported, and used for XGBoost's early stopping.")
    String validation;

    @Option(names = "--test", paramLabel = "FILE|DATASET", description = "Test data: reported only.")
    String test;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Where to save the model (probity.model/v1 JSON).")
    Path out;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the report as a self-contained HTML page with charts.")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the classification reports as JSON ('-' for standard output).")
    String json;

    @Option(names = "--adversarial", paramLabel = "EPS", description = "Adversarial training (logistic regression on numbers): retrain on "
            + "each row's worst case within EPS standard deviations (PGD against its label), and report robust accuracy before and after "
            + "on --test (or --validation, or the training data).")
    Double adversarial;

    @Option(names = "--adversarial-norm", paramLabel = "NORM", description = "l2 (default) or linf.")
    String adversarialNorm = "l2";

    @Option(names = "--adversarial-rounds", paramLabel = "N", description = "Rounds of finding worst cases and training again (default 3).")
    int adversarialRounds = 3;

    @Option(names = "--immutable", split = ",", paramLabel = "COL", description = "Features adversarial training may not change (age, say).")
    List<String> immutable = List.of();

    @Option(names = "--privacy-epsilon", paramLabel = "E", description = "Train a differentially private logistic regression by DP-SGD "
            + "(Poisson sampling, clipping, exact discrete Gaussian noise calibrated by the RDP accountant) at this ε.")
    Double privacyEpsilon;

    @Option(names = "--privacy-delta", paramLabel = "D", description = "The δ of DP-SGD's guarantee (default 1e-5; keep it well below 1/rows).")
    double privacyDelta = 1e-5;

    @Option(names = "--privacy-budget", paramLabel = "FILE", description = "Debit the training's certified ε and δ from this budget "
            + "(probity dp budget create) before it runs; refused, nothing is trained.")
    java.nio.file.Path privacyBudget;

    @Option(names = "--privacy-who", paramLabel = "NAME", description = "Who asks, for the budget's record (default: the user name).")
    String privacyWho;

    @Mixin
    QuietOption quiet;

    @Mixin
    EnergyOptions energy = new EnergyOptions();

    @Override
    public Integer call() throws Exception {
        // a text model's encoder runs its batches on --threads threads of its own
        dev.probity.text.encode.Encoders.threads(data.threads());
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        if (adversarial == null) {
            for (String o : List.of("--adversarial-norm", "--adversarial-rounds", "--immutable")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new dev.probity.core.InputException(o + " tunes adversarial training: add --adversarial EPS");
                }
            }
        } else if (privacyEpsilon != null) {
            throw new dev.probity.core.InputException("--adversarial and --privacy-epsilon train two different ways; give one");
        } else if (!List.of("logistic", "lr", "logistic-regression").contains(models.model.toLowerCase(java.util.Locale.ROOT))) {
            throw new dev.probity.core.InputException("--adversarial needs --model logistic (a model whose log-odds have a gradient); got --model "
                    + models.model);
        }
        if (privacyEpsilon != null && !List.of("logistic", "lr", "logistic-regression").contains(models.model.toLowerCase(java.util.Locale.ROOT))) {
            throw new dev.probity.core.InputException("--privacy-epsilon trains a logistic regression by DP-SGD; it cannot train --model " + models.model);
        }
        if (privacyEpsilon == null && (privacyBudget != null || privacyWho != null)) {
            throw new dev.probity.core.InputException((privacyBudget != null ? "--privacy-budget" : "--privacy-who")
                    + " pays for a private training: add --privacy-epsilon E");
        }
        if (redactPii && text == null) {
            throw new dev.probity.core.InputException("--redact-pii redacts the texts of a text classifier: add --text COL");
        }
        if (text != null) {
            for (String o : List.of("--adversarial", "--privacy-epsilon", "--features", "--drop", "--validation", "--encode",
                    "--impute", "--max-depth", "--rounds", "--penalty")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new dev.probity.core.InputException(o + " does not apply to a text classifier (--text): it reads one "
                            + "text column and fits a logistic regression on its embeddings");
                }
            }
            if (!List.of("logistic", "lr", "logistic-regression").contains(models.model.toLowerCase(java.util.Locale.ROOT))) {
                throw new dev.probity.core.InputException("--text trains a logistic regression on sentence embeddings; it cannot train --model "
                        + models.model);
            }
        }
        try (OutputPlan outputs = OutputPlan.protecting(stdout, "data", data.data, "validation", validation, "test", test,
                "privacy-budget", privacyBudget)) {
            outputs.add("out", out).add("json", json).add("html", html);
            Frame train = data.readSelected(w -> err.println("probity: warning: " + w));
            Labels y = positive != null ? Labels.fromColumn(train, label, positive) : Labels.fromColumn(train, label, null);
            MatrixTrainer mt = models.trainer();
            List<String> features = text != null ? List.of(text) : models.featureColumns(train, label, List.of());
            models.warnAboutProhibited(features, w -> err.println("probity: warning: " + w));
            PipelineTrainer trainer = new PipelineTrainer(mt, models.encoding(mt));
            Frame valid = validation == null ? null : data.readOther(validation, w -> err.println("probity: warning: " + w));
            Labels validY = valid == null ? null : Labels.fromColumn(valid, label, positive);
            dev.probity.core.energy.EnergyMeter meter = energy.start();
            TrainingSet set = new TrainingSet(train, features, y, null, models.seed);
            Frame testFrame = test == null ? null : data.readOther(test, w -> err.println("probity: warning: " + w));
            AdversarialTraining.Result adv = null;
            String heldName = null;
            dev.probity.core.model.Model model;
            dev.probity.privacy.training.DpSgd dp = null;
            if (privacyEpsilon != null) {
                dp = dev.probity.privacy.training.DpSgd.of(privacyEpsilon, privacyDelta);
                if (privacyBudget != null) {
                    String who = privacyWho != null ? privacyWho : System.getProperty("user.name", "unknown");
                    var released = dp.fit(set, dev.probity.privacy.budget.PrivacyBudget.open(privacyBudget), who);
                    model = released.result();
                    if (!quiet.quiet && !outputs.usesStdout()) {
                        PrivateAuditRun.printDebit(err, privacyBudget, released);
                    }
                } else {
                    model = dp.fit(set);
                }
            } else if (text != null) {
                int[] found = new int[2];
                TrainingSet textSet = redactPii ? new TrainingSet(redact(train, text, found), features, y, null, models.seed) : set;
                var fitted = new dev.probity.text.classify.TextClassifierTrainer(dev.probity.text.encode.Encoders.shared(), models.c)
                        .fit(textSet);
                model = !redactPii ? fitted : new dev.probity.text.classify.TextClassifier(fitted.info(), fitted.encoderIdentity(),
                        fitted.head(), fitted.provenance().withParameters(Map.of("training_texts_redacted", "pii:replace")));
                if (redactPii && !quiet.quiet && !outputs.usesStdout()) {
                    err.printf(java.util.Locale.ROOT, "probity: redacted %,d personal-data entities in %,d of %,d training texts%n",
                            found[0], found[1], train.rowCount());
                }
            } else if (adversarial == null) {
                model = trainer.fit(set, valid, validY);
            } else {
                for (String im : immutable) {
                    if (!features.contains(im)) {
                        throw new dev.probity.core.InputException("--immutable " + im + ": not a feature of the model (features: "
                                + String.join(", ", features) + ")");
                    }
                }
                Frame held = testFrame != null ? testFrame : valid != null ? valid : train;
                heldName = testFrame != null ? "held-out rows (--test)" : valid != null ? "validation rows" : "training rows — no --test or "
                        + "--validation was given, so this is robustness where the model was fitted, not on new data";
                adv = AdversarialTraining.train(trainer, set, held, label, immutable,
                        new AdversarialTraining.Settings(adversarial, Norm.parse(adversarialNorm), adversarialRounds, 10, models.seed));
                model = (PipelineModel) adv.model();
            }
            dev.probity.core.energy.EnergyUse used = energy.stop(meter);
            evidence.energy = EnergyOptions.evidence("training", used, 0);
            List<ClassificationReport> reports = new ArrayList<>();
            reports.add(ClassificationReport.evaluate("train (" + train.source() + ")", model, train, label, positive));
            if (valid != null) {
                reports.add(ClassificationReport.evaluate("validation (" + valid.source() + ")", model, valid, label, positive));
            }
            if (testFrame != null) {
                reports.add(ClassificationReport.evaluate("test (" + testFrame.source() + ")", model, testFrame, label, positive));
            }
            Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
            for (ClassificationReport r : reports) {
                metrics.put(r.dataset().substring(0, r.dataset().indexOf(' ')), r.headline());
            }
            if (adv != null) {
                metrics.put("adversarial", Map.of("epsilon", adversarial, "rounds", (double) adversarialRounds,
                        "clean_accuracy_before", adv.before().cleanAccuracy(), "robust_accuracy_before", adv.before().robustAccuracy(),
                        "clean_accuracy_after", adv.after().cleanAccuracy(), "robust_accuracy_after", adv.after().robustAccuracy()));
            }
            byte[] modelBytes = ModelFiles.toBytes(new ModelFiles.Content(model, metrics));
            outputs.write("out", o -> o.write(modelBytes));
            outputs.writeString("json", dev.probity.report.json.EvaluationJson.toString(reports));
            if (evidence.recording()) {
                evidence.result = dev.probity.report.json.EvaluationJson.toString(reports);
            }
            if (outputs.has("html")) {
                outputs.writeString("html", dev.probity.report.html.ClassificationHtml.render("Classification report", reports));
            }
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                for (ClassificationReport r : reports) {
                    stdout.println(r.toText());
                }
                if (adv != null) {
                    stdout.println(TrainText.robustness(adv, heldName));
                }
                if (dp != null) {
                    var pr = model.provenance().parameters();
                    stdout.printf(java.util.Locale.ROOT, "Trained by DP-SGD: ε = %s at δ = %s (%s accountant; noise multiplier %s, sample rate %s, %s steps, "
                                    + "clipping norm %s); noise: %s. The encoding (categories, means, standard deviations) is not private.%n",
                            TrainText.sig(pr.get("epsilon")), TrainText.sig(pr.get("delta")), pr.get("accountant"), TrainText.sig(pr.get("noise_multiplier")), TrainText.sig(pr.get("sample_rate")),
                            pr.get("steps"), TrainText.sig(pr.get("clipping_norm")), pr.get("noise"));
                }
                stdout.println("training energy: " + used.summary());
                if (outputs.shown("out") != null) {
                    stdout.println("model saved to " + out + " (" + model.info().algorithm() + ", "
                            + (model instanceof PipelineModel pm ? pm.encoder().outputNames().size() + " encoded columns from "
                            + features.size() + " features)" : "text column " + text + ", encoder "
                            + model.provenance().parameters().get("encoder") + ")"));
                }
            }
        }
        return ExitCode.OK;
    }

    /** The frame with each text of {@code column} redacted by the privacy module's scanner; found: entities, texts. */
    static Frame redact(Frame f, String column, int[] found) {
        if (!f.has(column)) {
            throw new dev.probity.core.InputException(f.source() + ": no text column '" + column + "'. " + f.unknownColumnMessage(column));
        }
        var r = dev.probity.privacy.pii.PiiTables.redactCounting(f, dev.probity.privacy.pii.PiiScanner.defaults(),
                new dev.probity.privacy.pii.Operator.Replace(), java.util.Set.of(column));
        found[0] += (int) r.entities();
        found[1] += (int) r.texts();
        return r.frame();
    }
}
