package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TextTrainCommandTest {
    static Path reviews(Path dir, String name, long seed, int n) throws Exception {
        String[] subjects = {"The food", "This phone", "The movie", "Our waiter", "The room", "The battery"};
        String[] good = {"was wonderful", "is excellent", "works perfectly", "was amazing", "was lovely"};
        String[] bad = {"was awful", "is terrible", "broke immediately", "was disgusting", "was horrible"};
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        lines.add("review,sentiment");
        for (int i = 0; i < n; i++) {
            boolean pos = r.nextBoolean();
            String[] p = pos ? good : bad;
            lines.add("\"" + subjects[r.nextInt(subjects.length)] + " " + p[r.nextInt(p.length)] + ".\"," + (pos ? 1 : 0));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void trainsATextClassifierAndEvaluatesIt(@TempDir Path dir) throws Exception {
        Path train = reviews(dir, "train.csv", 1, 120);
        Path test = reviews(dir, "test.csv", 2, 60);
        Path model = dir.resolve("text.json");
        Cli ok = Cli.run("train", "--data", train.toString(), "--text", "review", "--label", "sentiment", "--positive", "1",
                "--test", test.toString(), "--out", model.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("model saved to", "text-logistic", "all-MiniLM-L6-v2");
        JsonNode file = new ObjectMapper().readTree(Files.readString(model));
        assertThat(file.path("kind").asText()).isEqualTo("text-classifier");
        assertThat(file.path("provenance").path("parameters").path("encoder_model_sha256").asText()).hasSize(64);
        double accuracy = file.path("evaluation").path("test").path("accuracy").asDouble();
        // 120 generated reviews, C = 1: well above the coin toss of balanced classes
        assertThat(accuracy).isGreaterThan(0.8);

        Cli eval = Cli.run("evaluate", "--model", model.toString(), "--data", test.toString(), "--label", "sentiment",
                "--positive", "1");
        assertThat(eval.code()).as(eval.err()).isZero();
        // the saved model, loaded again, scores the test file as the training run did
        assertThat(eval.out()).containsPattern("accuracy\\s+" + String.format(java.util.Locale.ROOT, "%.4f", accuracy));
    }

    @Test
    void explainGivesWordAttributionsThatAddUp(@TempDir Path dir) throws Exception {
        Path train = reviews(dir, "train.csv", 1, 120);
        Path model = dir.resolve("text.json");
        assertThat(Cli.run("train", "--data", train.toString(), "--text", "review", "--label", "sentiment", "--positive", "1",
                "--out", model.toString(), "-q").code()).isZero();
        Path json = dir.resolve("why.json");
        Cli why = Cli.run("explain", "--model", model.toString(), "--data", train.toString(), "--rows", "1-3", "--json", json.toString());
        assertThat(why.code()).as(why.err()).isZero();
        assertThat(why.out()).contains("row 1: P(1) = ", "kernel-shap over");
        JsonNode rows = new ObjectMapper().readTree(json.toFile()).path("rows");
        assertThat(rows.size()).isEqualTo(3);
        for (JsonNode r : rows) {
            double sum = 0;
            for (JsonNode c : r.path("contributions")) {
                sum += c.asDouble();
            }
            // efficiency: the words' Shapley values add up to the score less the score of no words
            assertThat(sum).isCloseTo(r.path("prediction").asDouble() - r.path("base").asDouble(), org.assertj.core.api.Assertions.within(1e-9));
        }
        Cli lime = Cli.run("explain", "--model", model.toString(), "--data", train.toString(), "--row", "2", "--method", "lime", "--samples", "500");
        assertThat(lime.code()).as(lime.err()).isZero();
        assertThat(lime.out()).contains("lime-text over");
        Cli tree = Cli.run("explain", "--model", model.toString(), "--data", train.toString(), "--method", "tree-shap");
        assertThat(tree.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(tree.err()).contains("a text model is explained with --method kernel-shap or lime");
    }

    @Test
    void explainHtmlHighlightsTheWordsWithTheReasonsReadFromTheAttributions(@TempDir Path dir) throws Exception {
        Path train = reviews(dir, "train.csv", 1, 120);
        Path model = dir.resolve("text.json");
        assertThat(Cli.run("train", "--data", train.toString(), "--text", "review", "--label", "sentiment", "--positive", "1",
                "--out", model.toString(), "-q").code()).isZero();
        Path json = dir.resolve("why.json");
        Path html = dir.resolve("why.html");
        Cli why = Cli.run("explain", "--model", model.toString(), "--data", train.toString(), "--rows", "1-12", "--json", json.toString(),
                "--html", html.toString(), "--max-reasons", "2");
        assertThat(why.code()).as(why.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.path("method").asText()).isEqualTo("kernel-shap");
        assertThat(doc.path("seed").asLong()).isEqualTo(42);
        String page = Files.readString(html);
        assertThat(page).contains("Word attributions", "KernelSHAP", "seed 42", "raises it", "lowers it");
        assertThat(page).doesNotContainPattern("(src|href)=\"?https?:");
        int adverse = 0;
        for (JsonNode r : doc.path("rows")) {
            List<String> words = new java.util.ArrayList<>();
            r.path("words").forEach(w -> words.add(w.asText()));
            double[] v = new double[words.size()];
            double max = 0;
            for (int j = 0; j < v.length; j++) {
                v[j] = r.path("contributions").get(j).asDouble();
                max = Math.max(max, Math.abs(v[j]));
            }
            boolean positive = r.path("prediction").asDouble() >= 0.5;
            assertThat(r.path("decision").asText()).isEqualTo(positive ? "1" : "not 1"); // the model's classes
            // the reasons, by hand: the words with negative attributions, most negative first, at most two; none for a positive decision
            List<Integer> negative = new java.util.ArrayList<>();
            for (int j = 0; j < v.length; j++) {
                if (v[j] < 0) {
                    negative.add(j);
                }
            }
            negative.sort((a, b) -> Double.compare(v[a], v[b]));
            JsonNode reasons = r.path("reasons");
            if (positive) {
                assertThat(reasons.size()).isZero();
            } else {
                adverse++;
                assertThat(reasons.size()).isEqualTo(Math.min(2, negative.size()));
                for (int k = 0; k < reasons.size(); k++) {
                    assertThat(reasons.get(k).path("code").asText()).isEqualTo("R" + (k + 1));
                    assertThat(reasons.get(k).path("word").asText()).isEqualTo(words.get(negative.get(k)));
                    assertThat(reasons.get(k).path("contribution").asDouble()).isEqualTo(v[negative.get(k)]);
                }
                assertThat(r.path("plain_language").asText()).startsWith("The decision is 'not 1'. '" + words.get(negative.get(0))
                        + "' lowered the score the most");
            }
            // the largest word is shaded fully, in its sign's colour, on the page
            int top = 0;
            for (int j = 1; j < v.length; j++) {
                top = Math.abs(v[j]) > Math.abs(v[top]) ? j : top;
            }
            assertThat(page).contains(String.format(java.util.Locale.ROOT, "<span class=\"w %s\" style=\"background: rgba(%s, 0.72)\" "
                    + "title=\"%+.4f\">%s</span>", v[top] > 0 ? "up" : "down", v[top] > 0 ? "0, 160, 0" : "200, 0, 0", v[top],
                    words.get(top).replace("'", "&#39;")));
            // up to 11 words every coalition is evaluated: exact Shapley values, and the page says so
            if (words.size() <= 11) {
                assertThat(page).contains("exact: all " + (1 << words.size()) + " coalitions of " + words.size() + " words evaluated");
            }
        }
        assertThat(adverse).as("rows with an adverse decision").isPositive();
        assertThat(why.out()).contains("The decision is '");
        Cli csv = Cli.run("explain", "--model", model.toString(), "--data", train.toString(), "--csv", dir.resolve("x.csv").toString());
        assertThat(csv.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(csv.err()).contains("--csv is not available for text models");
    }

    @Test
    void scanRunsTheBehaviouralTestsOnATextModel(@TempDir Path dir) throws Exception {
        Path train = reviews(dir, "train.csv", 1, 120);
        Path model = dir.resolve("text.json");
        assertThat(Cli.run("train", "--data", train.toString(), "--text", "review", "--label", "sentiment", "--positive", "1",
                "--out", model.toString(), "-q").code()).isZero();
        Path json = dir.resolve("scan.json");
        Path html = dir.resolve("scan.html");
        Cli scan = Cli.run("scan", "--model", model.toString(), "--data", train.toString(), "--json", json.toString(),
                "--html", html.toString());
        assertThat(scan.code()).as(scan.err()).isZero();
        assertThat(scan.out()).contains("Behavioural tests of a text model", "typo", "negation");
        JsonNode tests = new ObjectMapper().readTree(json.toFile()).path("tests");
        assertThat(tests.size()).isEqualTo(7);
        for (JsonNode t : tests) {
            assertThat(t.path("failures").asInt()).isLessThanOrEqualTo(t.path("sentences").asInt());
        }
        // the generated reviews have "was"/"is": negation applies to every review scored positive
        JsonNode negation = tests.get(6);
        assertThat(negation.path("test").asText()).isEqualTo("negation");
        assertThat(negation.path("sentences").asInt()).isGreaterThan(30);
        // the page shows each test's counts as the JSON has them
        String page = Files.readString(html);
        for (JsonNode t : tests) {
            assertThat(page).contains("<td>" + t.path("test").asText() + "</td><td>" + t.path("kind").asText() + "</td><td class=\"num\">"
                    + t.path("sentences").asInt() + "</td><td class=\"num\">" + t.path("failures").asInt() + "</td>");
        }
    }

    @Test
    void personalDataIsRedactedBeforeTrainingWhenAsked(@TempDir Path dir) throws Exception {
        Path train = Files.write(dir.resolve("mail.csv"), List.of("review,sentiment",
                "\"Great phone, write to me at jane.doe@example.com\",1", "\"Awful battery. Call +1 415 555 2671\",0",
                "\"Lovely screen\",1", "\"Terrible case\",0"));
        Path plain = dir.resolve("plain.json");
        Path redacted = dir.resolve("redacted.json");
        assertThat(Cli.run("train", "--data", train.toString(), "--text", "review", "--label", "sentiment", "--out",
                plain.toString(), "-q").code()).isZero();
        Cli r = Cli.run("train", "--data", train.toString(), "--text", "review", "--label", "sentiment", "--redact-pii",
                "--out", redacted.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // the count the privacy module's scanner gives the same texts
        var scanner = dev.probity.privacy.pii.PiiScanner.defaults();
        int entities = 0;
        int texts = 0;
        for (String t : List.of("Great phone, write to me at jane.doe@example.com", "Awful battery. Call +1 415 555 2671",
                "Lovely screen", "Terrible case")) {
            var found = scanner.scan(t);
            System.out.println(t + " -> " + found);
            entities += found.size();
            texts += found.isEmpty() ? 0 : 1;
        }
        assertThat(entities).isGreaterThanOrEqualTo(2);
        assertThat(r.err()).contains("redacted " + entities + " personal-data entities in " + texts + " of 4 training texts");
        JsonNode a = new ObjectMapper().readTree(plain.toFile()).path("provenance");
        JsonNode b = new ObjectMapper().readTree(redacted.toFile()).path("provenance");
        assertThat(b.path("parameters").path("training_texts_redacted").asText()).isEqualTo("pii:replace");
        // the model was fitted on other texts: the training data's fingerprint differs
        assertThat(b.path("data").path("sha256").asText()).isNotEqualTo(a.path("data").path("sha256").asText());
        Cli alone = Cli.run("train", "--data", train.toString(), "--label", "sentiment", "--redact-pii");
        assertThat(alone.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(alone.err()).contains("--redact-pii redacts the texts of a text classifier: add --text COL");
    }

    @Test
    void optionsOfTabularTrainingAreRefusedWithText(@TempDir Path dir) throws Exception {
        Path train = reviews(dir, "train.csv", 1, 20);
        Cli drop = Cli.run("train", "--data", train.toString(), "--text", "review", "--label", "sentiment", "--drop", "x");
        assertThat(drop.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(drop.err()).contains("--drop does not apply to a text classifier");
        Cli tree = Cli.run("train", "--data", train.toString(), "--text", "review", "--label", "sentiment", "--model", "tree");
        assertThat(tree.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(tree.err()).contains("cannot train --model tree");
    }
}
