package dev.probity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.probity.core.InputException;
import dev.probity.text.encode.Encoders;
import dev.probity.text.ner.Conll;
import dev.probity.text.ner.EntityMetrics;
import dev.probity.text.ner.NerModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code probity ner}: train, evaluate and apply a named-entity tagger on CoNLL files. */
@Command(name = "ner", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        subcommands = {NerCommand.Train.class, NerCommand.Evaluate.class, NerCommand.Tag.class},
        description = {
            "Named-entity recognition: a token tagger (a greedy averaged perceptron over each word, its affixes and "
                + "shape, its neighbours and the previous tags, trained with word dropout; optionally the sentence encoder's "
                + "word vectors too) trained from CoNLL files — one token a line, the token first and its IOB tag last, a "
                + "blank line between sentences — and scored by entity as seqeval does: an entity counts when its type and "
                + "its span both match.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  probity ner train --conll data/text/ner-train.conll --out ner.json",
            "  probity ner evaluate --model ner.json --conll data/text/ner-test.conll",
            "  probity ner tag --model ner.json --input data/text/ner-sentences.txt",
            "",
            "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."
        })
final class NerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The report's rows as JSON: per type, then the averages. */
    static Map<String, Object> metrics(EntityMetrics m) {
        Map<String, Object> types = new LinkedHashMap<>();
        m.byType().forEach((t, r) -> types.put(t, row(r)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("types", types);
        out.put("micro avg", row(m.micro()));
        out.put("macro avg", row(m.macro()));
        out.put("weighted avg", row(m.weighted()));
        return out;
    }

    private static Map<String, Object> row(EntityMetrics.Row r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("precision", r.precision());
        o.put("recall", r.recall());
        o.put("f1-score", r.f1());
        o.put("support", r.support());
        return o;
    }

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train an entity tagger on a CoNLL file and save it with its provenance (the training file's SHA-256, "
                + "its sentence and token counts, the tag set, epochs, word dropout and seed, and the encoder with "
                + "--token-vectors). With --dev, it is scored on a development file too, and the score is recorded in the model."},
            footer = {"", "Examples:",
                "  probity ner train --conll data/text/ner-train.conll --out ner.json",
                "  probity ner train --conll train.conll --dev dev.conll \\",
                "      --epochs 10 --out ner.json",
                "", "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
    static final class Train extends LedgerSubcommand {
        @Option(names = "--conll", required = true, paramLabel = "FILE", description = "The training sentences (CoNLL: token … tag).")
        Path conll;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to save the tagger (JSON, probity.ner-model/v1).")
        Path out;
        @Option(names = "--dev", paramLabel = "FILE", description = "Development sentences (CoNLL) to score the trained tagger on.")
        Path dev;
        @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training sentences (default 8).")
        int epochs = 8;
        @Option(names = "--word-dropout", paramLabel = "P", description = "Probability of hiding a training token's own word, "
                + "prefix and suffixes, so the tagger learns to tag from shape and context, as it must for names it never saw "
                + "(default 0.2; 0 for none).")
        double wordDropout = 0.2;
        @Option(names = "--token-vectors", description = "Add the sentence encoder's contextual vector of each word (all-MiniLM-L6-v2) "
                + "to its features; the model then needs the same encoder to tag.")
        boolean tokenVectors;
        @Option(names = "--seed", paramLabel = "N", description = "Seed of the sentence order and the word dropout (default 42).")
        long seed = 42;

        @Option(names = "--threads", paramLabel = "N", description = "Threads to use, at least 1 (default: all processors).")
        Integer threads;

        @Override
        public Integer call() {
            Encoders.threads(DataOptions.checkThreads(threads));
            try (OutputPlan outputs = OutputPlan.protecting(spec.commandLine().getOut(), "conll", conll, "dev", dev)) {
                outputs.add("out", out);
                if (epochs < 1) {
                    throw new InputException("{{epochs}} must be at least 1, not " + epochs);
                }
                Conll.Corpus training = Conll.load(conll);
                Conll.Corpus development = dev == null ? null : Conll.load(dev);
                NerModel model = NerModel.train(training, epochs, wordDropout, seed,
                        tokenVectors ? Encoders.shared() : null);
                EntityMetrics devMetrics = null;
                if (development != null) {
                    devMetrics = model.evaluate(development.sentences());
                    model = model.withDev(development, devMetrics.micro().f1());
                }
                byte[] bytes = model.toBytes();
                outputs.write("out", o -> o.write(bytes));
                outputs.commit();
                PrintWriter w = out();
                if (!outputs.usesStdout()) {
                    w.printf(Locale.ROOT, "trained an entity tagger on %d sentences (%d tokens) of %s: %d epochs, word dropout %s, seed %d%n",
                            training.sentences().size(), training.tokens(), conll, epochs, wordDropout, seed);
                    w.println("  tags: " + String.join(" ", model.tagger().tagSet()));
                    if (model.vectors() != null) {
                        w.printf(Locale.ROOT, "  features: spelling and context, and %s's %d-dimensional word vectors%n",
                                model.vectors().name(), model.tagger().vectorDimension());
                    }
                    if (devMetrics != null) {
                        w.printf(Locale.ROOT, "on %s (%d sentences):%n%s", dev, development.sentences().size(), devMetrics.toText());
                    }
                    w.println("saved " + outputs.shown("out"));
                    w.flush();
                }
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Score an entity tagger on tagged CoNLL sentences, entity by entity as seqeval does: per type "
                + "precision, recall, F1 and support (the true entities of that type), then the micro average (every "
                + "entity counted once), the macro average (types weighted equally) and the weighted average (types "
                + "weighted by support)."},
            footer = {"", "Examples:",
                "  probity ner evaluate --model ner.json --conll data/text/ner-test.conll",
                "  probity ner evaluate --model ner.json --conll test.conll \\",
                "      --json ner-report.json",
                "", "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
    static final class Evaluate extends LedgerSubcommand {
        @Option(names = "--model", required = true, paramLabel = "FILE", description = "The tagger (probity ner train).")
        Path model;
        @Option(names = "--conll", required = true, paramLabel = "FILE", description = "The tagged sentences to score it on (CoNLL).")
        Path conll;
        @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON (probity.ner-report/v1); '-' for standard output.")
        String json;

        @Option(names = "--threads", paramLabel = "N", description = "Threads to use, at least 1 (default: all processors).")
        Integer threads;

        @Override
        public Integer call() throws IOException {
            Encoders.threads(DataOptions.checkThreads(threads));
            try (OutputPlan outputs = OutputPlan.protecting(spec.commandLine().getOut(), "model", model, "conll", conll)) {
                outputs.add("json", json);
                NerModel m = NerModel.read(model);
                Conll.Corpus test = Conll.load(conll);
                if (test.sentences().isEmpty()) {
                    throw new InputException(conll + ": no sentences to score the tagger on");
                }
                NerModel.Score score = m.score(test.sentences());
                EntityMetrics metrics = score.entities();
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("format", "probity.ner-report/v1");
                doc.put("model", model.toString());
                doc.put("tagger", m.describe());
                doc.put("data", Map.of("file", conll.toString(), "sha256", test.sha256(), "sentences", test.sentences().size(),
                        "tokens", test.tokens()));
                doc.put("token_accuracy", score.tokenAccuracy());
                doc.putAll(metrics(metrics));
                outputs.writeString("json", JSON.writeValueAsString(doc) + "\n");
                outputs.commit();
                if (!outputs.usesStdout()) {
                    PrintWriter w = out();
                    w.printf(Locale.ROOT, "%s on %s: %d sentences, %d tokens (%.4f tagged correctly)%n%n", model, conll,
                            test.sentences().size(), test.tokens(), score.tokenAccuracy());
                    w.print(metrics.toText());
                    w.flush();
                }
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Tag raw text with an entity tagger: each line of the input is a sentence, cut into tokens at spaces "
                + "with punctuation split off, and printed with its entities in brackets ([PER Anna Smith])."},
            footer = {"", "Examples:",
                "  probity ner tag --model ner.json --input data/text/ner-sentences.txt",
                "  probity ner tag --model ner.json --input notes.txt --json -",
                "", "Exit status: 0 success, 2 bad input (nothing written), 3 internal error."})
    static final class Tag extends LedgerSubcommand {
        @Option(names = "--model", required = true, paramLabel = "FILE", description = "The tagger (probity ner train).")
        Path model;
        @Option(names = "--input", required = true, paramLabel = "FILE", description = "The text, one sentence a line (UTF-8).")
        Path input;
        @Option(names = "--json", paramLabel = "FILE", description = "Write the tokens, tags and entities of each line as JSON "
                + "(probity.ner-tags/v1); '-' for standard output.")
        String json;

        @Option(names = "--threads", paramLabel = "N", description = "Threads to use, at least 1 (default: all processors).")
        Integer threads;

        @Override
        public Integer call() throws IOException {
            Encoders.threads(DataOptions.checkThreads(threads));
            try (OutputPlan outputs = OutputPlan.protecting(spec.commandLine().getOut(), "model", model, "input", input)) {
                outputs.add("json", json);
                NerModel m = NerModel.read(model);
                List<String> lines = Conll.readLines(input);
                List<Integer> numbers = new ArrayList<>();
                List<List<String>> sentences = new ArrayList<>();
                for (int n = 0; n < lines.size(); n++) {
                    List<String> tokens = Conll.tokenize(lines.get(n));
                    if (!tokens.isEmpty()) {
                        numbers.add(n);
                        sentences.add(tokens);
                    }
                }
                List<List<String>> tagged = m.tag(sentences);
                List<Map<String, Object>> rows = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (int q = 0; q < sentences.size(); q++) {
                    int n = numbers.get(q);
                    List<String> tokens = sentences.get(q);
                    List<String> tags = tagged.get(q);
                    List<EntityMetrics.Entity> entities = EntityMetrics.entities(tags);
                    List<Map<String, Object>> es = new ArrayList<>();
                    for (EntityMetrics.Entity e : entities) {
                        Map<String, Object> o = new LinkedHashMap<>();
                        o.put("type", e.type());
                        o.put("text", String.join(" ", tokens.subList(e.start(), e.end() + 1)));
                        o.put("start", e.start());
                        o.put("end", e.end() + 1);
                        es.add(o);
                    }
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("line", n + 1);
                    r.put("tokens", tokens);
                    r.put("tags", tags);
                    r.put("entities", es);
                    rows.add(r);
                    text.append(bracketed(tokens, entities)).append('\n');
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("format", "probity.ner-tags/v1");
                doc.put("model", model.toString());
                doc.put("input", input.toString());
                doc.put("lines", rows);
                outputs.writeString("json", JSON.writeValueAsString(doc) + "\n");
                outputs.commit();
                if (!outputs.usesStdout()) {
                    PrintWriter w = out();
                    w.print(text);
                    w.flush();
                }
                return ExitCode.OK;
            }
        }

        /** The tokens joined by spaces, each entity in brackets with its type first. */
        static String bracketed(List<String> tokens, List<EntityMetrics.Entity> entities) {
            StringBuilder b = new StringBuilder();
            int e = 0;
            for (int i = 0; i < tokens.size(); i++) {
                if (i > 0) {
                    b.append(' ');
                }
                if (e < entities.size() && entities.get(e).start() == i) {
                    b.append('[').append(entities.get(e).type()).append(' ');
                }
                b.append(tokens.get(i));
                if (e < entities.size() && entities.get(e).end() == i) {
                    b.append(']');
                    e++;
                }
            }
            return b.toString();
        }

    }
}
