package dev.probity.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records from the Open Inference Protocol (the "v2" protocol of KServe, Seldon MLServer and Triton): an inference
 * request and its response, each a JSON object with tensors ({@code name}, {@code shape}, {@code datatype},
 * {@code data} in row-major order). Row r of a request becomes one record: its id is the response's (or request's)
 * {@code id} — with {@code #r} appended when the request holds more than one row — its inputs are the request's tensors
 * (one column per [N] or [N, 1] tensor, or the columns the model's mapping names for an [N, F] tensor), and its
 * prediction is the mapped output. A protected attribute that is not a model input may ride along in the request's
 * {@code parameters} (a value per row, or one for all rows).
 */
public final class OpenInference {
    private OpenInference() {
    }

    /** The records of one request and its response. */
    public static List<Records.Record> records(JsonNode request, JsonNode response, ModelDefinition model, Instant time) {
        if (request == null || !request.isObject()) {
            throw Records.bad("request", null, "the inference request is a JSON object with 'inputs'");
        }
        if (response == null || !response.isObject()) {
            throw Records.bad("response", null, "the inference response is a JSON object with 'outputs'");
        }
        String id = text(response.get("id"));
        if (id == null) {
            id = text(request.get("id"));
        }
        if (id == null) {
            throw Records.bad("response.id", null, "the request or response needs an 'id' to join labels to later");
        }
        String reqId = text(request.get("id"));
        String respId = text(response.get("id"));
        if (reqId != null && respId != null && !reqId.equals(respId)) {
            throw Records.bad("response.id", respId, "the response answers request '" + reqId + "', not this one");
        }
        ModelDefinition.InferenceMapping map = model.inference();
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        int rows = -1;
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray()) {
            throw Records.bad("request.inputs", null, "the request has no 'inputs' array");
        }
        for (int t = 0; t < inputs.size(); t++) {
            JsonNode tensor = inputs.get(t);
            String at = "request.inputs[" + t + "]";
            String name = text(tensor.get("name"));
            int[] shape = shape(tensor, at);
            List<Object> data = flat(tensor, at);
            List<String> names = map.columns().get(name);
            if (names != null) {
                if (shape.length != 2 || shape[1] != names.size()) {
                    throw Records.bad(at + ".shape", tensor.get("shape").toString(), "tensor '" + name + "' maps to " + names.size()
                            + " columns, so its shape is [N, " + names.size() + "]");
                }
                rows = rows(rows, shape[0], at);
                for (int c = 0; c < names.size(); c++) {
                    List<Object> col = new ArrayList<>(shape[0]);
                    for (int r = 0; r < shape[0]; r++) {
                        col.add(data.get(r * names.size() + c));
                    }
                    columns.put(names.get(c), col);
                }
            } else if (shape.length == 1 || (shape.length == 2 && shape[1] == 1)) {
                rows = rows(rows, shape[0], at);
                columns.put(name, data);
            }
            // other tensors (images, token ids) are not tabular inputs and are not watched
        }
        if (rows < 0) {
            throw Records.bad("request.inputs", null, "no input tensor of shape [N] or [N, 1], and none mapped to columns");
        }
        JsonNode params = request.get("parameters");
        for (String a : model.protectedAttributes()) {
            if (!columns.containsKey(a)) {
                JsonNode p = params == null ? null : params.get(a);
                if (p == null) {
                    throw Records.bad("request.inputs", a, "the protected attribute '" + a + "' is neither an input tensor nor a request parameter");
                }
                List<Object> col = new ArrayList<>();
                for (int r = 0; r < rows; r++) {
                    JsonNode v = p.isArray() ? p.get(r) : p;
                    if (v == null) {
                        throw Records.bad("request.parameters." + a, p.toString(), "one value per row (" + rows + ") or one for all");
                    }
                    col.add(scalar(v));
                }
                columns.put(a, col);
            }
        }
        JsonNode outputs = response.get("outputs");
        if (outputs == null || !outputs.isArray() || outputs.isEmpty()) {
            throw Records.bad("response.outputs", null, "the response has no 'outputs'");
        }
        List<Object> prediction = output(outputs, map.prediction(), rows, false);
        List<Object> score = map.score() == null ? null : output(outputs, map.score(), rows, true);
        Records.checkRange(time, "time", time.toString());
        List<Records.Record> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Map<String, Object> in = new LinkedHashMap<>();
            for (String name : model.inputs()) {
                List<Object> col = columns.get(name);
                in.put(name, col == null ? null : col.get(r));
            }
            Object p = prediction.get(r);
            if (p == null) {
                throw Records.bad("response.outputs", null, "row " + r + " has no prediction");
            }
            Double s = null;
            if (score != null && score.get(r) instanceof Number n) {
                s = n.doubleValue();
            }
            out.add(new Records.Record(rows == 1 ? id : id + "#" + r, time, in, label(p), s, null));
        }
        return out;
    }

    private static List<Object> output(JsonNode outputs, String name, int rows, boolean probability) {
        JsonNode tensor = null;
        int index = 0;
        for (int i = 0; i < outputs.size(); i++) {
            if (name == null || name.equals(text(outputs.get(i).get("name")))) {
                tensor = outputs.get(i);
                index = i;
                break;
            }
        }
        if (tensor == null) {
            throw Records.bad("response.outputs", name, "no output tensor named '" + name + "'");
        }
        String at = "response.outputs[" + index + "]";
        int[] shape = shape(tensor, at);
        List<Object> data = flat(tensor, at);
        if (shape[0] != rows) {
            throw Records.bad(at + ".shape", tensor.get("shape").toString(), "the output has " + shape[0] + " rows and the request " + rows);
        }
        if (shape.length == 1 || (shape.length == 2 && shape[1] == 1)) {
            return data;
        }
        if (probability && shape.length == 2 && shape[1] == 2) {
            List<Object> col = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                col.add(data.get(2 * r + 1));
            }
            return col;
        }
        throw Records.bad(at + ".shape", tensor.get("shape").toString(), probability
                ? "a score output is [N], [N, 1] or [N, 2] (the second column is the positive class's)"
                : "a prediction output is [N] or [N, 1]");
    }

    private static int rows(int seen, int n, String at) {
        if (seen >= 0 && seen != n) {
            throw Records.bad(at + ".shape", String.valueOf(n), "the request's tensors disagree on the number of rows (" + seen + " and " + n + ")");
        }
        if (n < 1 || n > Records.MAX_BATCH) {
            throw Records.bad(at + ".shape", String.valueOf(n), "a request holds 1 to " + Records.MAX_BATCH + " rows");
        }
        return n;
    }

    private static int[] shape(JsonNode tensor, String at) {
        JsonNode s = tensor.get("shape");
        if (s == null || !s.isArray() || s.isEmpty() || s.size() > 2) {
            throw Records.bad(at + ".shape", s == null ? null : s.toString(), "a tensor's shape is [N] or [N, F]");
        }
        int[] out = new int[s.size()];
        long total = 1;
        for (int i = 0; i < out.length; i++) {
            if (!s.get(i).canConvertToInt() || s.get(i).asInt() < 1) {
                throw Records.bad(at + ".shape", s.toString(), "dimensions are positive integers");
            }
            out[i] = s.get(i).asInt();
            total *= out[i];
        }
        JsonNode d = tensor.get("data");
        if (d == null || !d.isArray()) {
            throw Records.bad(at + ".data", null, "a tensor needs its 'data' array");
        }
        if (count(d) != total) {
            throw Records.bad(at + ".data", null, "the shape " + s + " holds " + total + " values; 'data' has " + count(d));
        }
        return out;
    }

    private static long count(JsonNode d) {
        if (!d.isArray()) {
            return 1;
        }
        long n = 0;
        for (JsonNode x : d) {
            n += count(x);
        }
        return n;
    }

    /** The tensor's values in row-major order (nested arrays flattened, as the protocol allows). */
    private static List<Object> flat(JsonNode tensor, String at) {
        List<Object> out = new ArrayList<>();
        flatten(tensor.get("data"), out, at);
        return out;
    }

    private static void flatten(JsonNode d, List<Object> out, String at) {
        if (d.isArray()) {
            for (JsonNode x : d) {
                flatten(x, out, at);
            }
        } else if (d.isObject()) {
            throw Records.bad(at + ".data", d.toString(), "tensor data are numbers, text or true/false");
        } else {
            out.add(scalar(d));
        }
    }

    private static Object scalar(JsonNode v) {
        return v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText();
    }

    /** A decision as text: 1.0 is "1", so that the model's positive value "1" matches an FP32 output. */
    private static String label(Object p) {
        if (p instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return n.toString();
        }
        return p.toString();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }
}
