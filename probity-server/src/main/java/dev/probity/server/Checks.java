package dev.probity.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.monitor.window.MonitorResult;
import dev.probity.server.store.Alerts;
import dev.probity.server.store.ModelStore;
import dev.probity.server.store.Statistics;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scheduled checks: every interval, each model's monitor report (drift, data quality, fairness per window) and its
 * accuracy estimated before labels are computed from the stored statistics; alerts not raised before are stored, then sent to
 * the webhooks that want them — at least once: a delivery that fails is tried again on the next runs, up to
 * {@link #MAX_ATTEMPTS} times, and everything is in the database, so a restart loses no alert and no pending delivery.
 * Each delivery is signed: header {@code X-Probity-Signature: sha256=<hex HMAC-SHA256 of the body with the webhook's
 * secret>}.
 */
public final class Checks implements AutoCloseable {
    public static final int MAX_ATTEMPTS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModelStore models;
    private final Statistics statistics;
    private final Alerts alerts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer;

    Checks(ModelStore models, Statistics statistics, Alerts alerts, Duration every) {
        this.models = models;
        this.statistics = statistics;
        this.alerts = alerts;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "probity-checks");
            t.setDaemon(true);
            return t;
        });
        if (every != null && !every.isZero()) {
            timer.scheduleWithFixedDelay(() -> {
                try {
                    run();
                } catch (RuntimeException e) {
                    System.err.println("probity: the scheduled checks failed: " + e.getMessage());
                }
            }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** What one run did. */
    public record Run(int models, int raised, int delivered, int failed) {
    }

    /** Runs the checks of every model now and delivers what is pending. */
    public synchronized Run run() {
        int raised = 0;
        int n = 0;
        for (ModelStore.StoredModel m : models.list()) {
            MonitorResult r = statistics.monitor(m, null, null);
            n++;
            if (r != null) {
                raised += alerts.raise(m.name(), r.alerts()).size();
            }
            List<MonitorResult.Alert> estimated = performanceAlerts(m.definition());
            if (!estimated.isEmpty()) {
                raised += alerts.raise(m.name(), estimated).size();
            }
        }
        int delivered = 0;
        int failed = 0;
        for (Object[] pair : alerts.undelivered(MAX_ATTEMPTS)) {
            long alertId = (Long) pair[0];
            long webhookId = (Long) pair[1];
            Alerts.Alert a = alerts.get(alertId).orElseThrow();
            Alerts.Webhook w = alerts.webhook(webhookId).orElse(null);
            if (w == null) {
                continue;
            }
            if (deliver(a, w)) {
                delivered++;
            } else {
                failed++;
            }
        }
        return new Run(n, raised, delivered, failed);
    }

    private boolean deliver(Alerts.Alert a, Alerts.Webhook w) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "probity.alert/v1");
        o.put("id", a.id());
        o.put("model", a.model());
        o.put("window", a.window());
        o.put("kind", a.kind());
        o.put("subject", a.subject());
        o.put("severity", a.severity());
        if (a.value() != null) {
            o.put("value", a.value());
        }
        if (a.threshold() != null) {
            o.put("threshold", a.threshold());
        }
        o.put("message", a.message());
        o.put("raised", a.raised().toInstant().toString());
        byte[] body = o.toString().getBytes(StandardCharsets.UTF_8);
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(w.url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("X-Probity-Signature", "sha256=" + sign(w.secret(), body))
                    .header("X-Probity-Alert", String.valueOf(a.id())).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            boolean ok = r.statusCode() / 100 == 2;
            alerts.recordDelivery(a.id(), w.id(), ok, r.statusCode(), ok ? null : "the receiver answered " + r.statusCode());
            return ok;
        } catch (java.io.IOException | IllegalArgumentException e) {
            alerts.recordDelivery(a.id(), w.id(), false, null, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            alerts.recordDelivery(a.id(), w.id(), false, null, "interrupted");
            return false;
        }
    }

    /** Hex HMAC-SHA256 of a body with a webhook's secret, as the receiver recomputes it. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * Windows without labels whose accuracy estimated from the scores is, band included, below the accuracy the labels
     * so far give less the model's {@code rateShift} (default 0.05): the model is likely doing worse there, before anyone
     * can count it.
     */
    List<MonitorResult.Alert> performanceAlerts(dev.probity.server.ingest.ModelDefinition def) {
        Statistics.Performance p = statistics.performance(def, null, null);
        double correct = 0;
        long labelled = 0;
        for (Statistics.PerformanceWindow w : p.windows()) {
            if (w.realizedAccuracy() != null) {
                correct += w.realizedAccuracy() * w.labelled();
                labelled += w.labelled();
            }
        }
        List<MonitorResult.Alert> out = new java.util.ArrayList<>();
        if (labelled == 0) {
            return out;
        }
        double baseline = correct / labelled;
        double shift = def.monitorSpec().rateShift();
        for (Statistics.PerformanceWindow w : p.windows()) {
            var e = w.estimate();
            if (w.labelled() == 0 && e.high() < baseline - shift) {
                out.add(new MonitorResult.Alert(w.window(), "estimated performance", "accuracy", e.accuracy(), baseline - shift, "major",
                        String.format(java.util.Locale.ROOT, "estimated accuracy %.1f%% (band %.1f–%.1f%%, from %,d scores; no labels yet) is below "
                                + "%.1f%%: the %.1f%% the %,d labelled predictions so far give, less %.1f points. The estimate assumes the chance of "
                                + "a positive outcome at a given score has not changed", 100 * e.accuracy(), 100 * e.low(), 100 * e.high(), e.rows(),
                                100 * (baseline - shift), 100 * baseline, labelled, 100 * shift)));
            }
        }
        return out;
    }
}
