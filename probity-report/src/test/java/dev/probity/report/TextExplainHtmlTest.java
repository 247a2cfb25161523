package dev.probity.report;

import dev.probity.report.html.TextExplainHtml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TextExplainHtmlTest {
    /** A probity.text-explanations/v1 document as explain writes it: one row, four words, made up here. */
    static Map<String, Object> doc(String method, Map<String, Object> facts) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row", 2);
        row.put("text", "Megan <b>loved</b> the soup");
        row.put("prediction", 0.1279);
        row.put("base", 0.252);
        row.put("words", List.of("Megan", "<b>loved</b>", "the", "soup"));
        row.put("contributions", List.of(-0.2682, 0.1158, 0.01, -0.0016));
        row.put("facts", facts);
        row.put("decision", "0");
        row.put("plain_language", "The decision is '0'. 'Megan' lowered the score the most, then 'soup'. '<b>loved</b>' raised it the most, then 'the'.");
        row.put("reasons", List.of(Map.of("code", "R1", "word", "Megan", "contribution", -0.2682, "statement", "The word 'Megan'")));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("format", "probity.text-explanations/v1");
        d.put("model", "biased.json");
        d.put("method", method);
        d.put("samples", 0);
        d.put("seed", 42);
        d.put("positive_class", "1");
        d.put("favourable_class", "1");
        d.put("rows", List.of(row));
        return d;
    }

    @Test
    void wordsAreShadedBySignAndSizeWithTheReasonsAndHowTheNumbersWereMade() {
        String html = TextExplainHtml.render(doc("kernel-shap", Map.of("model_evaluations", 16)));
        // shade: 0.12 + 0.6 × |v| / max|v|, below a tenth of the largest left unshaded
        assertThat(html).contains("<span class=\"w down\" style=\"background: rgba(200, 0, 0, 0.72)\" title=\"-0.2682\">Megan</span>");
        double loved = 0.12 + 0.6 * 0.1158 / 0.2682;
        assertThat(html).contains(String.format(java.util.Locale.ROOT,
                "<span class=\"w up\" style=\"background: rgba(0, 160, 0, %.2f)\" title=\"+0.1158\">&lt;b&gt;loved&lt;/b&gt;</span>", loved));
        assertThat(html).contains("<span class=\"w \" style=\"background: rgba(0, 160, 0, 0.00)\" title=\"+0.0100\">the</span>");
        assertThat(html).doesNotContain("<b>loved</b>");
        assertThat(html).contains("exact: all 16 coalitions of 4 words evaluated", "KernelSHAP", "seed 42", "score of the empty text 0.2520",
                "R1</td><td>The word &#39;Megan&#39;", "The decision is &#39;0&#39;. &#39;Megan&#39; lowered the score the most",
                "a cause in the world");
        // self-contained: nothing is fetched
        assertThat(html).doesNotContainPattern("(src|href)=\"?https?:").doesNotContain("@import").doesNotContain("url(http");
        String estimated = TextExplainHtml.render(doc("kernel-shap", Map.of("model_evaluations", 10)));
        assertThat(estimated).contains("estimated: 10 of 2^4 coalitions evaluated");
        String lime = TextExplainHtml.render(doc("lime", Map.of("samples", 5000, "weighted_r2", 0.31)));
        assertThat(lime).contains("LIME", "5000 perturbed texts per row", "surrogate intercept", "weighted R² 0.310 (poor fit");
    }

    /** Headless Chromium draws the shading: red and green pixels where the words are. */
    @Test
    void theShadingIsDrawnInABrowser(@TempDir Path dir) throws Exception {
        Path browser = HtmlReportTest.chromiumOrSkip("the text explanation page");
        Path page = dir.resolve("why.html");
        Files.writeString(page, TextExplainHtml.render(doc("kernel-shap", Map.of("model_evaluations", 16))), StandardCharsets.UTF_8);
        Path png = dir.resolve("why.png");
        List<String> shot = HtmlReportTest.chromiumCommand(browser, dir.resolve("profile"));
        shot.addAll(List.of("--window-size=1000,900", "--screenshot=" + png, page.toUri().toString()));
        Process s = new ProcessBuilder(shot).redirectErrorStream(true).redirectOutput(dir.resolve("err.txt").toFile()).start();
        assertThat(s.waitFor(120, TimeUnit.SECONDS)).isTrue();
        BufferedImage image = ImageIO.read(png.toFile());
        int red = 0;
        int green = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                // rgba(200,0,0,0.72) over white is about (216, 71, 71); rgba(0,160,0,0.38) about (157, 219, 157)
                red += r > 190 && g < 120 && b < 120 ? 1 : 0;
                green += g > 190 && r < 190 && b < 190 && g - r > 40 ? 1 : 0;
            }
        }
        assertThat(red).as("red pixels").isGreaterThan(300);
        assertThat(green).as("green pixels").isGreaterThan(300);
    }
}
