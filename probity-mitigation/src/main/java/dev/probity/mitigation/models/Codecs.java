package dev.probity.mitigation.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Provenance;
import dev.probity.mitigation.GroupIndex;
import dev.probity.mitigation.post.GroupRule;
import dev.probity.mitigation.pre.CorrelationRemover;
import dev.probity.mitigation.pre.DisparateImpactRemover;
import dev.probity.mitigation.pre.FrameTransform;
import dev.probity.models.io.ModelCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * The model-file codecs of the mitigated models (registered in {@code META-INF/services}). Numbers are written as
 * JSON numbers with every digit (Jackson writes the shortest exact form), so a reloaded model predicts exactly as
 * the saved one; an infinite threshold ("never") is written as the string {@code "Infinity"}.
 */
public final class Codecs {
    private Codecs() {
    }

    static ObjectNode groups(GroupIndex g, ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.set("attributes", json.valueToTree(g.attributes()));
        n.set("names", json.valueToTree(g.names()));
        return n;
    }

    static GroupIndex groups(JsonNode n) {
        return new GroupIndex(strings(n.path("attributes")), strings(n.path("names")));
    }

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    static ArrayNode numbers(double[] v, ObjectMapper json) {
        ArrayNode a = json.createArrayNode();
        for (double d : v) {
            if (Double.isFinite(d)) {
                a.add(d);
            } else {
                a.add(Double.toString(d));
            }
        }
        return a;
    }

