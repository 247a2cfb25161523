package dev.probity.report;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.monitor.window.Monitor;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.monitor.window.Period;
import dev.probity.report.html.MonitorHtml;
import dev.probity.report.json.MonitorJson;
import dev.probity.report.text.MonitorText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorReportTest {
    static MonitorResult compas() {
        Frame f = Datasets.load("compas");
        AuditSpec audit = AuditSpec.builder().label("two_year_recid").positive("1").prediction("decile_score >= 5")
                .protectedAttributes("race", "sex").minGroupRows(1).build();
        return Monitor.run(null, f, Monitor.Spec.of("compas_screening_date", Period.parse("3M"), List.of("age", "priors_count", "c_charge_degree",
                "sex"), audit));
    }

    @Test
    void jsonAndTextSayWhatEachWindowShows() throws Exception {
        MonitorResult r = compas();
        String json = MonitorJson.toString(r);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(tree.get("schema").asText()).isEqualTo("probity.monitor/v1");
        assertThat(tree.get("windows")).hasSize(8);
        var w = tree.get("windows").get(1);
        assertThat(w.get("outcome").get("selection_rate").get("low").asDouble()).isLessThan(w.get("outcome").get("selection_rate").get("value").asDouble());
        assertThat(w.get("columns").get(0).get("quantiles")).hasSize(3);
        String text = MonitorText.render(r);
        assertThat(text).contains("Selection rate by race", "reference", "2014-10", "intervals");
    }

    @Test
    void thePageDrawsEveryChartInHeadlessChromium(@TempDir Path dir) throws Exception {
        String html = MonitorHtml.render(compas());
        assertThat(html).doesNotContain("https://cdn").contains("schema probity.monitor/v1");
        Path browser = HtmlReportTest.chromiumOrSkip("the monitor page");
        String dom = HtmlReportTest.renderedDom(browser, dir, "m.html", html);
        // drift, outcome, and a rate and a ratio chart for each of race and sex
        assertThat(dom).contains("data-charts-rendered=\"6\"");
    }
}
