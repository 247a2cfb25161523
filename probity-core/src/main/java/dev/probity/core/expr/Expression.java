package dev.probity.core.expr;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A SQL expression over the columns of a {@link Frame}: a row filter such as ProPublica's
 * {@code days_b_screening_arrest BETWEEN -30 AND 30 AND is_recid <> -1 AND c_charge_degree <> 'O' AND
 * score_text <> 'N/A'}, or a derived column such as {@code decile_score >= 5}.
 *
 * <p>The language is the part of SQL that filters and derives: literals ({@code 12}, {@code 2.5},
 * {@code 'text'} with {@code ''} for a quote, {@code TRUE}, {@code FALSE}, {@code NULL}); column names,
 * bare or {@code "quoted"} (exact match first, else a unique case-insensitive match); arithmetic
 * {@code + - * / // %}; text concatenation {@code ||}; comparisons {@code = == <> != < <= > >=};
 * {@code [NOT] BETWEEN … AND …}, {@code [NOT] IN (…)}, {@code IS [NOT] NULL}, {@code [NOT] LIKE / ILIKE}
 * (with {@code %} and {@code _}); {@code AND OR NOT} with SQL's three-valued logic; {@code CASE [x] WHEN …
 * THEN … [ELSE …] END}; {@code CAST(x AS DOUBLE|BIGINT|VARCHAR|BOOLEAN)} and {@code TRY_CAST}; and the
 * functions listed in the docs (abs, round, floor, ceil, sqrt, ln, log10, exp, power, sign, least,
 * greatest, lower, upper, trim, length, substr, concat, contains, starts_with, ends_with, coalesce, nullif).
 *
 * <p>The same text means the same thing to DuckDB, which runs it when an audit is pushed into SQL; a test
 * evaluates random expressions with both and compares. Numbers are evaluated in double precision (exact
 * for integers up to 2<sup>53</sup>); DuckDB evaluates decimal literals exactly, so {@code 0.1 + 0.2 = 0.3}
 * is false here and true there.
 */
public final class Expression {
    private final String text;
    private final Node root;

    private Expression(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /** Parses the text; syntax errors point at their position. Column names are checked later, against a frame. */
    public static Expression parse(String text) {
        return new Expression(text, Parser.parse(text));
    }

    public String text() {
        return text;
    }

    /**
     * The expression as DuckDB SQL, written from its syntax tree: column names quoted, literals canonical, only
     * Probity's functions — so that the SQL engine reads exactly the language the in-memory engine does.
     *
     * @throws ExpressionException for a function Probity does not have
     */
    public String toSql() {
        return SqlText.of(text, root);
    }

    /** The column names the expression mentions, as written. */
    public Set<String> identifiers() {
        Set<String> out = new LinkedHashSet<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, Set<String> out) {
        switch (n) {
            case Node.Literal l -> { }
            case Node.Ident id -> out.add(id.name());
            case Node.Unary u -> collect(u.arg(), out);
            case Node.Binary b -> {
                collect(b.left(), out);
                collect(b.right(), out);
            }
            case Node.Between b -> {
                collect(b.value(), out);
                collect(b.low(), out);
                collect(b.high(), out);
            }
            case Node.In in -> {
                collect(in.value(), out);
                in.list().forEach(x -> collect(x, out));
            }
            case Node.IsNull x -> collect(x.value(), out);
            case Node.Like l -> {
                collect(l.value(), out);
                collect(l.pattern(), out);
            }
            case Node.Call c -> c.args().forEach(x -> collect(x, out));
            case Node.Case c -> {
                if (c.operand() != null) {
                    collect(c.operand(), out);
                }
                c.whens().forEach(x -> collect(x, out));
                c.thens().forEach(x -> collect(x, out));
                if (c.otherwise() != null) {
                    collect(c.otherwise(), out);
                }
            }
            case Node.Cast c -> collect(c.value(), out);
        }
    }

    /** True when the whole expression is one column name (bare or quoted). */
    public boolean isColumnReference() {
        return root instanceof Node.Ident;
    }

    /** The result type against this frame's columns; checks every name and operator. */
    public Type type(Frame frame) {
        return new Compiler(text, frame).compile(root).type();
    }

    /** The actual names of the frame's columns that the expression uses. */
    public List<String> columns(Frame frame) {
        Compiler c = new Compiler(text, frame);
        c.compile(root);
        return new ArrayList<>(c.columnsUsed);
    }

    /**
     * Evaluates the expression on every row. Booleans become a boolean column, integers a long column, other
     * numbers a double column, text a string column; SQL NULL becomes a missing value.
     */
    public Column evaluate(Frame frame, String name) {
        Compiler c = new Compiler(text, frame);
        Compiler.Typed t = c.compile(root);
        Compiler.Ctx ctx = new Compiler.Ctx(frame);
        Vec v = t.op().eval(ctx);
        return Compiler.toColumn(name, t.type() == Type.NULL ? Type.INTEGER : t.type(), v, frame.rowCount());
    }

    /** The rows where the expression is TRUE (FALSE and NULL rows are dropped, as in SQL's WHERE). */
    public boolean[] filter(Frame frame) {
        Compiler c = new Compiler(text, frame);
        Compiler.Typed t = c.compile(root);
        if (t.type() != Type.BOOLEAN && t.type() != Type.NULL) {
            String hint = t.type().isNumeric() ? " (did you mean " + text.strip() + " = 1?)" : "";
            throw new ExpressionException(text, -1, "a filter must be true or false for each row, but this is "
                    + t.type().describe() + hint);
        }
        Vec v = t.op().eval(new Compiler.Ctx(frame));
        boolean[] keep = new boolean[frame.rowCount()];
        if (v instanceof Vec.Bool b) {
            for (int i = 0; i < keep.length; i++) {
                keep[i] = b.get(i) == Vec.TRUE;
            }
        }
        return keep;
    }

    @Override
    public String toString() {
        return text;
    }
}
