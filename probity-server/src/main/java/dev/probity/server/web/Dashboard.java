package dev.probity.server.web;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.probity.report.html.ChartJs;
import dev.probity.server.auth.Role;
import dev.probity.server.store.Alerts;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.Statistics;
import dev.probity.server.store.TokenStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard: server-rendered pages (JMustache templates, which escape every value) with Chart.js charts and htmx
 * for acknowledging an alert in place. A person logs in with an API token; the browser keeps a session cookie. Every
 * page reads the same statistics the API answers from. Pages send a Content-Security-Policy that allows scripts from
 * the service only; chart data travel as JSON in a non-executable script element.
 */
public final class Dashboard {
    static final String COOKIE = "probity_session";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
            + "form-action 'self'; base-uri 'none'";
    private final TokenStore tokens;
    private final ModelStore models;
    private final Statistics statistics;
    private final Alerts alerts;
    private final Sessions sessions = new Sessions();
    private final boolean secureCookies;
    private final Map<String, Template> templates = new HashMap<>();
    private volatile String chartJs;
    private final EvidencePages evidencePages;
    private final ModelPage modelPage;
    private final dev.probity.server.evidence.EvidenceStore evidence;

    public Dashboard(TokenStore tokens, ModelStore models, Statistics statistics, Alerts alerts, boolean secureCookies,
                     dev.probity.server.evidence.EvidenceStore evidence, dev.probity.server.store.AccessLog accessLog) {
        this.evidence = evidence;
        this.evidencePages = evidence == null ? null : new EvidencePages(this, evidence, models,
                new dev.probity.server.evidence.Explanations(statistics, evidence), accessLog);
        this.tokens = tokens;
        this.models = models;
        this.statistics = statistics;
        this.alerts = alerts;
        this.secureCookies = secureCookies;
        this.modelPage = new ModelPage(statistics, alerts, evidencePages, this::stageOf);
    }

