package dev.probity.server.store;

import org.jdbi.v3.core.Jdbi;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Who called what, when, with which answer — and whether the answer held personal data. Tokens are named by their public
 * id, never by their secret. A failure to log is reported on standard error and does not fail the request.
 */
public final class AccessLog {
    private final Jdbi jdbi;

    public AccessLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void record(String tokenId, String method, String path, int status, boolean personal) {
        try {
            jdbi.useHandle(h -> h.createUpdate("insert into access_log (at, token_id, method, path, status, personal) values (?, ?, ?, ?, ?, ?)")
                    .bind(0, OffsetDateTime.now(ZoneOffset.UTC)).bind(1, tokenId).bind(2, method)
                    .bind(3, path.length() > 500 ? path.substring(0, 500) : path).bind(4, status).bind(5, personal).execute());
        } catch (RuntimeException e) {
            System.err.println("probity: the access log could not be written: " + e.getMessage());
        }
    }

    /** How many logged reads of personal data a token made (for tests and audits). */
    public long personalReads(String tokenId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from access_log where token_id = ? and personal").bind(0, tokenId)
                .mapTo(Long.class).one());
    }
}
