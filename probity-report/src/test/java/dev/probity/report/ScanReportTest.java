package dev.probity.report;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Labels;
import dev.probity.core.model.TrainingSet;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.monitor.scan.Scan;
import dev.probity.report.html.ScanHtml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScanReportTest {
    @Test
    void theScanPageListsIssuesAndDrawsEveryCheck(@TempDir Path dir) throws Exception {
        Frame adult = Datasets.load("adult").head(4000);
        List<String> features = List.of("age", "education_num", "hours_per_week", "sex", "marital_status");
        var model = new PipelineTrainer(LinearTrainer.logistic()).fit(new TrainingSet(adult, features, Labels.fromColumn(adult, "income", ">50K"), null, 0));
        Frame test = Datasets.load("adult-test").head(2000);
        Scan.Report r = Scan.run(model, test, new Scan.Settings("income", List.of("sex"), List.of(), null, 30, 1000, 0.1, 0.1, 10, 42), s -> { });
        String html = ScanHtml.render(r);
        assertThat(html).contains("schema probity.scan/v1", "Perturbations", "Causal discrimination").doesNotContain("https://cdn");
        // the data's name is shown as a name, and the chart data only inside its script element
        assertThat(html).contains("logistic on adult.test");
        assertThat(html.indexOf("\"perturbation\":")).isGreaterThan(html.indexOf("<script id=\"chart-data\""));
        Path browser = HtmlReportTest.chromiumOrSkip("the scan page");
        String dom = HtmlReportTest.renderedDom(browser, dir, "s.html", html);
        // perturbation, robustness, causal discrimination and slices
        assertThat(dom).contains("data-charts-rendered=\"4\"");
    }
}