    /** Registers the pages. */
    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect("/ui/"));
        routes.get("/ui/login", ctx -> page(ctx, "login", Map.of()));
        routes.get("/favicon.ico", ctx -> ctx.status(204));
        routes.post("/ui/login", this::login);
        routes.post("/ui/logout", ctx -> {
            if (!sameOrigin(ctx)) {
                ctx.status(403).result("cross-site request refused");
                return;
            }
            sessions.close(ctx.cookie(COOKIE));
            ctx.removeCookie(COOKIE, "/");
            ctx.redirect("/ui/login", io.javalin.http.HttpStatus.SEE_OTHER);
        });
        routes.get("/ui/", signedIn(Set.of(Role.VIEWER, Role.ANALYST, Role.APPROVER), this::home));
        routes.get("/ui/models/{model}", signedIn(Set.of(Role.VIEWER, Role.ANALYST, Role.APPROVER), this::model));
        routes.post("/ui/alerts/{id}/acknowledge", signedIn(Set.of(Role.ANALYST, Role.APPROVER), this::acknowledge));
        routes.get("/ui/assets/{name}", this::asset);
        if (evidencePages != null) {
            evidencePages.register(routes);
        }
    }

    interface Page {
        void handle(Context ctx, TokenStore.Caller who) throws Exception;
    }

    Handler signedIn(Set<Role> roles, Page page) {
        return ctx -> {
            Optional<TokenStore.Caller> session = sessions.caller(ctx.cookie(COOKIE));
            // a revoked token ends its sessions at once
            Optional<TokenStore.Caller> who = session.flatMap(c -> tokens.live(c.tokenId()));
            if (who.isEmpty()) {
                if (ctx.method().name().equals("GET")) {
                    ctx.redirect("/ui/login", io.javalin.http.HttpStatus.SEE_OTHER);
                } else {
                    ctx.status(401).result("sign in again");
                }
                return;
            }
            if (who.get().role() != Role.ADMIN && !roles.contains(who.get().role())) {
                ctx.status(403);
                page(ctx, "message", Map.of("title", "Not allowed", "message", "A token of role " + who.get().role().id() + " may not open this page.",
                        "who", who.get().name()));
                return;
            }
            if (!ctx.method().name().equals("GET") && !sameOrigin(ctx)) {
                ctx.status(403).result("cross-site request refused");
                return;
            }
            page.handle(ctx, who.get());
        };
    }

    /** A state-changing request must come from the dashboard's own pages (the cookie is SameSite=Strict as well). */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin == null) {
            String site = ctx.header("Sec-Fetch-Site");
            return site == null || site.equals("same-origin");
        }
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private void login(Context ctx) {
        if (!sameOrigin(ctx)) {
            ctx.status(403).result("cross-site request refused");
            return;
        }
        String token = ctx.formParam("token");
        Optional<TokenStore.Caller> c = token == null ? Optional.empty() : tokens.authenticate(token.strip());
        if (c.isEmpty() || c.get().role() == Role.INGEST) {
            ctx.status(401);
            page(ctx, "login", Map.of("error", c.isEmpty() ? "That token is unknown, revoked or mistyped." : "An ingest token cannot open the dashboard."));
            return;
        }
        String id = sessions.open(c.get());
        ctx.header("Set-Cookie", COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + Sessions.LIFETIME.toSeconds()
                + (secureCookies ? "; Secure" : ""));
        ctx.redirect("/ui/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void home(Context ctx, TokenStore.Caller who) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Long> open = new HashMap<>();
        for (Alerts.Alert a : alerts.list(null, true)) {
            open.merge(a.model(), 1L, Long::sum);
        }
        for (ModelStore.StoredModel m : models.list()) {
            List<Statistics.Window> ws = statistics.windows(m.name(), null, null);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", m.name());
            r.put("stage", stageOf(m));
            r.put("windows", ws.size());
            r.put("predictions", String.format("%,d", ws.stream().mapToLong(Statistics.Window::predictions).sum()));
            r.put("labelled", String.format("%,d", ws.stream().mapToLong(Statistics.Window::labelled).sum()));
            r.put("alerts", open.getOrDefault(m.name(), 0L));
            r.put("hasAlerts", open.getOrDefault(m.name(), 0L) > 0);
            r.put("last", ws.isEmpty() ? "—" : ws.get(ws.size() - 1).sketches().label());
            rows.add(r);
        }
        page(ctx, "home", Map.of("who", who.name(), "role", who.role().id(), "models", rows, "none", rows.isEmpty()));
    }

    private void model(Context ctx, TokenStore.Caller who) throws Exception {
        String name = ctx.pathParam("model");
        Optional<ModelStore.StoredModel> found = models.get(name);
        if (found.isEmpty()) {
            ctx.status(404);
            page(ctx, "message", Map.of("title", "No such model", "message", "There is no model '" + name + "'.", "who", who.name()));
            return;
        }
        page(ctx, "model", modelPage.values(found.get(), who));
    }

    private void acknowledge(Context ctx, TokenStore.Caller who) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.status(400).result("an alert's id is a number");
            return;
        }
        alerts.acknowledge(id, who.name() + " (token " + who.tokenId() + ")");
        Optional<Alerts.Alert> a = alerts.get(id);
        if (a.isEmpty()) {
            ctx.status(404).result("no alert " + id);
            return;
        }
        ctx.contentType("text/html; charset=utf-8").result(template("alert-row").execute(ModelPage.alertRow(a.get(), true)));
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("name");
        String body;
        String type;
        switch (name) {
            case "chart.js" -> {
                if (chartJs == null) {
                    chartJs = ChartJs.script();
                }
                body = chartJs;
                type = "text/javascript; charset=utf-8";
            }
            case "htmx.js" -> {
                body = "/*! htmx 2.0.4 — Zero-Clause BSD (0BSD), https://htmx.org */\n"
                        + resource("/META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js");
                type = "text/javascript; charset=utf-8";
            }
            case "dashboard.js" -> {
                body = resource("/dev/probity/server/web/dashboard.js");
                type = "text/javascript; charset=utf-8";
            }
            case "ledger.js" -> {
                body = resource("/dev/probity/server/web/ledger.js");
                type = "text/javascript; charset=utf-8";
            }
            case "explanation.js" -> {
                body = resource("/dev/probity/server/web/explanation.js");
                type = "text/javascript; charset=utf-8";
            }
            case "dashboard.css" -> {
                body = resource("/dev/probity/server/web/dashboard.css");
                type = "text/css; charset=utf-8";
            }
            default -> {
                ctx.status(404).result("no such asset");
                return;
            }
        }
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(type).result(body);
    }

    /** The registry's stage of the model version that makes a model's predictions. */
    private String stageOf(ModelStore.StoredModel m) {
        return evidence == null ? "not registered (the service keeps no evidence log)" : evidence.stageOf(m.definition().registered());
    }

    /** JSON for a non-executable script element: every "<" as \\u003c, so nothing in the data can end the element or open a comment. */
    static String scriptJson(com.fasterxml.jackson.databind.JsonNode data) {
        return data.toString().replace("<", "\\u003c");
    }

    void page(Context ctx, String name, Map<String, Object> values) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: under no-referrer Chromium sends "Origin: null" with form posts, and the origin check needs it
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(template(name).execute(values));
    }

    private Template template(String name) {
        return templates.computeIfAbsent(name, n -> {
            try (InputStream in = Dashboard.class.getResourceAsStream("/dev/probity/server/web/" + n + ".mustache")) {
                if (in == null) {
                    throw new IllegalStateException("no template " + n);
                }
                return Mustache.compiler().defaultValue("")
                        .withLoader(partial -> new java.io.StringReader(resource("/dev/probity/server/web/" + partial + ".mustache")))
                        .compile(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String resource(String path) {
        try (InputStream in = Dashboard.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