    static double[] numbers(JsonNode n) {
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = n.get(i);
            out[i] = x.isTextual() ? Double.parseDouble(x.asText()) : x.asDouble();
        }
        return out;
    }

    static ModelInfo info(JsonNode node, ModelCodec.Nested nested) {
        return nested.json().convertValue(node.path("info"), ModelInfo.class);
    }

    /** {@code group-thresholds}: the threshold optimizer. */
    public static final class GroupThresholds implements ModelCodec {
        @Override
        public String kind() {
            return "group-thresholds";
        }

        @Override
        public Class<? extends Model> type() {
            return GroupThresholdModel.class;
        }

        @Override
        public void write(Model model, ObjectNode node, Nested nested) {
            GroupThresholdModel m = (GroupThresholdModel) model;
            ObjectMapper json = nested.json();
            node.set("info", json.valueToTree(m.info()));
            node.set("groups", groups(m.groups(), json));
            ArrayNode rules = json.createArrayNode();
            for (GroupRule r : m.rules()) {
                ObjectNode o = json.createObjectNode();
                o.put("group", r.group());
                o.set("thresholds", numbers(r.thresholds(), json));
                o.set("weights", numbers(r.weights(), json));
                o.put("constant_weight", r.constantWeight());
                o.put("constant_rate", r.constantRate());
                rules.add(o);
            }
            node.set("rules", rules);
            node.put("seed", m.seed());
            node.set("base", nested.write(m.base()));
        }

        @Override
        public Model read(JsonNode node, Provenance provenance, Nested nested) {
            List<GroupRule> rules = new ArrayList<>();
            for (JsonNode o : node.path("rules")) {
                rules.add(new GroupRule(o.path("group").asText(), numbers(o.path("thresholds")), numbers(o.path("weights")),
                        o.path("constant_weight").asDouble(), o.path("constant_rate").asDouble()));
            }
            return new GroupThresholdModel(info(node, nested), nested.read(node.path("base")), groups(node.path("groups")), rules,
                    node.path("seed").asLong(), provenance);
        }
    }

    /** {@code group-flip}: equalized-odds post-processing. */
    public static final class GroupFlip implements ModelCodec {
        @Override
        public String kind() {
            return "group-flip";
        }

        @Override
        public Class<? extends Model> type() {
            return GroupFlipModel.class;
        }

        @Override
        public void write(Model model, ObjectNode node, Nested nested) {
            GroupFlipModel m = (GroupFlipModel) model;
            ObjectMapper json = nested.json();
            node.set("info", json.valueToTree(m.info()));
            node.set("groups", groups(m.groups(), json));
            node.set("keep_positive", numbers(m.keepPositive(), json));
            node.set("flip_negative", numbers(m.flipNegative(), json));
            node.put("seed", m.seed());
            node.set("base", nested.write(m.base()));
        }

        @Override
        public Model read(JsonNode node, Provenance provenance, Nested nested) {
            return new GroupFlipModel(info(node, nested), nested.read(node.path("base")), groups(node.path("groups")),
                    numbers(node.path("keep_positive")), numbers(node.path("flip_negative")), node.path("seed").asLong(), provenance);
        }
    }

    /** {@code calibrated-mix}: calibrated equalized odds. */
    public static final class CalibratedMix implements ModelCodec {
        @Override
        public String kind() {
            return "calibrated-mix";
        }

        @Override
        public Class<? extends Model> type() {
            return CalibratedMixModel.class;
        }

        @Override
        public void write(Model model, ObjectNode node, Nested nested) {
            CalibratedMixModel m = (CalibratedMixModel) model;
            ObjectMapper json = nested.json();
            node.set("info", json.valueToTree(m.info()));
            node.set("groups", groups(m.groups(), json));
            node.set("base_rate", numbers(m.baseRate(), json));
            node.set("mix_rate", numbers(m.mixRate(), json));
            node.put("seed", m.seed());
            node.set("base", nested.write(m.base()));
        }

        @Override
        public Model read(JsonNode node, Provenance provenance, Nested nested) {
            return new CalibratedMixModel(info(node, nested), nested.read(node.path("base")), groups(node.path("groups")),
                    numbers(node.path("base_rate")), numbers(node.path("mix_rate")), node.path("seed").asLong(), provenance);
        }
    }

    /** {@code reject-option}: reject option classification. */
    public static final class RejectOption implements ModelCodec {
        @Override
        public String kind() {
            return "reject-option";
        }

        @Override
        public Class<? extends Model> type() {
            return RejectOptionModel.class;
        }

        @Override
        public void write(Model model, ObjectNode node, Nested nested) {
            RejectOptionModel m = (RejectOptionModel) model;
            ObjectMapper json = nested.json();
            node.set("info", json.valueToTree(m.info()));
            node.set("groups", groups(m.groups(), json));
            node.put("threshold", m.threshold());
            node.put("margin", m.margin());
            node.set("disadvantaged", json.valueToTree(m.disadvantaged()));
            node.set("base", nested.write(m.base()));
        }

        @Override
        public Model read(JsonNode node, Provenance provenance, Nested nested) {
            JsonNode d = node.path("disadvantaged");
            boolean[] dis = new boolean[d.size()];
            for (int i = 0; i < dis.length; i++) {
                dis[i] = d.get(i).asBoolean();
            }
            return new RejectOptionModel(info(node, nested), nested.read(node.path("base")), groups(node.path("groups")),
                    node.path("threshold").asDouble(), node.path("margin").asDouble(), dis, provenance);
        }
    }

    /** {@code mixture}: a randomized mixture of predictors (exponentiated gradient). */
    public static final class Mixture implements ModelCodec {
        @Override
        public String kind() {
            return "mixture";
        }

        @Override
        public Class<? extends Model> type() {
            return MixtureModel.class;
        }

        @Override
        public void write(Model model, ObjectNode node, Nested nested) {
            MixtureModel m = (MixtureModel) model;
            ObjectMapper json = nested.json();
            node.set("info", json.valueToTree(m.info()));
            node.set("weights", numbers(m.weights(), json));
            node.put("seed", m.seed());
            ArrayNode ps = json.createArrayNode();
            for (Model p : m.predictors()) {
                ps.add(nested.write(p));
            }
            node.set("predictors", ps);
        }

        @Override
        public Model read(JsonNode node, Provenance provenance, Nested nested) {
            List<Model> ps = new ArrayList<>();
            node.path("predictors").forEach(p -> ps.add(nested.read(p)));
            return new MixtureModel(info(node, nested), ps, numbers(node.path("weights")), node.path("seed").asLong(), provenance);
        }
    }

    /** {@code constant}: one class for every row (a reduction's degenerate predictor). */
    public static final class Constant implements ModelCodec {
        @Override
        public String kind() {
            return "constant";
        }

        @Override
        public Class<? extends Model> type() {
            return ConstantModel.class;
        }

        @Override
        public void write(Model model, ObjectNode node, Nested nested) {
            ConstantModel m = (ConstantModel) model;
            node.set("info", nested.json().valueToTree(m.info()));
            node.put("value", m.value());
        }

        @Override
        public Model read(JsonNode node, Provenance provenance, Nested nested) {
            return new ConstantModel(info(node, nested), node.path("value").asDouble());
        }
    }

    /** {@code transformed}: a pre-processing transform, then the model trained on transformed data. */
    public static final class Transformed implements ModelCodec {
        @Override
        public String kind() {
            return "transformed";
        }

        @Override
        public Class<? extends Model> type() {
            return TransformedModel.class;
        }

        @Override
        public void write(Model model, ObjectNode node, Nested nested) {
            TransformedModel m = (TransformedModel) model;
            ObjectMapper json = nested.json();
            node.set("info", json.valueToTree(m.info()));
            ObjectNode t = json.createObjectNode();
            switch (m.transform()) {
                case DisparateImpactRemover.Repair r -> {
                    t.put("kind", "disparate-impact-repair");
                    t.put("repair_level", r.repairLevel());
                    t.set("groups", groups(r.groups(), json));
                    ArrayNode cols = json.createArrayNode();
                    for (DisparateImpactRemover.ColumnRepair c : r.repairs()) {
                        ObjectNode o = json.createObjectNode();
                        o.put("column", c.column());
                        ArrayNode dists = json.createArrayNode();
                        for (DisparateImpactRemover.Distribution d : c.groups()) {
                            ObjectNode dn = json.createObjectNode();
                            dn.set("values", numbers(d.values(), json));
                            dn.set("counts", json.valueToTree(d.counts()));
                            dists.add(dn);
                        }
                        o.set("distributions", dists);
                        cols.add(o);
                    }
                    t.set("columns", cols);
                }
                case CorrelationRemover.Removal r -> {
                    t.put("kind", "correlation-removal");
                    t.put("alpha", r.alpha());
                    t.set("groups", groups(r.groups(), json));
                    t.set("columns", json.valueToTree(r.columns()));
                    t.set("group_means", numbers(r.groupMeans(), json));
                    ArrayNode beta = json.createArrayNode();
                    for (double[] b : r.beta()) {
                        beta.add(numbers(b, json));
                    }
                    t.set("beta", beta);
                }
            }
            node.set("transform", t);
            node.set("inner", nested.write(m.inner()));
        }

        @Override
        public Model read(JsonNode node, Provenance provenance, Nested nested) {
            JsonNode t = node.path("transform");
            FrameTransform transform = switch (t.path("kind").asText()) {
                case "disparate-impact-repair" -> {
                    List<DisparateImpactRemover.ColumnRepair> cols = new ArrayList<>();
                    for (JsonNode o : t.path("columns")) {
                        List<DisparateImpactRemover.Distribution> dists = new ArrayList<>();
                        for (JsonNode dn : o.path("distributions")) {
                            JsonNode cn = dn.path("counts");
                            long[] counts = new long[cn.size()];
                            for (int i = 0; i < counts.length; i++) {
                                counts[i] = cn.get(i).asLong();
                            }
                            dists.add(new DisparateImpactRemover.Distribution(numbers(dn.path("values")), counts));
                        }
                        cols.add(new DisparateImpactRemover.ColumnRepair(o.path("column").asText(), dists));
                    }
                    yield new DisparateImpactRemover.Repair(t.path("repair_level").asDouble(), groups(t.path("groups")), cols);
                }
                case "correlation-removal" -> {
                    List<double[]> beta = new ArrayList<>();
                    t.path("beta").forEach(b -> beta.add(numbers(b)));
                    yield new CorrelationRemover.Removal(t.path("alpha").asDouble(), groups(t.path("groups")), strings(t.path("columns")),
                            numbers(t.path("group_means")), beta.toArray(new double[0][]));
                }
                default -> throw new IllegalArgumentException("unknown transform kind '" + t.path("kind").asText() + "'");
            };
            return new TransformedModel(info(node, nested), transform, nested.read(node.path("inner")), provenance);
        }
    }
}
