package dev.probity.report;

import dev.probity.core.datasets.Datasets;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.privacy.audit.PrivateAudit;
import dev.probity.privacy.audit.PrivateAuditResult;
import dev.probity.privacy.audit.PrivateAuditSettings;
import dev.probity.privacy.mechanism.Randomness;
import dev.probity.report.html.PrivateAuditHtml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The private audit's page: what was private first, a chart per rate and attribute drawn in Chromium, every group. */
class PrivateAuditHtmlTest {
    private static final AuditSpec SPEC = AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
            .protectedAttributes("race", "sex").reference("race", "Caucasian").build();

    @Test
    void aSeededReleaseSaysItIsNotPrivateAndEveryChartIsDrawn(@TempDir Path dir) throws Exception {
        PrivateAuditResult r = PrivateAudit.run(Datasets.load("compas"), SPEC, PrivateAuditSettings.of(1).withRandomness(Randomness.seeded(3)));
        String html = PrivateAuditHtml.render(r);
        assertThat(html).contains("What was private", "Not private.", "48 confusion counts of 12 combinations", "reference Caucasian",
                "African-American", "Native American", "schema probity.private-audit/v1");
        assertThat(html).doesNotContain("{{");
        var fpr = r.attribute("race").group("African-American").metric("fpr");
        assertThat(html).contains(String.format(java.util.Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * fpr.value(), 100 * fpr.lower(), 100 * fpr.upper()));
        Path browser = HtmlReportTest.chromiumOrSkip("the private audit page");
        String dom = HtmlReportTest.renderedDom(browser, dir, "private.html", html);
        // three rates for each of two attributes
        assertThat(dom).contains("data-charts-rendered=\"6\"");
    }

    @Test
    void aSecureReleaseStatesItsGuarantee() {
        PrivateAuditResult r = PrivateAudit.run(Datasets.load("compas"), SPEC, PrivateAuditSettings.of(0.5).withDelta(1e-6));
        String html = PrivateAuditHtml.render(r).replace("&#x3D;", "="); // the template escapes '=' in text
        assertThat(html).contains("(ε = 0.5, δ = 1.0E-6)-differential privacy (discrete Gaussian)").doesNotContain("Not private.");
    }
}
