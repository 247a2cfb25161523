package dev.probity.core.expr;

import dev.probity.core.InputException;

/**
 * An expression that cannot be parsed or typed. The message quotes the expression and points at the
 * position with a caret, e.g.
 * <pre>
 * in expression "decile_score &gt;= 'high'" at position 17: cannot compare a number with text 'high'
 *   decile_score &gt;= 'high'
 *                   ^
 * </pre>
 */
public class ExpressionException extends InputException {
    private final String expression;
    private final int position;

    public ExpressionException(String expression, int position, String problem) {
        super(format(expression, position, problem),
                new Location(expression, 0, position >= 0 ? position + 1 : 0, null, null));
        this.expression = expression;
        this.position = position;
    }

    private static String format(String expression, int position, String problem) {
        String where = position >= 0 ? " at position " + (position + 1) : "";
        StringBuilder sb = new StringBuilder();
        sb.append("in expression \"").append(shown(expression)).append('"').append(where).append(": ").append(problem);
        if (position >= 0 && expression.indexOf('\n') < 0 && expression.length() <= 200) {
            sb.append('\n').append("  ").append(expression).append('\n').append("  ")
                    .append(" ".repeat(Math.min(position, expression.length()))).append('^');
        }
        return sb.toString();
    }

    public String expression() {
        return expression;
    }

    /** 0-based character position of the problem, or -1. */
    public int position() {
        return position;
    }
}
