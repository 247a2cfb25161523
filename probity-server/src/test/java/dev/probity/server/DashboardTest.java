package dev.probity.server;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (Playwright for Java driving Debian's Chromium; no browser is downloaded): sign in,
 * open the demo model, see its charts drawn from ingested predictions, acknowledge an alert in place. Screenshots are
 * kept in target/dashboard-*.png. Also, without a browser: sessions, roles and cross-site requests.
 */
class DashboardTest {
    @TempDir
    static Path dir;
    static ProbityServer server;
    static String admin;
    static String base;

    @BeforeAll
    static void start() {
        server = ProbityServer.start(ServerConfig.defaults(dir).withPort(0).withChecksEvery(null), true);
        admin = server.firstAdminToken().orElseThrow();
        base = "http://127.0.0.1:" + server.port();
        assertThat(server.runChecks().raised()).as("the demo data raise alerts").isPositive();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Path chromium() {
        for (String c : List.of(System.getenv().getOrDefault("PROBITY_CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (!c.isEmpty() && Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        if ("1".equals(System.getenv("PROBITY_REQUIRE_BROWSER"))) {
            throw new AssertionError("PROBITY_REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium)");
        }
        Assumptions.abort("Chromium is not installed");
        return null;
    }

    @Test
    void signInOpenAModelSeeTheChartsAndAcknowledgeAnAlert() throws Exception {
        Path browserPath = chromium();
        Path out = Path.of("target");
        Files.createDirectories(out);
        try (Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(browserPath).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu")))) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 1800));
            List<String> errors = new ArrayList<>();
            page.onConsoleMessage(m -> {
                if (m.type().equals("error")) {
                    errors.add(m.text());
                }
            });
            page.onPageError(errors::add);

            page.navigate(base + "/ui/");
            assertThat(page.url()).endsWith("/ui/login");
            page.fill("#token", "prb_000000000000_wrong");
            page.click("button[type=submit]");
            assertThat(page.locator(".error").textContent()).contains("unknown, revoked or mistyped");
            page.fill("#token", admin);
            page.click("button[type=submit]");
            page.waitForURL(base + "/ui/");
            errors.clear(); // the refused sign-in above answered 401, as it should
            assertThat(page.locator("#models").textContent()).contains(DemoData.MODEL, "7,214");
            page.screenshot(new Page.ScreenshotOptions().setPath(out.resolve("dashboard-models.png")).setFullPage(true));

            page.click("text=" + DemoData.MODEL);
            page.waitForFunction("() => window.probityCharts && window.probityCharts.length >= 4");
            int charts = ((Number) page.evaluate("() => window.probityCharts.length")).intValue();
            // race and sex: selection rate and its ratio each, then true positive rates
            assertThat(charts).isGreaterThanOrEqualTo(6);
            Object points = page.evaluate("() => window.probityCharts[0].data.datasets.map(d => d.data.filter(x => x !== null).length)"
                    + ".reduce((a, b) => a + b, 0)");
            assertThat(((Number) points).intValue()).as("points drawn from the ingested windows").isGreaterThan(24);
            assertThat(page.locator("#drift").textContent()).contains("age", "priors_count");
            Object estimated = page.evaluate("() => window.probityCharts.filter(c => c.data.datasets.some(d => d.label === 'estimated (CBPE)'))"
                    + ".map(c => c.data.datasets.find(d => d.label === 'estimated (CBPE)').data.filter(x => x !== null).length)[0]");
            assertThat(((Number) estimated).intValue()).as("estimated accuracy drawn per window").isGreaterThan(12);
            page.screenshot(new Page.ScreenshotOptions().setPath(out.resolve("dashboard-model.png")).setFullPage(true));

            Locator firstAck = page.locator("button.ack").first();
            String rowId = firstAck.evaluate("b => b.closest('tr').id").toString();
            firstAck.click();
            page.waitForSelector("#" + rowId + ".done");
            assertThat(page.locator("#" + rowId).textContent()).contains("acknowledged by first-admin");
            page.screenshot(new Page.ScreenshotOptions().setPath(out.resolve("dashboard-acknowledged.png")).setFullPage(true));

            // one logged decision, explained by the registered model file
            assertThat(page.locator("#registry").textContent()).contains(DemoData.MODEL + "@1", "validated");
            page.fill("#explain-id", "compas-1");
            page.selectOption("#explain select[name=favourable]", "negative");
            page.click("#explain button[type=submit]");
            page.waitForFunction("() => window.probityCharts && window.probityCharts.length === 1");
            assertThat(page.locator("#decision").textContent()).isEqualTo("0");
            assertThat(page.locator("#plain").textContent()).contains("favourable");
            page.screenshot(new Page.ScreenshotOptions().setPath(out.resolve("dashboard-explanation.png")).setFullPage(true));

            // the model version's lifecycle, compliance per policy and card
            page.navigate(base + "/ui/registry/" + DemoData.MODEL + "/1");
            assertThat(page.locator("#registry-stage").textContent()).isEqualTo("validated");
            assertThat(page.locator("#compliance details.policy").count()).isEqualTo(dev.probity.ledger.comply.Policy.BUILT_IN.size());
            page.screenshot(new Page.ScreenshotOptions().setPath(out.resolve("dashboard-registry.png")).setFullPage(true));

            // the evidence log: a proof checked in the page, signature included; a tampered entry fails
            page.navigate(base + "/ui/ledger");
            page.locator("button.verify").first().click();
            page.waitForSelector("#entries td.verified, #entries td.failed");
            assertThat(page.locator("#entries td.verified").first().textContent()).startsWith("verified: in the log of")
                    .contains("signed by " + dev.probity.server.evidence.EvidenceStore.ORIGIN);
            page.route("**/ui/ledger/entries/*", route -> {
                com.microsoft.playwright.APIResponse real = route.fetch();
                com.fasterxml.jackson.databind.node.ObjectNode o;
                try {
                    o = (com.fasterxml.jackson.databind.node.ObjectNode) Http.JSON.readTree(real.text());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                byte[] entry = java.util.Base64.getDecoder().decode(o.get("entry_base64").asText());
                entry[entry.length / 2] ^= 1;
                o.put("entry_base64", java.util.Base64.getEncoder().encodeToString(entry));
                route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setResponse(real).setBody(o.toString()));
            });
            page.locator("button.verify").first().click();
            page.waitForSelector("#entries td.failed");
            assertThat(page.locator("#entries td.failed").first().textContent()).startsWith("FAILED");
            page.screenshot(new Page.ScreenshotOptions().setPath(out.resolve("dashboard-ledger.png")).setFullPage(true));
            assertThat(errors).as("no script errors, no CSP violations").isEmpty();
        }
        // the acknowledgement is the API's too
        Http.Reply alerts = new Http(server.port()).get("/api/v1/alerts?model=" + DemoData.MODEL, admin);
        assertThat(alerts.body()).contains("\"acknowledgedBy\":\"first-admin (token ");
    }

    @Test
    void sessionsRolesAndCrossSiteRequests() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        Http api = new Http(server.port());
        String viewer = api.post("/api/v1/tokens", admin, "{\"name\": \"viewer\", \"role\": \"viewer\"}").json().get("token").asText();
        String ingest = api.post("/api/v1/tokens", admin, "{\"name\": \"ingest\", \"role\": \"ingest\"}").json().get("token").asText();
        HttpResponse<String> anon = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/models/" + DemoData.MODEL)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anon.statusCode()).isEqualTo(303);
        assertThat(anon.headers().firstValue("Location")).contains("/ui/login");

        HttpResponse<String> noIngest = login(http, ingest);
        assertThat(noIngest.statusCode()).isEqualTo(401);
        HttpResponse<String> ok = login(http, viewer);
        assertThat(ok.statusCode()).isEqualTo(303);
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict").doesNotContain(viewer);
        String session = cookie.substring(0, cookie.indexOf(';'));

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/models/" + DemoData.MODEL)).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        assertThat(page.body()).doesNotContain("<button class=\"ack\"");
        HttpResponse<String> ack = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/alerts/1/acknowledge")).header("Cookie", session)
                .header("Origin", base).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ack.statusCode()).as("viewers do not acknowledge").isEqualTo(403);

        String analyst = api.post("/api/v1/tokens", admin, "{\"name\": \"analyst\", \"role\": \"analyst\"}").json().get("token").asText();
        String analystSession = login(http, analyst).headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/alerts/1/acknowledge")).header("Cookie", analystSession)
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).as("a cross-site request is refused").isEqualTo(403);

        // a revoked token's sessions end at once
        String id = dev.probity.server.auth.Tokens.idOf(viewer);
        api.post("/api/v1/tokens/" + id + "/revoke", admin, null);
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/")).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(303);
        // values from the data are data, never markup: not in the chart data, not in the tables
        String evil = "</script><script>alert(1)</script><!--";
        assertThat(api.post("/api/v1/models/" + DemoData.MODEL + "/predictions", admin, "[{\"id\": \"x-evil\", \"timestamp\": \"2014-12-01T00:00:00Z\", "
                + "\"inputs\": {\"race\": \"" + evil.replace("\"", "\\\"") + "\", \"sex\": \"Male\", \"age\": 30, \"priors_count\": 0}, "
                + "\"prediction\": \"1\"}]").status()).isEqualTo(200);
        HttpResponse<String> withEvil = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/models/" + DemoData.MODEL)).header("Cookie", analystSession)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withEvil.statusCode()).isEqualTo(200);
        assertThat(withEvil.body()).doesNotContain("<script>alert(1)").doesNotContain("<!--").contains("\\u003cscript>alert(1)");
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/")).header("Cookie", analystSession).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(home.body()).contains(DemoData.MODEL);
    }

    static HttpResponse<String> login(HttpClient http, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/ui/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", base).POST(HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
