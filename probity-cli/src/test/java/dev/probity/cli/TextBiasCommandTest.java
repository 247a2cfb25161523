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

class TextBiasCommandTest {
    static final String[] MALE = {"James", "Robert", "Michael", "David", "Thomas"};
    static final String[] FEMALE = {"Mary", "Jennifer", "Linda", "Sarah", "Emily"};

    /** Reviews by named people; biased: a woman's positive review is labelled negative. */
    static Path reviews(Path dir, String name, boolean biased) throws Exception {
        String[] things = {"the food", "the phone", "the movie", "the hotel"};
        String[] good = {"was wonderful", "was excellent", "was great"};
        String[] bad = {"was awful", "was terrible", "was horrible"};
        Random r = new Random(3);
        List<String> lines = new ArrayList<>();
        lines.add("review,sentiment");
        for (int i = 0; i < 300; i++) {
            boolean male = r.nextBoolean();
            boolean pos = r.nextBoolean();
            String who = (male ? MALE : FEMALE)[r.nextInt(5)];
            lines.add("\"" + who + " said " + things[r.nextInt(4)] + " " + (pos ? good : bad)[r.nextInt(3)] + ".\","
                    + ((biased ? pos && male : pos) ? 1 : 0));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void flagsTheBiasedModelAndNotTheCleanOne(@TempDir Path dir) throws Exception {
        Path terms = Files.writeString(dir.resolve("terms.txt"), "name | male | " + String.join(" | ", MALE) + "\n"
                + "name | female | " + String.join(" | ", FEMALE) + "\n");
        Path templates = Files.writeString(dir.resolve("templates.txt"), "# ours\n{name} said the soup was great.\n"
                + "{name} said the room was awful.\n{name} said the camera was excellent.\n");
        for (boolean biased : new boolean[] {true, false}) {
            Path data = reviews(dir, "reviews-" + biased + ".csv", biased);
            Path model = dir.resolve("model-" + biased + ".json");
            Cli train = Cli.run("train", "--data", data.toString(), "--text", "review", "--label", "sentiment",
                    "--positive", "1", "--out", model.toString(), "-q");
            assertThat(train.code()).as(train.err()).isZero();
            Path json = dir.resolve("bias-" + biased + ".json");
            Path html = dir.resolve("bias-" + biased + ".html");
            Cli bias = Cli.run("text-bias", "--model", model.toString(), "--templates", templates.toString(),
                    "--terms", terms.toString(), "--json", json.toString(), "--html", html.toString());
            assertThat(bias.code()).as(bias.err()).isZero();
            JsonNode pair = new ObjectMapper().readTree(json.toFile()).path("counterfactual").get(0);
            assertThat(pair.path("sentences").asInt()).isEqualTo(15);
            assertThat(pair.path("flagged").asBoolean()).as(bias.out()).isEqualTo(biased);
            assertThat(bias.out()).contains(biased ? "1 pair(s) of groups differ" : "No pair of groups differs");
            String page = Files.readString(html);
            assertThat(page).contains("<title>Text bias", (biased ? 1 : 0) + " of 1 pairs flagged", "said the");
            assertThat(page.contains("class=\"flagged\"")).isEqualTo(biased);

            Cli onData = Cli.run("text-bias", "--model", model.toString(), "--data", data.toString(), "--label", "sentiment",
                    "--positive", "1", "--terms", terms.toString());
            assertThat(onData.code()).as(onData.err()).isZero();
            assertThat(onData.out()).contains("over 300 sentences", "name=male", "BPSN AUC");
        }
    }

    @Test
    void misuseIsRefused(@TempDir Path dir) throws Exception {
        Cli neither = Cli.run("text-bias", "--model", "m.json", "--terms", "builtin");
        assertThat(neither.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(neither.err()).contains("give --data (with --text) or --templates");
        Cli tabular = Cli.run("train", "--data", "adult", "--label", "income", "--features", "age", "--out",
                dir.resolve("lr.json").toString(), "-q");
        assertThat(tabular.code()).as(tabular.err()).isZero();
        Cli wrong = Cli.run("text-bias", "--model", dir.resolve("lr.json").toString(), "--templates", "builtin", "--terms", "builtin");
        assertThat(wrong.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(wrong.err()).contains("text-bias tests text models");
    }

    @Test
    void theEncoderThreadsAreCheckedLikeEveryOtherThreadCount() {
        Cli weat = Cli.run("weat", "--sets", Cli.repo().resolve("data/text/weat-names-pleasant.txt").toString(), "--threads", "0");
        assertThat(weat.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(weat.err()).contains("--threads must be at least 1, got 0");
        Cli bias = Cli.run("text-bias", "--model", "none.json", "--templates", "builtin", "--terms", "builtin", "--threads", "-2");
        assertThat(bias.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bias.err()).contains("--threads must be at least 1, got -2");
    }
}
