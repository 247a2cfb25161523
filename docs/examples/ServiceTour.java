import dev.probity.server.ProbityServer;
import dev.probity.server.ServerConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Random;

/**
 * The service from Java, as docs/service.md describes it: start it on a free port with its embedded database, make an
 * ingest token with the first admin token, define a model, send a day of decisions with an idempotency key (twice:
 * the retry counts nothing), send the labels later, and ask for the audit and the selection rates. Args: a folder for
 * the database.
 */
public final class ServiceTour {
    private ServiceTour() {
    }

    public static void main(String[] args) throws Exception {
        try (ProbityServer server = ProbityServer.start(ServerConfig.defaults(Path.of(args[0], "probity-data")).withPort(0), false)) {
            String base = "http://127.0.0.1:" + server.port();
            String admin = server.firstAdminToken().orElseThrow();
            HttpClient http = HttpClient.newHttpClient();

            String ingest = field(post(http, base + "/api/v1/tokens", admin, "{\"name\": \"model server\", \"role\": \"ingest\"}", null), "token");
            System.out.println("ingest token made: " + ingest.substring(0, 16) + "…");
            post(http, base + "/api/v1/models", admin, "{\"name\": \"loans\", \"protectedAttributes\": [\"sex\"], \"features\": [\"income\"], "
                    + "\"positivePrediction\": \"approve\", \"positiveLabel\": \"repaid\", \"references\": {\"sex\": \"M\"}, \"period\": \"1d\"}", null);

            // a day of decisions: women are approved less often at the same income
            Random rnd = new Random(3);
            StringBuilder records = new StringBuilder("{\"records\": [");
            StringBuilder labels = new StringBuilder("{\"labels\": [");
            for (int i = 0; i < 400; i++) {
                String sex = rnd.nextBoolean() ? "F" : "M";
                int income = 20000 + rnd.nextInt(60000);
                boolean approve = income + (sex.equals("F") ? -12000 : 0) + rnd.nextGaussian() * 8000 > 45000;
                boolean repaid = income + rnd.nextGaussian() * 10000 > 38000;
                records.append(i == 0 ? "" : ",").append("{\"id\": \"d").append(i).append("\", \"timestamp\": \"2026-11-30T")
                        .append(String.format("%02d:%02d:00Z", i / 20, i % 60)).append("\", \"inputs\": {\"sex\": \"").append(sex)
                        .append("\", \"income\": ").append(income).append("}, \"prediction\": \"").append(approve ? "approve" : "decline")
                        // the model's score: its probability of the positive decision, which the service uses to estimate accuracy before labels
                        .append("\", \"score\": ").append(String.format(java.util.Locale.ROOT, "%.4f",
                                1 / (1 + Math.exp(-(income + (sex.equals("F") ? -12000 : 0) - 45000) / 8000.0)))).append("}");
                labels.append(i == 0 ? "" : ",").append("{\"id\": \"d").append(i).append("\", \"label\": \"").append(repaid ? "repaid" : "defaulted")
                        .append("\"}");
            }
            String batch = records.append("]}").toString();
            System.out.println("logged: " + post(http, base + "/api/v1/models/loans/predictions", ingest, batch, "day-2026-11-30"));
            System.out.println("retried: " + post(http, base + "/api/v1/models/loans/predictions", ingest, batch, "day-2026-11-30"));
            System.out.println("labels: " + post(http, base + "/api/v1/models/loans/labels", ingest, labels.append("]}").toString(), null));

            String selection = get(http, base + "/api/v1/models/loans/selection?attribute=sex", admin);
            System.out.println("selection: " + selection);
            String fairness = get(http, base + "/api/v1/models/loans/fairness", admin);
            System.out.println("fairness basis: " + field(fairness, "basis"));
            int at = fairness.indexOf("\"findings\"");
            System.out.println("findings: " + (at < 0 ? "none" : fairness.substring(at, Math.min(fairness.length(), at + 300))));

            // performance: accuracy estimated from the scores (CBPE), beside the accuracy the labels give
            String performance = get(http, base + "/api/v1/models/loans/performance", admin);
            System.out.println("performance: calibrated on " + value(performance, "calibratedOn") + " labelled predictions; "
                    + performance.substring(performance.indexOf("\"estimated\""), performance.indexOf("\"groups\"")));

            // the evidence log: an event recorded by a person, and its inclusion proof against a signed checkpoint
            String recorded = post(http, base + "/api/v1/ledger/entries?type=incident", admin,
                    "{\"model\": \"loans\", \"summary\": \"approval gap for women reviewed\"}", null);
            String index = value(recorded, "index");
            String entry = get(http, base + "/api/v1/ledger/entries/" + index, admin);
            System.out.println("ledger entry " + index + " recorded; proof verified by the service: " + value(entry, "verified_by_service"));
            System.out.println("tour complete");
        }
    }

    static String post(HttpClient http, String url, String token, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body() + (r.headers().firstValue("Idempotent-Replayed").isPresent() ? " (replayed)" : "");
    }

    static String get(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** A number or boolean field of a JSON answer (kept free of a JSON library so the example shows only Probity and the JDK). */
    static String value(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":([^,}\\]]+)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** A string field of a JSON answer. */
    static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":\"");
        int s = i + name.length() + 4;
        return json.substring(s, json.indexOf('"', s));
    }
}
