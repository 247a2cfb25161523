package dev.probity.server.store;

import dev.probity.monitor.window.MonitorResult;
import org.jdbi.v3.core.Jdbi;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Alerts, the webhooks they go to, and what was delivered: all in the database, so that a restart loses none. */
public final class Alerts {
    private final Jdbi jdbi;

    public Alerts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** An alert as stored. */
    public record Alert(long id, String model, String window, String kind, String subject, String severity, Double value, Double threshold,
                        String message, OffsetDateTime raised, String acknowledgedBy, OffsetDateTime acknowledged) {
    }

    /** A webhook: where alerts go, signed with its secret. */
    public record Webhook(long id, String model, String url, String secret, OffsetDateTime created) {
    }

    /** Stores the alerts not stored before (once per model, window, kind, subject and severity); returns the new ones. */
    public List<Alert> raise(String model, List<MonitorResult.Alert> alerts) {
        List<Alert> fresh = new ArrayList<>();
        jdbi.useTransaction(h -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (MonitorResult.Alert a : alerts) {
                String subject = a.subject() == null ? "" : a.subject().length() > 500 ? a.subject().substring(0, 500) : a.subject();
                boolean known = h.createQuery("select 1 from alert where model = ? and window_label = ? and kind = ? and subject = ? and severity = ?")
                        .bind(0, model).bind(1, a.window()).bind(2, a.kind()).bind(3, subject).bind(4, a.severity()).mapTo(Integer.class).findOne()
                        .isPresent();
                if (known) {
                    continue;
                }
                long id = h.createUpdate("insert into alert (model, window_label, kind, subject, severity, measured, threshold, message, raised_at) "
                                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .bind(0, model).bind(1, a.window()).bind(2, a.kind()).bind(3, subject).bind(4, a.severity())
                        .bind(5, Double.isFinite(a.value()) ? a.value() : null).bind(6, Double.isFinite(a.threshold()) ? a.threshold() : null)
                        .bind(7, a.text()).bind(8, now)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                fresh.add(new Alert(id, model, a.window(), a.kind(), subject, a.severity(), a.value(), a.threshold(), a.text(), now, null, null));
            }
            h.createUpdate("delete from check_run where model = ?").bind(0, model).execute();
            h.createUpdate("insert into check_run (model, last_run_at, last_note) values (?, ?, ?)").bind(0, model).bind(1, now)
                    .bind(2, alerts.size() + " alert(s) in the report, " + fresh.size() + " new").execute();
        });
        return fresh;
    }

    public List<Alert> list(String model, boolean openOnly) {
        return jdbi.withHandle(h -> h.createQuery("select * from alert where (:m is null or model = :m) "
                        + (openOnly ? "and acknowledged_at is null " : "") + "order by id")
                .bind("m", model).map((rs, ctx) -> alert(rs)).list());
    }

    public Optional<Alert> get(long id) {
        return jdbi.withHandle(h -> h.createQuery("select * from alert where id = ?").bind(0, id).map((rs, ctx) -> alert(rs)).findOne());
    }

    /** Acknowledges an open alert in the name of {@code who}; false when there is no such open alert. */
    public boolean acknowledge(long id, String who) {
        return jdbi.withHandle(h -> h.createUpdate("update alert set acknowledged_by = ?, acknowledged_at = ? where id = ? and acknowledged_at is null")
                .bind(0, who).bind(1, OffsetDateTime.now(ZoneOffset.UTC)).bind(2, id).execute()) == 1;
    }

    /** Open alerts per model and severity, for the metrics. */
    public List<Object[]> openCounts() {
        return jdbi.withHandle(h -> h.createQuery("select model, severity, count(*) as n from alert where acknowledged_at is null group by model, severity")
                .map((rs, ctx) -> new Object[] {rs.getString("model"), rs.getString("severity"), rs.getLong("n")}).list());
    }

    private static Alert alert(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Alert(rs.getLong("id"), rs.getString("model"), rs.getString("window_label"), rs.getString("kind"), rs.getString("subject"),
                rs.getString("severity"), (Double) rs.getObject("measured"), (Double) rs.getObject("threshold"), rs.getString("message"),
                rs.getObject("raised_at", OffsetDateTime.class), rs.getString("acknowledged_by"), rs.getObject("acknowledged_at", OffsetDateTime.class));
    }

    // ---- webhooks

    public Webhook addWebhook(String model, String url, String secret) {
        return jdbi.withHandle(h -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            long id = h.createUpdate("insert into webhook (model, url, secret, created_at) values (?, ?, ?, ?)")
                    .bind(0, model).bind(1, url).bind(2, secret).bind(3, now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new Webhook(id, model, url, secret, now);
        });
    }

    public List<Webhook> webhooks() {
        return jdbi.withHandle(h -> h.createQuery("select id, model, url, secret, created_at from webhook where removed_at is null order by id")
                .map((rs, ctx) -> new Webhook(rs.getLong("id"), rs.getString("model"), rs.getString("url"), rs.getString("secret"),
                        rs.getObject("created_at", OffsetDateTime.class))).list());
    }

    public boolean removeWebhook(long id) {
        return jdbi.withHandle(h -> h.createUpdate("update webhook set removed_at = ? where id = ? and removed_at is null")
                .bind(0, OffsetDateTime.now(ZoneOffset.UTC)).bind(1, id).execute()) == 1;
    }

    /** Alerts not yet delivered to a live webhook that wants them, with fewer than {@code maxAttempts} tries. */
    public List<Object[]> undelivered(int maxAttempts) {
        return jdbi.withHandle(h -> h.createQuery("select a.id as alert_id, w.id as webhook_id from alert a join webhook w "
                        + "on w.removed_at is null and (w.model is null or w.model = a.model) and w.created_at <= a.raised_at "
                        + "left join alert_delivery d on d.alert_id = a.id and d.webhook_id = w.id "
                        + "where d.alert_id is null or (not d.delivered and d.attempts < :max) order by a.id, w.id")
                .bind("max", maxAttempts).map((rs, ctx) -> new Object[] {rs.getLong("alert_id"), rs.getLong("webhook_id")}).list());
    }

    public void recordDelivery(long alertId, long webhookId, boolean delivered, Integer status, String error) {
        jdbi.useTransaction(h -> {
            int attempts = h.createQuery("select attempts from alert_delivery where alert_id = ? and webhook_id = ?").bind(0, alertId).bind(1, webhookId)
                    .mapTo(Integer.class).findOne().orElse(0);
            h.createUpdate("delete from alert_delivery where alert_id = ? and webhook_id = ?").bind(0, alertId).bind(1, webhookId).execute();
            h.createUpdate("insert into alert_delivery (alert_id, webhook_id, delivered, attempts, last_status, last_error, last_try_at) "
                            + "values (?, ?, ?, ?, ?, ?, ?)")
                    .bind(0, alertId).bind(1, webhookId).bind(2, delivered).bind(3, attempts + 1).bind(4, status)
                    .bind(5, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error).bind(6, OffsetDateTime.now(ZoneOffset.UTC))
                    .execute();
        });
    }

    public Optional<Webhook> webhook(long id) {
        return webhooks().stream().filter(w -> w.id() == id).findFirst();
    }
}
