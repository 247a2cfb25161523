package dev.probity.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.privacy.audit.PrivateAudit;
import dev.probity.privacy.audit.PrivateAuditResult;
import dev.probity.privacy.audit.PrivateAuditSettings;
import dev.probity.privacy.budget.BudgetExceededException;
import dev.probity.privacy.budget.PrivacyBudget;
import dev.probity.report.json.PrivacyJson;
import dev.probity.server.ingest.Records;
import dev.probity.server.store.Budgets;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.Statistics;
import dev.probity.server.store.TokenStore;
import io.javalin.http.Context;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static dev.probity.server.api.Api.JSON;

/**
 * The model's privacy budget and the private queries paid from it. A query is answered by the library's private audit
 * of the stored windows' group statistics ({@link PrivateAudit#fromStatistics}): the budget is debited (or refuses) before
 * the noise is drawn, under the budget file's lock, so parallel queries never overspend.
 */
final class PrivacyHandlers {
    private final Api api;
    private final Statistics statistics;
    private final Budgets budgets;

    PrivacyHandlers(Api api, Statistics statistics, Budgets budgets) {
        this.api = api;
        this.statistics = statistics;
        this.budgets = budgets;
    }

    void createBudget(Context ctx) {
        ModelStore.StoredModel m = api.model(ctx);
        JsonNode n = Records.tree(api.body(ctx));
        BigDecimal epsilon = decimal(n, "epsilon", true);
        BigDecimal delta = decimal(n, "delta", false);
        PrivacyBudget b = budgets.create(m.name(), epsilon, delta == null ? BigDecimal.ZERO : delta);
        ctx.status(201);
        Api.json(ctx, budgetJson(m.name(), b));
    }

    void getBudget(Context ctx) {
        ModelStore.StoredModel m = api.model(ctx);
        var b = budgets.find(m.name());
        if (b.isEmpty()) {
            ObjectNode o = JSON.createObjectNode();
            o.put("model", m.name());
            o.putNull("budget");
            o.put("note", "no privacy budget yet: an admin creates one (POST /api/v1/models/" + m.name() + "/budget); no private query "
                    + "is answered without one");
            Api.json(ctx, o);
            return;
        }
        Api.json(ctx, budgetJson(m.name(), b.get()));
    }

