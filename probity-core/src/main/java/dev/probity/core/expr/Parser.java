package dev.probity.core.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Recursive-descent parser for Probity's SQL expression subset (see {@link Expression}). */
final class Parser {
    private enum Kind { NUMBER, STRING, IDENT, QUOTED_IDENT, OP, END }

    private record Token(Kind kind, String text, int pos) {
        boolean is(String s) {
            return (kind == Kind.OP || kind == Kind.IDENT) && text.equalsIgnoreCase(s);
        }
    }

    private static final Set<String> RESERVED = Set.of("and", "or", "not", "between", "in", "is", "null", "like",
            "ilike", "true", "false", "case", "when", "then", "else", "end", "cast", "try_cast", "as");

    private final String text;
    private final List<Token> tokens;
    private int at;

    private Parser(String text) {
        this.text = text;
        this.tokens = lex(text);
    }

    static Node parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ExpressionException(text == null ? "" : text, -1, "the expression is empty");
        }
        Parser p = new Parser(text);
        Node n = p.expr();
        Token t = p.peek();
        if (t.kind != Kind.END) {
            throw p.error(t.pos, "unexpected '" + t.text + "'"
                    + (t.text.equals("==") ? "" : " (is an operator or a quote missing?)"));
        }
        return n;
    }

    private ExpressionException error(int pos, String msg) {
        return new ExpressionException(text, pos, msg);
    }

    private List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (isAsciiDigit(c) || (c == '.' && i + 1 < n && isAsciiDigit(s.charAt(i + 1)))) {
                while (i < n && isAsciiDigit(s.charAt(i))) {
                    i++;
                }
                if (i < n && s.charAt(i) == '.') {
                    i++;
                    while (i < n && isAsciiDigit(s.charAt(i))) {
                        i++;
                    }
                }
                if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int j = i + 1;
                    if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && isAsciiDigit(s.charAt(j))) {
                        i = j;
                        while (i < n && isAsciiDigit(s.charAt(i))) {
                            i++;
                        }
                    }
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
            } else if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw error(start, "the text literal starting here is not closed with '");
                    }
                    char d = s.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < n && s.charAt(i + 1) == '\'') {
                            sb.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                out.add(new Token(Kind.STRING, sb.toString(), start));
            } else if (c == '"' || c == '`') {
                char q = c;
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw error(start, "the quoted column name starting here is not closed with " + q);
                    }
                    char d = s.charAt(i);
                    if (d == q) {
                        if (i + 1 < n && s.charAt(i + 1) == q) {
                            sb.append(q);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                out.add(new Token(Kind.QUOTED_IDENT, sb.toString(), start));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(start, i), start));
            } else {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=") || two.equals("==")
                        || two.equals("||") || two.equals("//")) {
                    out.add(new Token(Kind.OP, two, start));
                    i += 2;
                } else if ("=<>+-*/%(),".indexOf(c) >= 0) {
                    out.add(new Token(Kind.OP, String.valueOf(c), start));
                    i++;
                } else {
                    throw error(start, "unexpected character '" + c + "'"
                            + (c == '&' ? " (use AND)" : c == '|' ? " (use OR)" : c == '!' ? " (use NOT or <>)" : ""));
                }
            }
        }
        out.add(new Token(Kind.END, "end of expression", n));
        return out;
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        return tokens.get(at++);
    }

    private boolean accept(String s) {
        if (peek().is(s)) {
            at++;
            return true;
        }
        return false;
    }

    private Token expect(String s) {
        Token t = peek();
        if (!t.is(s)) {
            throw error(t.pos, "expected " + (s.length() == 1 ? "'" + s + "'" : s.toUpperCase(Locale.ROOT))
                    + " but found " + (t.kind == Kind.END ? "the end of the expression" : "'" + t.text + "'"));
        }
        return next();
    }

    private Node expr() {
        return or();
    }

    private Node or() {
        Node n = and();
        while (peek().is("or")) {
            int p = next().pos;
            n = new Node.Binary("OR", n, and(), p);
        }
        return n;
    }

    private Node and() {
        Node n = not();
        while (peek().is("and")) {
            int p = next().pos;
            n = new Node.Binary("AND", n, not(), p);
        }
        return n;
    }

    private Node not() {
        if (peek().is("not")) {
            int p = next().pos;
            return new Node.Unary("NOT", not(), p);
        }
        return predicate();
    }

    private Node predicate() {
        Node left = additive();
        while (true) {
            Token t = peek();
            if (t.kind == Kind.OP && Set.of("=", "==", "<>", "!=", "<", "<=", ">", ">=").contains(t.text)) {
                next();
                String op = switch (t.text) {
                    case "==" -> "=";
                    case "!=" -> "<>";
                    default -> t.text;
                };
                left = new Node.Binary(op, left, additive(), t.pos);
                continue;
            }
            boolean negated = false;
            int save = at;
            if (t.is("not")) {
                next();
                negated = true;
            }
            Token k = peek();
            if (k.is("between")) {
                next();
                Node lo = additive();
                expect("and");
                Node hi = additive();
                left = new Node.Between(left, lo, hi, negated, k.pos);
            } else if (k.is("in")) {
                next();
                expect("(");
                List<Node> list = new ArrayList<>();
                if (peek().is(")")) {
                    throw error(peek().pos, "IN needs at least one value");
                }
                do {
                    list.add(expr());
                } while (accept(","));
                expect(")");
                left = new Node.In(left, list, negated, k.pos);
            } else if (k.is("like") || k.is("ilike")) {
                next();
                left = new Node.Like(left, additive(), negated, k.is("ilike"), k.pos);
            } else if (!negated && k.is("is")) {
                next();
                boolean not = accept("not");
                expect("null");
                left = new Node.IsNull(left, not, k.pos);
            } else {
                at = save;
                return left;
            }
        }
    }

    private Node additive() {
        Node n = multiplicative();
        while (true) {
            Token t = peek();
            if (t.kind == Kind.OP && (t.text.equals("+") || t.text.equals("-") || t.text.equals("||"))) {
                next();
                n = new Node.Binary(t.text, n, multiplicative(), t.pos);
            } else {
                return n;
            }
        }
    }

    private Node multiplicative() {
        Node n = unary();
        while (true) {
            Token t = peek();
            if (t.kind == Kind.OP && (t.text.equals("*") || t.text.equals("/") || t.text.equals("//") || t.text.equals("%"))) {
                next();
                n = new Node.Binary(t.text, n, unary(), t.pos);
            } else {
                return n;
            }
        }
    }

    private Node unary() {
        Token t = peek();
        if (t.kind == Kind.OP && (t.text.equals("-") || t.text.equals("+"))) {
            next();
            Node arg = unary();
            if (t.text.equals("+")) {
                return arg;
            }
            if (arg instanceof Node.Literal l && l.value() instanceof Long v) {
                return new Node.Literal(-v, t.pos);
            }
            if (arg instanceof Node.Literal l && l.value() instanceof Double v) {
                return new Node.Literal(-v, t.pos);
            }
            return new Node.Unary("-", arg, t.pos);
        }
        return primary();
    }

    private Node primary() {
        Token t = next();
        switch (t.kind) {
            case NUMBER -> {
                return number(t);
            }
            case STRING -> {
                return new Node.Literal(t.text, t.pos);
            }
            case QUOTED_IDENT -> {
                return new Node.Ident(t.text, t.pos);
            }
            case END -> throw error(t.pos, "the expression ends too early");
            case OP -> {
                if (t.text.equals("(")) {
                    Node n = expr();
                    expect(")");
                    return n;
                }
                throw error(t.pos, "unexpected '" + t.text + "'");
            }
            case IDENT -> {
                String w = t.text.toLowerCase(Locale.ROOT);
                switch (w) {
                    case "true" -> {
                        return new Node.Literal(Boolean.TRUE, t.pos);
                    }
                    case "false" -> {
                        return new Node.Literal(Boolean.FALSE, t.pos);
                    }
                    case "null" -> {
                        return new Node.Literal(null, t.pos);
                    }
                    case "case" -> {
                        return caseExpr(t.pos);
                    }
                    case "cast", "try_cast" -> {
                        expect("(");
                        Node v = expr();
                        expect("as");
                        Token type = next();
                        if (type.kind != Kind.IDENT) {
                            throw error(type.pos, "expected a type name (DOUBLE, BIGINT, VARCHAR, BOOLEAN)");
                        }
                        expect(")");
                        return new Node.Cast(v, type.text, w.equals("try_cast"), t.pos);
                    }
                    default -> { }
                }
                if (peek().is("(")) {
                    next();
                    List<Node> args = new ArrayList<>();
                    if (!peek().is(")")) {
                        do {
                            args.add(expr());
                        } while (accept(","));
                    }
                    expect(")");
                    return new Node.Call(w, args, t.pos);
                }
                if (RESERVED.contains(w)) {
                    throw error(t.pos, "'" + t.text + "' is a keyword; quote a column of that name as \"" + t.text + "\"");
                }
                return new Node.Ident(t.text, t.pos);
            }
            default -> throw error(t.pos, "unexpected '" + t.text + "'");
        }
    }

    private Node number(Token t) {
        String s = t.text;
        if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0) {
            try {
                return new Node.Literal(Long.parseLong(s), t.pos);
            } catch (NumberFormatException e) {
                // too large for a long: a double
            }
        }
        return new Node.Literal(Double.parseDouble(s), t.pos);
    }

    private Node caseExpr(int pos) {
        Node operand = null;
        if (!peek().is("when")) {
            operand = expr();
        }
        List<Node> whens = new ArrayList<>();
        List<Node> thens = new ArrayList<>();
        if (!peek().is("when")) {
            throw error(peek().pos, "CASE needs at least one WHEN … THEN …");
        }
        while (accept("when")) {
            whens.add(expr());
            expect("then");
            thens.add(expr());
        }
        Node otherwise = null;
        if (accept("else")) {
            otherwise = expr();
        }
        expect("end");
        return new Node.Case(operand, whens, thens, otherwise, pos);
    }

    /** Numbers are ASCII digits: Character.isDigit also accepts Arabic-Indic and other digits that no number parser reads. */
    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
