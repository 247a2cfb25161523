package dev.probity.report;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.monitor.drift.Drift;
import dev.probity.monitor.quality.DataQuality;
import dev.probity.report.html.DriftHtml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DriftReportTest {
    @Test
    void theDriftPageDrawsPValuesAndDistancesApart(@TempDir Path dir) throws Exception {
        Frame ref = Datasets.load("adult").head(900);
        Frame cur = Datasets.load("adult-test").head(700);
        // a reference of 900 rows: KS and chi-square (p-values) for some columns, and PSI (a distance) asked for one
        Drift.Report ks = Drift.run(ref, cur, Drift.Spec.defaults());
        String html = DriftHtml.render(ks, DataQuality.compare(ref, cur), null);
        assertThat(html).contains("schema probity.drift/v1", "chosen because", "Data quality").doesNotContain("https://cdn");
        Path browser = HtmlReportTest.chromiumOrSkip("the drift page");
        String dom = HtmlReportTest.renderedDom(browser, dir, "d.html", html);
        assertThat(dom).contains("data-charts-rendered=\"1\"");
    }
}
