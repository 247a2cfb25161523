package dev.probity.report;

import dev.probity.fairness.audit.AuditResult;
import dev.probity.report.html.AuditHtml;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    @Test
    void reportIsSelfContained() {
        String html = AuditHtml.render(Fixtures.compasAudit(0, 2));
        // No resource is fetched from anywhere: no src/href/url() to another origin, no imports.
        Matcher m = Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:|//)").matcher(html);
        assertThat(m.find()).as("external reference").isFalse();
        assertThat(html).doesNotContainPattern("(?i)url\\(\\s*['\"]?https?:").doesNotContain("@import");
        assertThat(html).contains("Chart.js v4.4.1").contains("African-American").contains("Four-fifths rule")
                .contains("NYC Local Law 144").contains("data-chart=");
    }

    /** MIT asks that the permission notice travel with every copy of the inlined Chart.js bundle and its @kurkle/color. */
    @Test
    void inlinedChartJsCarriesItsLicenseNotices() {
        String html = AuditHtml.render(Fixtures.compasAudit(0, 2));
        int script = html.indexOf("Chart.js 4.4.1");
        assertThat(script).isPositive();
        String head = html.substring(script, Math.min(html.length(), script + 4000));
        assertThat(head).contains("Copyright (c) 2014-2022 Chart.js Contributors", "Copyright (c) 2018-2021 Jukka Kurkela")
                .containsPattern("(?s)Permission is hereby granted.*Permission is hereby granted");
    }

    @Test
    void textFromTheDataIsEscaped() {
        AuditResult r = dev.probity.fairness.audit.Audit.run(dev.probity.core.frame.Frame.of(
                dev.probity.core.frame.StringColumn.of("g", "<script>alert(1)</script>", "b", "<script>alert(1)</script>", "b"),
                dev.probity.core.frame.LongColumn.of("y", 1, 0, 0, 1), dev.probity.core.frame.LongColumn.of("p", 1, 1, 0, 0)),
                dev.probity.fairness.audit.AuditSpec.builder().label("y").prediction("p").protectedAttributes("g").build());
        String html = AuditHtml.render(r);
        assertThat(html).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    /**
     * Chromium, or the test is skipped — saying so on the console, where a developer sees it, and not only in a
     * report file: a skipped browser check is a check that did not run. {@code PROBITY_REQUIRE_BROWSER=1} (CI) turns
     * the skip into a failure.
     */
    static Path chromiumOrSkip(String what) {
        Path browser = chromium();
        if (browser == null) {
            if ("1".equals(System.getenv("PROBITY_REQUIRE_BROWSER"))) {
                throw new AssertionError("PROBITY_REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium)");
            }
            System.err.println("SKIPPED: the browser check of " + what + " did not run: Chromium is not installed "
                    + "(apt-get install chromium, or PROBITY_CHROMIUM=/path/to/chromium)");
            Assumptions.abort("Chromium is not installed");
        }
        return browser;
    }

    static Path chromium() {
        String given = System.getenv("PROBITY_CHROMIUM");
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Path.of(given);
        }
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    /** The page's DOM after headless Chromium ran its scripts (the page is written to {@code dir} first). */
    static String renderedDom(Path browser, Path dir, String name, String html) throws Exception {
        Path page = dir.resolve(name);
        java.nio.file.Files.writeString(page, html, java.nio.charset.StandardCharsets.UTF_8);
        List<String> cmd = chromiumCommand(browser, dir.resolve("profile-" + name));
        cmd.addAll(List.of("--dump-dom", page.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve(name + ".err").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return dom;
    }

    static List<String> chromiumCommand(Path browser, Path profile) {
        return new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--virtual-time-budget=8000"));
    }

    /** Renders the report in headless Chromium: the charts are drawn, and the screenshot is a real page. */
    @Test
    void rendersInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path browser = HtmlReportTest.chromiumOrSkip("the audit report");
        AuditResult r = Fixtures.compasAudit(100, 2);
        Path page = dir.resolve("report.html");
        Files.writeString(page, AuditHtml.render(r), StandardCharsets.UTF_8);

        List<String> dump = chromiumCommand(browser, dir.resolve("profile1"));
        dump.addAll(List.of("--dump-dom", page.toUri().toString()));
        Process p = new ProcessBuilder(dump).redirectError(dir.resolve("err1.txt").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        // six metric charts per attribute, and a calibration chart per attribute: the fixture audits a score
        int charts = 7 * r.attributes().size();
        assertThat(dom).contains("Calibration by group");
        assertThat(dom).contains("data-charts-rendered=\"" + charts + "\"");

        Path png = dir.resolve("report.png");
        List<String> shot = chromiumCommand(browser, dir.resolve("profile2"));
        shot.addAll(List.of("--window-size=1280,1800", "--screenshot=" + png, page.toUri().toString()));
        Process s = new ProcessBuilder(shot).redirectErrorStream(true).redirectOutput(dir.resolve("err2.txt").toFile()).start();
        assertThat(s.waitFor(120, TimeUnit.SECONDS)).isTrue();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(1800);
        Set<Integer> colours = new HashSet<>();
        int accent = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                int red = rgb >> 16;
                int green = (rgb >> 8) & 0xFF;
                int blue = rgb & 0xFF;
                if (blue > 200 && red < 170 && green < 200 && blue - red > 60) {
                    accent++; // the blue of the bars and links
                }
            }
        }
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(200);
        assertThat(accent).as("bar-blue pixels").isGreaterThan(2000);
        Path keep = Path.of(System.getProperty("probity.repo", "..")).resolve("probity-report/target/report-screenshot.png");
        Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