    /** The budget as the library's JSON ({@code probity.dp-budget/v1}: totals, balance, every release), with the model. */
    private static ObjectNode budgetJson(String model, PrivacyBudget b) {
        try {
            ObjectNode o = JSON.createObjectNode();
            o.put("model", model);
            o.setAll((ObjectNode) JSON.readTree(PrivacyJson.budget(b)));
            o.put("accounting", "basic composition: each release's ε and δ add up, exactly; a query is debited before its answer is computed");
            return o;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Private selection rates per group over the windows in [from, to), from the predictions alone (no labels needed). */
    void selection(Context ctx) throws Exception {
        ModelStore.StoredModel m = api.model(ctx);
        Query q = query(ctx);
        List<Statistics.Window> ws = statistics.windows(m.name(), q.from, q.to);
        StatsTable merged = null;
        long predictions = 0;
        for (Statistics.Window w : ws) {
            predictions += w.predictions();
            merged = merged == null ? w.selection() : merged.merge(w.selection());
        }
        if (merged == null) {
            nothing(ctx, m, "no predictions in these windows: nothing was released and nothing spent");
            return;
        }
        String source = "model " + m.name() + ": the predictions of " + ws.size() + " window(s)" + span(q);
        PrivacyBudget.Released<PrivateAuditResult> r = release(ctx, m, merged, source, m.definition().selectionStatistics(), q);
        if (r == null) {
            return;
        }
        ObjectNode o = head(m, r, "private selection rates");
        ObjectNode attrs = o.putObject("attributes");
        for (PrivateAuditResult.Attribute a : r.result().attributes()) {
            ObjectNode ao = attrs.putObject(a.name());
            ao.put("reference", a.reference());
            ArrayNode gs = ao.putArray("groups");
            for (PrivateAuditResult.Group g : a.groups()) {
                ObjectNode go = gs.addObject();
                go.put("group", g.name());
                // with the prediction standing in for the label, the positive decisions are the true and false positives
                go.put("noisyPredictions", g.rows());
                go.put("noisyPositive", g.tp() + g.fp());
                go.set("selectionRate", rate(g.metric("selection_rate")));
            }
            ArrayNode ds = ao.putArray("differences");
            for (PrivateAuditResult.Disparity d : a.disparities()) {
                if (d.metric().equals("selection_rate")) {
                    ObjectNode x = ds.addObject();
                    x.put("group", d.group());
                    x.put("reference", d.reference());
                    x.set("difference", JSON.valueToTree(d.difference()));
                    x.set("ratio", JSON.valueToTree(d.ratio()));
                }
            }
        }
        o.set("notes", JSON.valueToTree(r.result().notes()));
        Api.json(ctx, o);
    }

    /** The private fairness audit of the labelled predictions in [from, to): every rate and disparity from noisy confusion counts. */
    void fairness(Context ctx) throws Exception {
        ModelStore.StoredModel m = api.model(ctx);
        Query q = query(ctx);
        List<Statistics.Window> ws = statistics.windows(m.name(), q.from, q.to);
        StatsTable merged = null;
        for (Statistics.Window w : ws) {
            if (w.outcomes() != null) {
                merged = merged == null ? w.outcomes() : merged.merge(w.outcomes());
            }
        }
        if (merged == null) {
            nothing(ctx, m, (ws.isEmpty() ? "no predictions in these windows" : "no prediction in these windows has its label yet")
                    + ": nothing was released and nothing spent");
            return;
        }
        String source = "model " + m.name() + ": the labelled predictions of " + ws.size() + " window(s)" + span(q);
        PrivacyBudget.Released<PrivateAuditResult> r = release(ctx, m, merged, source, m.definition().outcomeAudit(), q);
        if (r == null) {
            return;
        }
        ObjectNode o = head(m, r, "private fairness audit");
        o.set("audit", JSON.readTree(PrivacyJson.privateAudit(r.result())));
        Api.json(ctx, o);
    }

    private record Query(double epsilon, double delta, Instant from, Instant to, Map<String, List<String>> groups) {
    }

    private Query query(Context ctx) {
        JsonNode n = Records.tree(api.body(ctx));
        BigDecimal eps = decimal(n, "epsilon", true);
        BigDecimal delta = decimal(n, "delta", false);
        Instant from = instant(n, "from");
        Instant to = instant(n, "to");
        Map<String, List<String>> groups = new java.util.LinkedHashMap<>();
        JsonNode g = n.get("groups");
        if (g != null && !g.isNull()) {
            if (!g.isObject()) {
                throw bad("groups", g, "groups are declared per attribute: {\"race\": [\"A\", \"B\"]}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> values = new ArrayList<>();
                if (!e.getValue().isArray()) {
                    throw bad("groups." + e.getKey(), e.getValue(), "an attribute's declared groups are a list of names");
                }
                e.getValue().forEach(v -> values.add(v.asText()));
                groups.put(e.getKey(), values);
            }
        }
        return new Query(eps.doubleValue(), delta == null ? 0 : delta.doubleValue(), from, to, groups);
    }

    /** Debits and releases; on a refused debit answers 409 naming the balance and returns null. */
    private PrivacyBudget.Released<PrivateAuditResult> release(Context ctx, ModelStore.StoredModel m, StatsTable merged, String source,
                                                              dev.probity.fairness.audit.AuditSpec spec, Query q) {
        PrivacyBudget budget = budgets.require(m.name());
        PrivateAuditSettings settings = PrivateAuditSettings.of(q.epsilon).withDelta(q.delta);
        for (Map.Entry<String, List<String>> e : q.groups.entrySet()) {
            if (!m.definition().protectedAttributes().contains(e.getKey())) {
                throw new InputException("groups are declared for '" + InputException.shown(e.getKey()) + "', which is not a protected attribute of "
                        + m.name() + " " + m.definition().protectedAttributes(), new InputException.Location("request body", 0, 0, "groups", e.getKey()));
            }
            settings = settings.withGroups(e.getKey(), e.getValue());
        }
        TokenStore.Caller who = ctx.attribute(Api.CALLER);
        try {
            return PrivateAudit.fromStatistics(merged, source, spec, settings, budget, who.name() + " (token " + who.tokenId() + ")");
        } catch (BudgetExceededException e) {
            // the one error shape, with what is left
            PrivacyBudget.Balance b = budget.balance();
            ObjectNode root = JSON.createObjectNode();
            ObjectNode err = root.putObject("error");
            err.put("status", 409);
            err.put("code", ApiError.code(409));
            err.put("message", e.getMessage());
            err.put("field", "epsilon");
            err.put("value", Double.toString(q.epsilon));
            err.put("epsilonLeft", b.epsilonLeft());
            err.put("deltaLeft", b.deltaLeft());
            ctx.status(409);
            Api.json(ctx, root);
            return null;
        }
    }

    /** What every private answer says first: that it is noisy, its guarantee and mechanism, and what it cost. */
    private static ObjectNode head(ModelStore.StoredModel m, PrivacyBudget.Released<PrivateAuditResult> r, String what) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", m.name());
        o.put("query", what);
        o.put("noisy", true);
        PrivateAuditResult.Privacy p = r.result().privacy();
        ObjectNode pr = o.putObject("privacy");
        pr.put("guarantee", r.result().privacyNote());
        pr.put("mechanism", p.mechanism());
        pr.put("epsilon", p.epsilon());
        pr.put("delta", p.delta());
        pr.put("noiseScale", p.noiseScale());
        pr.put("countsReleased", p.countsReleased());
        pr.put("privacyUnit", "one stored prediction (statistics keep no rows to bound a person's several predictions by)");
        pr.put("note", "every count, rate and interval here is computed from noisy counts: it is an estimate, not the exact figure; "
                + "intervals cover sampling and noise together");
        ObjectNode d = o.putObject("debit");
        d.put("release", r.entry().sequence());
        d.put("who", r.entry().charge().who());
        d.put("at", r.entry().at().toString());
        d.put("epsilon", r.entry().charge().epsilon());
        d.put("delta", r.entry().charge().delta());
        d.put("epsilonLeft", r.after().epsilonLeft());
        d.put("deltaLeft", r.after().deltaLeft());
        return o;
    }

    private static void nothing(Context ctx, ModelStore.StoredModel m, String note) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", m.name());
        o.putNull("result");
        o.put("note", note);
        Api.json(ctx, o);
    }

    private static ObjectNode rate(PrivateAuditResult.Rate r) {
        ObjectNode o = JSON.createObjectNode();
        if (r.defined()) {
            o.put("value", r.value());
            o.put("lower", r.lower());
            o.put("upper", r.upper());
        } else {
            o.putNull("value");
            o.put("undefined", r.undefined());
        }
        return o;
    }

    private static String span(Query q) {
        return q.from == null && q.to == null ? "" : " in [" + (q.from == null ? "the start" : q.from) + ", " + (q.to == null ? "now" : q.to) + ")";
    }

    private static BigDecimal decimal(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InputException("the request needs '" + field + "', a number", new InputException.Location("request body", 0, 0, field, null));
            }
            return null;
        }
        if (!v.isNumber()) {
            throw bad(field, v, "'" + field + "' is a number");
        }
        return v.decimalValue();
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Instant.parse(v.asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw bad(field, v, "'" + field + "' is an ISO-8601 instant like 2026-11-30T00:00:00Z");
        }
    }

    private static InputException bad(String field, JsonNode v, String message) {
        return new InputException(message, new InputException.Location("request body", 0, 0, field, v.toString()));
    }
}
