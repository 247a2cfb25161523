package dev.probity.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.mitigation.Mitigation;
import dev.probity.mitigation.MitigationRun;
import dev.probity.mitigation.MitigationSettings;
import dev.probity.mitigation.Mitigations;
import dev.probity.mitigation.post.CalibratedEqualizedOdds;
import dev.probity.mitigation.post.ThresholdOptimizer;
import dev.probity.mitigation.reductions.Constraint;
import dev.probity.models.linear.LinearTrainer;
import dev.probity.models.pipeline.MatrixTrainer;
import dev.probity.models.pipeline.PipelineTrainer;
import dev.probity.models.tree.TreeTrainer;
import dev.probity.models.xgboost.XgbTrainer;
import dev.probity.report.json.MitigationJson;
import dev.probity.server.auth.Role;
import dev.probity.server.jobs.Jobs;
import dev.probity.server.store.Ingestion;
import dev.probity.server.store.TokenStore;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.probity.server.api.Api.JSON;

/**
 * Mitigation as a job: the upload is read and the request checked at once (a bad upload is a 400 naming the line or
 * field), then the library's {@link MitigationRun} runs on the job executor, reporting its steps; the result is the
 * JSON of {@code probity mitigate --report}. A job is seen only by the token that created it and by admins.
 */
final class JobHandlers {
    /** The query parameters of POST /api/v1/mitigations: the command line's options of the same names, in camel case. */
    static final List<String> MITIGATION_PARAMS = List.of("label", "positive", "protected", "method", "model", "features", "drop",
            "includeProtected", "seed", "constraint", "bound", "ratioBound", "maxIterations", "gridSize", "gridLimit", "eta", "objective",
            "deterministic", "tolerance", "repairLevel", "alpha", "cost", "metricBound", "adversaryWeight", "epochs", "penalty", "C",
            "maxDepth", "rounds", "encoding");

    private final Api api;
    private final Jobs jobs;

    JobHandlers(Api api, Jobs jobs) {
        this.api = api;
        this.jobs = jobs;
    }

    void mitigate(Context ctx) {
        byte[] b = api.body(ctx);
        if (b.length == 0) {
            throw new InputException("the request has no body: send the training rows as CSV", new InputException.Location("request body", 0, 0, null, null));
        }
        String label = required(ctx, "label");
        String positive = required(ctx, "positive");
        List<String> protectedAttrs = list(ctx, "protected");
        if (protectedAttrs.isEmpty()) {
            throw new InputException("name the protected attributes: protected=sex,race", new InputException.Location("query", 0, 0, "protected", null));
        }
        String methodName = required(ctx, "method");
        try {
            Mitigations.method(methodName);
        } catch (InputException e) {
            throw new InputException(e.getMessage(), new InputException.Location("query", 0, 0, "method", methodName));
        }
        MitigationSettings settings;
        Mitigation method;
        MatrixTrainer mt;
        try {
            settings = settings(ctx);
            method = Mitigations.create(methodName, settings);
            mt = trainer(ctx);
        } catch (IllegalArgumentException e) {
            // a setting out of its range (a negative C, say), refused by the library's builders
            throw new InputException("the mitigation's options do not hold together: " + e.getMessage(),
                    new InputException.Location("query", 0, 0, null, null));
        }
        long seed = (long) number(ctx, "seed", 42);
        Frame train = dev.probity.core.io.DataReader.read("the uploaded CSV", b,
                Api.csvOptions(ctx), dev.probity.core.io.Format.CSV);
        column(train, label, "label");
        for (String p : protectedAttrs) {
            column(train, p, "protected");
        }
        boolean includeProtected = "true".equalsIgnoreCase(ctx.queryParam("includeProtected"));
        List<String> features = features(ctx, train, label, includeProtected ? List.of() : protectedAttrs);
        MitigationRun.Request request = new MitigationRun.Request(train, null, label, positive, protectedAttrs, features,
                new PipelineTrainer(mt, mt.defaultEncoding()), method, settings.constraint(), seed);
        TokenStore.Caller who = ctx.attribute(Api.CALLER);
        Jobs.Job job;
        try {
            job = jobs.submit("mitigation", who.tokenId(), who.name(), "mitigate " + train.rowCount() + " uploaded rows with " + method.name()
                    + " (" + settings.constraint().label() + ")", p -> MitigationJson.toString(MitigationRun.run(request, p::warning, p::step)));
        } catch (Jobs.FullException e) {
            ctx.header("Retry-After", "30");
            Api.fail(ctx, 429, e.getMessage());
            return;
        }
        ctx.status(202);
        ctx.header("Location", "/api/v1/jobs/" + job.id());
        Api.json(ctx, jobJson(job, false));
    }

