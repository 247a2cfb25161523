package dev.probity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.probity.core.InputException;
import dev.probity.core.model.Model;
import dev.probity.models.io.ModelFiles;
import dev.probity.text.bias.WeatSets;
import dev.probity.text.classify.TextClassifier;
import dev.probity.text.encode.Encoders;
import dev.probity.text.encode.SentenceEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probity weat}: the word and sentence embedding association tests on the text encoder. */
@Command(name = "weat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Test the sentence encoder itself for a stereotyped association (Caliskan et al. 2017's WEAT; with --seat, May et al. "
            + "2019's SEAT, the terms placed in bleached sentences): are the targets X closer to the attributes A, and Y to B, than a "
            + "random split of X and Y would be? Prints the effect size d (Cohen's d over the terms' associations: 0.2 small, 0.8 "
            + "large) and the one-sided permutation p-value, exact over every split when there are at most a million, else sampled "
            + "with --seed.",
            "",
            "The sets file has four lines, 'X name: term, term, …', then Y (as many terms as X), A and B; '#' starts a comment."},
        footer = {"", "Examples:",
            "  probity weat --sets data/text/weat-names-pleasant.txt --seat",
            "  probity weat --sets my-sets.txt --model sentiment.json --json weat.json",
            "", "Exit status: 0 success, 2 bad input, 3 internal error."})
final class WeatCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--sets", required = true, paramLabel = "FILE", description = "The four sets X, Y, A, B (see above).")
    Path sets;
    @Option(names = "--seat", description = "Encode each term in bleached template sentences (SEAT) rather than alone (WEAT).")
    boolean seat;
    @Option(names = "--model", paramLabel = "FILE", description = "A text model: test the encoder it was made with (default: the bundled "
            + "all-MiniLM-L6-v2).")
    Path model;
    @Option(names = "--seed", paramLabel = "N", description = "Seed of the sampled permutations when there are too many to count (default 42).")
    long seed = 42;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON (probity.weat/v1); '-' for standard output.")
    String json;
    @Option(names = "--threads", paramLabel = "N", description = "Threads to use, at least 1 (default: all processors).")
    Integer threads;
    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() throws Exception {
        dev.probity.text.encode.Encoders.threads(DataOptions.checkThreads(threads));
        PrintWriter out = spec.commandLine().getOut();
        try (OutputPlan outputs = OutputPlan.protecting(out, "sets", sets, "model", model)) {
            outputs.add("json", json);
            WeatSets s = WeatSets.read(sets);
            SentenceEncoder encoder;
            if (model != null) {
                Model loaded = ModelFiles.load(model, null);
                if (!(loaded instanceof TextClassifier m)) {
                    throw new InputException(model + ": a " + loaded.info().algorithm() + " model; weat tests the encoder of a text model "
                            + "(probity train --text)");
                }
                encoder = Encoders.forIdentity(m.encoderIdentity());
            } else {
                encoder = Encoders.shared();
            }
            WeatSets.Result r = s.run(encoder, seat, seed);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("format", "probity.weat/v1");
            doc.put("sets", sets.toString());
            doc.putAll(r.asMap());
            outputs.writeString("json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n");
            outputs.commit();
            if (!outputs.usesStdout() && !quiet.quiet) {
                out.println(r.summary());
                out.flush();
            }
            return ExitCode.OK;
        }
    }
}
