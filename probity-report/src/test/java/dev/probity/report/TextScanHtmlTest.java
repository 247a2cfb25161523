package dev.probity.report;

import dev.probity.report.html.TextScanHtml;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TextScanHtmlTest {
    static Map<String, Object> test(String name, String kind, int sentences, int failures, String severity, List<Map<String, Object>> examples) {
        Map<String, Object> t = new HashMap<>();
        t.put("test", name);
        t.put("kind", kind);
        t.put("sentences", sentences);
        t.put("failures", failures);
        t.put("failure_rate", (double) failures / sentences);
        t.put("mean_abs_score_change", 0.0815);
        t.put("severity", severity);
        t.put("examples", examples);
        return t;
    }

    @Test
    void eachTestWithItsRateSeverityAndTheRewrittenWordsMarked() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "probity.text-scan/v1");
        doc.put("model", "sentiment.json");
        doc.put("texts", 400);
        doc.put("tests", List.of(
                test("typo", "invariance", 363, 19, "medium", List.of(Map.of("before", "Daniel said the phone was lovely.", "scoreBefore", 0.804,
                        "after", "Daniel said the phone was loevly.", "scoreAfter", 0.404))),
                test("neutral-add", "invariance", 400, 41, "major", List.of(Map.of("before", "It <b>broke</b>.", "scoreBefore", 0.149,
                        "after", "It <b>broke</b>. I wrote this review today.", "scoreAfter", 0.501))),
                test("lowercase", "invariance", 400, 0, null, List.of())));
        String html = TextScanHtml.render(doc);
        // 19 of 363 is 5.2%; the typo marks only the word it changed, the added sentence is marked whole
        assertThat(html).contains("<td>typo</td><td>invariance</td><td class=\"num\">363</td><td class=\"num\">19</td>"
                + "<td class=\"num\">5.2%</td><td class=\"num\">0.0815</td><td>medium</td>");
        assertThat(html).contains("0.804 Daniel said the phone was <mark>lovely.</mark><br>→ 0.404 Daniel said the phone was <mark>loevly.</mark>");
        assertThat(html).contains("→ 0.501 It &lt;b&gt;broke&lt;/b&gt;. <mark>I</mark> <mark>wrote</mark> <mark>this</mark> <mark>review</mark> <mark>today.</mark>");
        assertThat(html).doesNotContain("<b>broke</b>");
        assertThat(html).contains("<tr class=\"sev-major\"><td>neutral-add", "<tr class=\"sev-\"><td>lowercase",
                "400 texts", "3 tests", "2 with failures", "worst: major");
        assertThat(html).doesNotContainPattern("(src|href)=\"?https?:");
    }
}
