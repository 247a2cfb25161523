package dev.probity.server.store;

import dev.probity.server.auth.Role;
import dev.probity.server.auth.Tokens;
import org.jdbi.v3.core.Jdbi;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** API tokens in the database: their public id, name, role and the hash of the secret. */
public final class TokenStore {
    private final Jdbi jdbi;

    public TokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Who a token belongs to. */
    public record Caller(String tokenId, String name, Role role) {
    }

    /** A token as listed: never its secret. */
    public record TokenInfo(String id, String name, Role role, OffsetDateTime created, OffsetDateTime revoked) {
    }

    /** Creates a token and returns it: the only time its secret exists outside its holder. */
    public String create(String name, Role role) {
        String token = Tokens.generate();
        jdbi.useHandle(h -> h.createUpdate("insert into api_token (id, name, role, secret_hash, created_at) values (?, ?, ?, ?, ?)")
                .bind(0, Tokens.idOf(token)).bind(1, name).bind(2, role.id()).bind(3, Tokens.hash(token))
                .bind(4, OffsetDateTime.now(ZoneOffset.UTC)).execute());
        return token;
    }

    /** Whether any token exists (none: the service prints a first admin token on start). */
    public boolean any() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from api_token").mapTo(Long.class).one()) > 0;
    }

    /** The caller a presented token names, if it is well formed, known, not revoked, and its secret matches. */
    public Optional<Caller> authenticate(String token) {
        String id = Tokens.idOf(token);
        if (id == null) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("select name, role, secret_hash from api_token where id = ? and revoked_at is null")
                .bind(0, id).map((rs, ctx) -> Tokens.matches(token, rs.getString("secret_hash"))
                        ? new Caller(id, rs.getString("name"), Role.parse(rs.getString("role"))) : null)
                .findOne());
    }

    public List<TokenInfo> list() {
        return jdbi.withHandle(h -> h.createQuery("select id, name, role, created_at, revoked_at from api_token order by created_at")
                .map((rs, ctx) -> new TokenInfo(rs.getString("id"), rs.getString("name"), Role.parse(rs.getString("role")),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class)))
                .list());
    }

    /** Revokes a token by its public id; false when there is no such live token. */
    public boolean revoke(String id) {
        return jdbi.withHandle(h -> h.createUpdate("update api_token set revoked_at = ? where id = ? and revoked_at is null")
                .bind(0, OffsetDateTime.now(ZoneOffset.UTC)).bind(1, id).execute()) == 1;
    }

    /** The caller of a token by its public id, while it is not revoked (sessions are checked against this on each page). */
    public Optional<Caller> live(String id) {
        return jdbi.withHandle(h -> h.createQuery("select name, role from api_token where id = ? and revoked_at is null").bind(0, id)
                .map((rs, ctx) -> new Caller(id, rs.getString("name"), Role.parse(rs.getString("role")))).findOne());
    }
}
