package dev.probity.core.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An expression as DuckDB SQL, from its syntax tree rather than its text, so that both engines read the same
 * language: every column name is quoted (a column called {@code group} is a column, not the SQL keyword), every
 * literal is written in its canonical form, and only Probity's functions are allowed (a DuckDB-only function that
 * the in-memory engine would refuse is refused here too, with the same message).
 */
final class SqlText {
    private SqlText() {
    }

    static String of(String text, Node n) {
        return switch (n) {
            case Node.Literal l -> literal(l.value());
            case Node.Ident id -> '"' + id.name().replace("\"", "\"\"") + '"';
            case Node.Unary u -> u.op().equals("NOT") ? "(NOT " + of(text, u.arg()) + ")" : "(" + u.op() + of(text, u.arg()) + ")";
            case Node.Binary b -> "(" + of(text, b.left()) + " " + b.op() + " " + of(text, b.right()) + ")";
            case Node.Between b -> "(" + of(text, b.value()) + (b.negated() ? " NOT" : "") + " BETWEEN " + of(text, b.low())
                    + " AND " + of(text, b.high()) + ")";
            case Node.In in -> {
                List<String> items = new ArrayList<>();
                for (Node x : in.list()) {
                    items.add(of(text, x));
                }
                yield "(" + of(text, in.value()) + (in.negated() ? " NOT" : "") + " IN (" + String.join(", ", items) + "))";
            }
            case Node.IsNull is -> "(" + of(text, is.value()) + (is.negated() ? " IS NOT NULL" : " IS NULL") + ")";
            case Node.Like l -> "(" + of(text, l.value()) + (l.negated() ? " NOT" : "") + (l.ignoreCase() ? " ILIKE " : " LIKE ")
                    + of(text, l.pattern()) + ")";
            case Node.Call c -> {
                if (!Functions.NAMES.contains(c.function())) {
                    throw new ExpressionException(text, c.pos(), "unknown function '" + c.function() + "'; available: "
                            + String.join(", ", Functions.NAMES));
                }
                List<String> args = new ArrayList<>();
                for (Node x : c.args()) {
                    args.add(of(text, x));
                }
                yield c.function() + "(" + String.join(", ", args) + ")";
            }
            case Node.Case c -> {
                StringBuilder sb = new StringBuilder("(CASE");
                if (c.operand() != null) {
                    sb.append(' ').append(of(text, c.operand()));
                }
                for (int i = 0; i < c.whens().size(); i++) {
                    sb.append(" WHEN ").append(of(text, c.whens().get(i))).append(" THEN ").append(of(text, c.thens().get(i)));
                }
                if (c.otherwise() != null) {
                    sb.append(" ELSE ").append(of(text, c.otherwise()));
                }
                yield sb.append(" END)").toString();
            }
            case Node.Cast c -> (c.lenient() ? "TRY_CAST(" : "CAST(") + of(text, c.value()) + " AS "
                    + c.type().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "") + ")";
        };
    }

    private static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (v instanceof Long l) {
            return Long.toString(l);
        }
        if (v instanceof Double d) {
            return "CAST(" + d + " AS DOUBLE)";
        }
        return "'" + v.toString().replace("'", "''") + "'";
    }
}
