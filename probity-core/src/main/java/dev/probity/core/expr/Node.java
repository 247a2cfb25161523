package dev.probity.core.expr;

import java.util.List;

/** The syntax tree of an expression, as parsed and before types are known. */
sealed interface Node {
    /** 0-based position in the expression text, for messages. */
    int pos();

    record Literal(Object value, int pos) implements Node {}

    record Ident(String name, int pos) implements Node {}

    record Unary(String op, Node arg, int pos) implements Node {}

    record Binary(String op, Node left, Node right, int pos) implements Node {}

    record Between(Node value, Node low, Node high, boolean negated, int pos) implements Node {}

    record In(Node value, List<Node> list, boolean negated, int pos) implements Node {}

    record IsNull(Node value, boolean negated, int pos) implements Node {}

    record Like(Node value, Node pattern, boolean negated, boolean ignoreCase, int pos) implements Node {}

    record Call(String function, List<Node> args, int pos) implements Node {}

    record Case(Node operand, List<Node> whens, List<Node> thens, Node otherwise, int pos) implements Node {}

    record Cast(Node value, String type, boolean lenient, int pos) implements Node {}
}
