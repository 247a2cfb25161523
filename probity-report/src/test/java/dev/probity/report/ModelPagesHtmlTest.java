package dev.probity.report;

import dev.probity.core.model.Probabilities;
import dev.probity.models.eval.ClassificationReport;
import dev.probity.report.html.ClassificationHtml;
import dev.probity.report.html.ExplainHtml;
import dev.probity.mitigation.MitigationReport;
import dev.probity.mitigation.MitigationRun;
import dev.probity.mitigation.MitigationSettings;
import dev.probity.mitigation.Mitigations;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.report.html.MitigationHtml;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The classification and mitigation pages: escaped, self-contained, and their charts draw in Chromium. */
class ModelPagesHtmlTest {
    /** A real grid-search run on German credit, with hostile text put where data-derived text goes. */
    static MitigationReport mitigation() {
        dev.probity.core.frame.Frame german = dev.probity.core.datasets.Datasets.load("german");
        List<String> features = german.columnNames().stream().filter(c -> !c.equals("credit") && !c.equals("sex")).toList();
        MitigationReport r = MitigationRun.run(new MitigationRun.Request(german, null, "credit", "good", List.of("sex"), features,
                new PipelineTrainer(LinearTrainer.logistic()), Mitigations.create("grid-search", MitigationSettings.defaults().withGrid(3, 2.0)),
                Constraint.DEMOGRAPHIC_PARITY, 42), w -> { });
        List<MitigationReport.Point> candidates = new java.util.ArrayList<>(r.tradeoff().candidates());
        MitigationReport.Point first = candidates.get(0);
        candidates.set(0, new MitigationReport.Point("λ = [</script>]", first.error(), first.disparity(), first.front()));
        MitigationReport.Predictions p = r.predictions();
        return new MitigationReport(r.method(), r.stage(), r.constraint(), r.baseline(), r.mitigated(), r.parameters(), r.details(),
                r.before(), r.after(), new MitigationReport.TradeOff(r.tradeoff().disparity(), r.tradeoff().baseline(), r.tradeoff().mitigated(),
                candidates), new MitigationReport.Predictions("<b>test</b>.csv", p.groups(), p.before(), p.after(), p.expected()), r.rows());
    }

    static ClassificationReport report() {
        return ClassificationReport.of("test <data>", List.of("no", "yes"), new int[] {0, 0, 1, 1},
                Probabilities.binary(new double[] {0.1, 0.6, 0.4, 0.9}));
    }

    static String explainPage() {
        List<String> f = List.of("age", "<b>job</b>");
        List<ExplainHtml.Row> rows = List.of(
                new ExplainHtml.Row(1, "kernel-shap", 0.7, 0.3, f, List.of("30", "clerk"), new double[] {0.3, 0.1}, List.of("R1 — Age"),
                        "The decision is 'yes'.", List.of(Map.of("index", "1", "changes", "age: 30 -> 40", "score", "0.4", "distance", "1.0")),
                        Map.of("model_evaluations", "42")),
                new ExplainHtml.Row(2, "kernel-shap", 0.2, 0.3, f, List.of("50", "nurse"), new double[] {-0.05, -0.05}, List.of(), null,
                        List.of(), Map.of()));
        return ExplainHtml.render("Explanations", "data.csv", "logistic", rows, null);
    }

    static String globalPage() {
        return ExplainHtml.render("Global", "data.csv", "logistic", List.of(), new ExplainHtml.Global(
                List.of(new ExplainHtml.Bar("age", 0.05, 0.03, 0.07)), List.of(new ExplainHtml.Bar("age", 0.1, 0.1, 0.1)),
                List.of(new ExplainHtml.Curve("age", List.of("20", "40"), new double[] {0.2, 0.4})), "if age <= 30\n  -> 0.2", 0.9));
    }

    @Test
    void explainPagesAreEscaped() {
        assertThat(explainPage()).contains("&lt;b&gt;job&lt;/b&gt;").doesNotContain("<b>job</b>").contains("age: 30 -&gt; 40");
        assertThat(globalPage()).contains("Surrogate tree");
    }

    /**
     * Issue 9: LIME's labels read "sex = Male = Male", and its waterfall ended at the surrogate's prediction, not the
     * model's; counterfactual tables lacked the original score; TreeSHAP headlines gave log-odds unlabelled.
     */
    @Test
    void limeWaterfallsEndAtTheModelsPredictionAndTreeMarginsAreLabelled() {
        List<ExplainHtml.Row> rows = List.of(new ExplainHtml.Row(3, "lime", 0.36, 0.23, List.of("sex = Male", "age <= 28"),
                List.of("Male", "25"), new double[] {0.33, -0.08}, List.of(), null,
                List.of(Map.of("index", "1", "changes", "age: 25 -> 40", "before", "0.3600", "score", "0.6000", "distance", "1.0")),
                Map.of("local_fidelity_r2", "0.3123", "local_prediction", "0.48")));
        String page = ExplainHtml.render("Explanations", "data.csv", "logistic", rows, null);
        assertThat(page).contains("\"conditions\":true").contains("not explained by LIME's local surrogate (R² 0.31)")
                .contains("score before").contains("0.3600");
        List<ExplainHtml.Row> tree = List.of(new ExplainHtml.Row(1, "tree-shap", 1.2, 0.35, List.of("x"), List.of("1"), new double[] {0.85},
                List.of(), null, List.of(), Map.of("output", "raw score (logistic link)")));
        assertThat(ExplainHtml.render("Explanations", "data.csv", "xgboost", tree, null)).contains("log-odds (raw score)");
    }

    @Test
    void pagesAreEscapedAndSelfContained() {
        String m = MitigationHtml.render(mitigation());
        assertThat(m).contains("&lt;b&gt;test&lt;/b&gt;.csv").doesNotContain("<b>test</b>").doesNotContain("[</script>]");
        assertThat(m).doesNotContain("http://").doesNotContain("https://cdn");
        String c = ClassificationHtml.render("Classification report", List.of(report()));
        assertThat(c).contains("test &lt;data&gt;").contains("0.7500");
    }

    @Test
    void chartsDrawInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path browser = HtmlReportTest.chromiumOrSkip("the mitigation, classification and explanation pages");
        assertThat(dom(browser, dir, "m.html", MitigationHtml.render(mitigation()))).contains("data-charts-rendered=\"2\"");
        assertThat(dom(browser, dir, "c.html", ClassificationHtml.render("Classification report", List.of(report(), report()))))
                .contains("data-charts-rendered=\"2\"");
        // two waterfalls, the summary beeswarm and its bars
        assertThat(dom(browser, dir, "e.html", explainPage())).contains("data-charts-rendered=\"4\"");
        // importance, mean |SHAP| and one partial-dependence line
        assertThat(dom(browser, dir, "g.html", globalPage())).contains("data-charts-rendered=\"3\"");
    }

    private static String dom(Path browser, Path dir, String name, String html) throws Exception {
        Path page = dir.resolve(name);
        Files.writeString(page, html, StandardCharsets.UTF_8);
        List<String> cmd = HtmlReportTest.chromiumCommand(browser, dir.resolve("profile-" + name));
        cmd.addAll(List.of("--dump-dom", page.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve(name + ".err").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return dom;
    }
}
