package dev.probity.server.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.core.InputException;

/**
 * The one shape of every error the API returns: {@code {"error": {"status": 400, "code": "bad_request", "message": "…",
 * "field": "records[3].id", "value": "…"}}} — {@code field} and {@code value} only when the error is about one.
 */
public final class ApiError {
    private ApiError() {
    }

    public static String json(int status, String message, String field, String value) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode e = root.putObject("error");
        e.put("status", status);
        e.put("code", code(status));
        e.put("message", message);
        if (field != null) {
            e.put("field", field);
        }
        if (value != null) {
            e.put("value", value);
        }
        return root.toString();
    }

    public static String json(int status, InputException ex) {
        InputException.Location l = ex.location().orElse(null);
        // the library names its settings in {{braces}}, as the command line spells them (min-group-rows); over HTTP
        // they are the query parameters and JSON fields of the same names in camel case (minGroupRows)
        return json(status, ex.message(k -> "'" + camel(k) + "'"), l == null ? null : l.field(), l == null ? null : l.value());
    }

    /** {@code min-group-rows} as {@code minGroupRows}. */
    static String camel(String setting) {
        StringBuilder b = new StringBuilder(setting.length());
        boolean up = false;
        for (char c : setting.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "error";
        };
    }
}