    void get(Context ctx) throws Exception {
        Jobs.Job j = visible(ctx);
        ObjectNode o = jobJson(j, true);
        Api.json(ctx, o);
    }

    void list(Context ctx) {
        TokenStore.Caller who = ctx.attribute(Api.CALLER);
        boolean all = who.role() == Role.ADMIN && "true".equalsIgnoreCase(ctx.queryParam("all"));
        ArrayNode a = JSON.createArrayNode();
        for (Jobs.Job j : jobs.list(all ? null : who.tokenId())) {
            a.add(jobJson(j, false));
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("jobs", a);
        o.put("note", "jobs live in the service's memory: a restart forgets them, running ones included");
        Api.json(ctx, o);
    }

    void cancel(Context ctx) {
        Jobs.Job j = visible(ctx);
        if (!jobs.cancel(j)) {
            throw new dev.probity.server.store.ModelStore.ConflictException("job " + j.id() + " has " + j.status().id() + " already; there is nothing to cancel");
        }
        ctx.status(202);
        Api.json(ctx, jobJson(j, false));
    }

    /** The job, if the caller created it or is an admin; otherwise 404, as for a job that does not exist. */
    private Jobs.Job visible(Context ctx) {
        String id = ctx.pathParam("id");
        TokenStore.Caller who = ctx.attribute(Api.CALLER);
        return jobs.get(id).filter(j -> who.role() == Role.ADMIN || j.ownerToken().equals(who.tokenId()))
                .orElseThrow(() -> new Ingestion.NotFoundException("no job '" + InputException.shown(id) + "' of this token's"));
    }

    static ObjectNode jobJson(Jobs.Job j, boolean withResult) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", j.id());
        o.put("kind", j.kind());
        o.put("summary", j.summary());
        o.put("owner", j.ownerName() + " (token " + j.ownerToken() + ")");
        o.put("status", j.status().id());
        ObjectNode p = o.putObject("progress");
        p.put("fraction", j.fraction());
        p.put("step", j.step());
        p.put("note", "the fraction counts the workflow's steps with fixed weights; it is not a time estimate");
        o.put("created", j.created().toString());
        if (j.started() != null) {
            o.put("started", j.started().toString());
        }
        if (j.finished() != null) {
            o.put("finished", j.finished().toString());
        }
        if (!j.warnings().isEmpty()) {
            o.set("warnings", JSON.valueToTree(j.warnings()));
        }
        if (j.status() == Jobs.Status.FAILED) {
            if (j.inputError() != null) {
                o.set("error", JSON.valueToTree(readTree(ApiError.json(400, j.inputError())).get("error")));
            } else {
                ObjectNode e = o.putObject("error");
                e.put("message", j.error());
            }
        }
        if (j.status() == Jobs.Status.DONE && withResult) {
            o.set("result", readTree(j.result()));
        }
        return o;
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw new InputException("the query parameter '" + name + "' is required", new InputException.Location("query", 0, 0, name, null));
        }
        return v.strip();
    }

    private static List<String> list(Context ctx, String name) {
        List<String> out = new ArrayList<>();
        for (String v : ctx.queryParams(name)) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    private static double number(Context ctx, String name, double otherwise) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new InputException("'" + name + "' is a number", new InputException.Location("query", 0, 0, name, v));
        }
    }

    private static int integer(Context ctx, String name, int otherwise) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new InputException("'" + name + "' is a whole number", new InputException.Location("query", 0, 0, name, v));
        }
    }

    private static void column(Frame f, String name, String param) {
        if (!f.has(name)) {
            throw new InputException("the uploaded CSV has no column '" + InputException.shown(name) + "' (" + param + "); its columns are "
                    + f.columnNames(), new InputException.Location("query", 0, 0, param, name));
        }
    }

    /** The command line's tuning options ({@code probity mitigate --constraint …}), from the query. */
    static MitigationSettings settings(Context ctx) {
        MitigationSettings d = MitigationSettings.defaults();
        String objective = ctx.queryParam("objective");
        ThresholdOptimizer.Objective obj = objective == null ? d.objective() : switch (objective.toLowerCase(Locale.ROOT)) {
            case "accuracy" -> ThresholdOptimizer.Objective.ACCURACY;
            case "balanced-accuracy" -> ThresholdOptimizer.Objective.BALANCED_ACCURACY;
            default -> throw new InputException("objective is accuracy or balanced-accuracy", new InputException.Location("query", 0, 0, "objective", objective));
        };
        String cost = ctx.queryParam("cost");
        CalibratedEqualizedOdds.Cost c = cost == null ? d.cost() : switch (cost.toLowerCase(Locale.ROOT)) {
            case "fnr" -> CalibratedEqualizedOdds.Cost.FALSE_NEGATIVE_RATE;
            case "fpr" -> CalibratedEqualizedOdds.Cost.FALSE_POSITIVE_RATE;
            case "weighted" -> CalibratedEqualizedOdds.Cost.WEIGHTED;
            default -> throw new InputException("cost is fnr, fpr or weighted", new InputException.Location("query", 0, 0, "cost", cost));
        };
        String constraint = ctx.queryParam("constraint");
        Constraint k;
        try {
            k = constraint == null ? d.constraint() : Constraint.parse(constraint);
        } catch (InputException e) {
            throw new InputException(e.getMessage(), new InputException.Location("query", 0, 0, "constraint", constraint));
        }
        String ratio = ctx.queryParam("ratioBound");
        try {
            return new MitigationSettings(k, number(ctx, "bound", d.bound()), ratio == null ? null : number(ctx, "ratioBound", 0),
                    integer(ctx, "maxIterations", d.maxIterations()), integer(ctx, "gridSize", d.gridSize()), number(ctx, "gridLimit", d.gridLimit()),
                    number(ctx, "eta", d.eta()), obj, "true".equalsIgnoreCase(ctx.queryParam("deterministic")), number(ctx, "tolerance", d.tolerance()),
                    number(ctx, "repairLevel", d.repairLevel()), number(ctx, "alpha", d.alpha()), c, number(ctx, "metricBound", d.metricBound()),
                    number(ctx, "adversaryWeight", d.adversaryWeight()), integer(ctx, "epochs", d.epochs()));
        } catch (InputException e) {
            if (e.location().isPresent()) {
                throw e;
            }
            throw new InputException(e.getMessage(), new InputException.Location("query", 0, 0, ratio != null ? "ratioBound" : null, ratio));
        }
    }

    /** The command line's model options ({@code --model logistic|tree|xgboost}, {@code --penalty}, {@code --C}, …). */
    static MatrixTrainer trainer(Context ctx) {
        String model = ctx.queryParam("model") == null ? "logistic" : ctx.queryParam("model").strip().toLowerCase(Locale.ROOT);
        Integer maxDepth = ctx.queryParam("maxDepth") == null ? null : integer(ctx, "maxDepth", 6);
        return switch (model) {
            case "logistic", "lr", "logistic-regression" -> {
                String penalty = ctx.queryParam("penalty") == null ? "l2" : ctx.queryParam("penalty").toLowerCase(Locale.ROOT);
                LinearTrainer.Penalty p = switch (penalty) {
                    case "l2" -> LinearTrainer.Penalty.L2;
                    case "l1" -> LinearTrainer.Penalty.L1;
                    case "none" -> LinearTrainer.Penalty.NONE;
                    default -> throw new InputException("penalty is l2, l1 or none", new InputException.Location("query", 0, 0, "penalty", penalty));
                };
                yield LinearTrainer.logistic().penalty(p, number(ctx, "C", 1.0));
            }
            case "tree", "cart", "decision-tree" -> maxDepth == null ? TreeTrainer.defaults() : TreeTrainer.defaults().maxDepth(maxDepth);
            case "xgboost", "xgb" -> {
                XgbTrainer x = XgbTrainer.defaults().rounds(integer(ctx, "rounds", 200));
                yield maxDepth == null ? x : x.maxDepth(maxDepth);
            }
            default -> throw new InputException("model is logistic, tree or xgboost", new InputException.Location("query", 0, 0, "model", model));
        };
    }

    /** features=…, else every column but the label, drop=… and (unless includeProtected) the protected attributes. */
    private static List<String> features(Context ctx, Frame data, String label, List<String> exclude) {
        List<String> given = list(ctx, "features");
        List<String> out = new ArrayList<>();
        if (!given.isEmpty()) {
            for (String f : given) {
                column(data, f, "features");
                out.add(data.column(f).name());
            }
            return out;
        }
        List<String> drop = list(ctx, "drop");
        for (String d : drop) {
            column(data, d, "drop");
        }
        for (String name : data.columnNames()) {
            boolean skip = name.equalsIgnoreCase(label) || drop.stream().anyMatch(name::equalsIgnoreCase)
                    || exclude.stream().anyMatch(name::equalsIgnoreCase);
            if (!skip) {
                out.add(name);
            }
        }
        if (out.isEmpty()) {
            throw new InputException("no feature columns are left; name them with features=…", new InputException.Location("query", 0, 0, "features", null));
        }
        return out;
    }
}
