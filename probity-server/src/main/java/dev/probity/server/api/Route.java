package dev.probity.server.api;

import dev.probity.server.auth.Role;
import io.javalin.http.Handler;

import java.util.List;
import java.util.Set;

/**
 * One route of the API: what it is, who may call it, and whether its answer holds personal data (such reads are logged
 * as such). The route table is the single source of the routes Javalin serves and of the OpenAPI description.
 *
 * @param method   GET or POST
 * @param path     the path, with {@code {name}} parameters
 * @param roles    the roles admitted besides {@link Role#ADMIN}
 * @param summary  one line for the OpenAPI description
 * @param body     the request body's media type, or null for none
 * @param query    the query parameters it reads
 * @param personal whether the answer holds personal data
 * @param handler  what it does
 */
public record Route(String method, String path, Set<Role> roles, String summary, String body, List<String> query, boolean personal,
                    Handler handler) {
    public boolean admits(Role r) {
        return r == Role.ADMIN || roles.contains(r);
    }
}
