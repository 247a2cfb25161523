package dev.probity.sql;

import dev.probity.core.expr.Expression;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnBuilder;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.stats.SplitMix64;
import dev.probity.core.testing.Cases;
import dev.probity.core.testing.Shrink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test: random, well-typed expressions are evaluated by Probity's evaluator and by DuckDB on the
 * same random table, and must agree row by row (numbers to 1e-9 relative, since DuckDB computes decimal
 * literals exactly).
 */
class ExpressionVsDuckDbTest {
    private static Connection db;

    @BeforeAll
    static void open() {
        db = DuckDb.open(1);
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    static final String[] WORDS = {"a", "b", "Abc", "x y", "O", "N/A", "é", "", "ab%"};

    static Frame randomFrame(SplitMix64 r, int rows) {
        ColumnBuilder i = new ColumnBuilder("i", ColumnType.LONG);
        ColumnBuilder d = new ColumnBuilder("d", ColumnType.DOUBLE);
        ColumnBuilder s = new ColumnBuilder("s", ColumnType.STRING);
        ColumnBuilder b = new ColumnBuilder("b", ColumnType.BOOLEAN);
        for (int k = 0; k < rows; k++) {
            if (r.nextInt(8) == 0) {
                i.addMissing();
            } else {
                i.addLong(r.nextInt(21) - 10);
            }
            if (r.nextInt(8) == 0) {
                d.addMissing();
            } else {
                d.addDouble(Math.round((r.nextDouble() * 20 - 10) * 4) / 4.0);
            }
            if (r.nextInt(8) == 0) {
                s.addMissing();
            } else {
                s.addString(WORDS[r.nextInt(WORDS.length)]);
            }
            if (r.nextInt(8) == 0) {
                b.addMissing();
            } else {
                b.addBoolean((r.nextInt(2) == 0));
            }
        }
        return Frame.of(i.build(), d.build(), s.build(), b.build());
    }

    /** Random expressions of a given type; every one is valid in both engines. */
    static final class Gen {
        final SplitMix64 r;

        Gen(SplitMix64 r) {
            this.r = r;
        }

        String num(int depth) {
            int k = depth <= 0 ? r.nextInt(4) : r.nextInt(14);
            return switch (k) {
                case 0 -> "i";
                case 1 -> "d";
                case 2 -> String.valueOf(r.nextInt(9) - 4);
                case 3 -> (r.nextInt(40) - 20) / 4.0 + "";
                case 4 -> "(" + num(depth - 1) + " + " + num(depth - 1) + ")";
                case 5 -> "(" + num(depth - 1) + " - " + num(depth - 1) + ")";
                case 6 -> "(" + num(depth - 1) + " * " + num(depth - 1) + ")";
                case 7 -> "(" + num(depth - 1) + " / " + (r.nextInt(4) + 1) + ")";
                case 8 -> "abs(" + num(depth - 1) + ")";
                case 9 -> "CASE WHEN " + bool(depth - 1) + " THEN " + num(depth - 1) + " ELSE " + num(depth - 1) + " END";
                case 10 -> "coalesce(" + num(depth - 1) + ", " + num(depth - 1) + ")";
                case 11 -> ((r.nextInt(2) == 0) ? "least(" : "greatest(") + num(depth - 1) + ", " + num(depth - 1) + ")";
                case 12 -> "length(" + str(depth - 1) + ")";
                default -> "(i % " + (r.nextInt(3) + 2) + ")";
            };
        }

        String str(int depth) {
            int k = depth <= 0 ? r.nextInt(2) : r.nextInt(6);
            return switch (k) {
                case 0 -> "s";
                case 1 -> "'" + WORDS[r.nextInt(WORDS.length)].replace("'", "''") + "'";
                case 2 -> "lower(" + str(depth - 1) + ")";
                case 3 -> "upper(" + str(depth - 1) + ")";
                case 4 -> "CASE WHEN " + bool(depth - 1) + " THEN " + str(depth - 1) + " ELSE " + str(depth - 1) + " END";
                default -> "coalesce(" + str(depth - 1) + ", " + str(depth - 1) + ")";
            };
        }

        String cmp() {
            String[] ops = {"=", "<>", "<", "<=", ">", ">="};
            return ops[r.nextInt(ops.length)];
        }

        String bool(int depth) {
            int k = depth <= 0 ? r.nextInt(3) : r.nextInt(13);
            return switch (k) {
                case 0 -> "b";
                case 1 -> num(0) + " " + cmp() + " " + num(0);
                case 2 -> "s " + cmp() + " '" + WORDS[r.nextInt(WORDS.length)] + "'";
                case 3 -> "(" + bool(depth - 1) + " AND " + bool(depth - 1) + ")";
                case 4 -> "(" + bool(depth - 1) + " OR " + bool(depth - 1) + ")";
                case 5 -> "NOT " + bool(depth - 1);
                case 6 -> num(depth - 1) + ((r.nextInt(2) == 0) ? " NOT" : "") + " BETWEEN " + num(0) + " AND " + num(0);
                case 7 -> num(depth - 1) + ((r.nextInt(2) == 0) ? " NOT" : "") + " IN (" + num(0) + ", " + num(0)
                        + ((r.nextInt(2) == 0) ? ", NULL" : "") + ")";
                case 8 -> ((r.nextInt(2) == 0) ? str(depth - 1) : num(depth - 1)) + " IS " + ((r.nextInt(2) == 0) ? "NOT " : "") + "NULL";
                case 9 -> str(depth - 1) + ((r.nextInt(2) == 0) ? " NOT" : "") + ((r.nextInt(2) == 0) ? " LIKE " : " ILIKE ")
                        + "'" + new String[] {"a%", "%b%", "_", "%", "A_c", "x y"}[r.nextInt(6)] + "'";
                case 10 -> str(depth - 1) + " " + cmp() + " " + str(depth - 1);
                case 11 -> "(" + num(depth - 1) + " " + cmp() + " " + num(depth - 1) + ")";
                default -> "b = " + ((r.nextInt(2) == 0) ? "TRUE" : "FALSE");
            };
        }
    }

    /** One random 40-row table and ten random expressions over it, all from {@code seed}. */
    record Batch(long seed) {
    }

    static Stream<Batch> batches() {
        return Cases.of(0xE4E5L, 60, g -> new Batch(g.nextLong()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batches")
    void randomExpressionsAgreeWithDuckDb(Batch batch) {
        Shrink.check(batch, b -> {
            try {
                agree(b.seed());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static void agree(long seed) throws SQLException {
        SplitMix64 r = new SplitMix64(seed);
        Frame f = randomFrame(r, 40);
        try (Statement st = db.createStatement()) {
            st.execute("CREATE OR REPLACE TABLE t (k INTEGER, i BIGINT, d DOUBLE, s VARCHAR, b BOOLEAN)");
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
            for (int k = 0; k < f.rowCount(); k++) {
                ps.setInt(1, k);
                for (int c = 0; c < 4; c++) {
                    ps.setObject(c + 2, f.columns().get(c).get(k));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Gen g = new Gen(r);
        for (int e = 0; e < 10; e++) {
            String expr = switch (r.nextInt(3)) {
                case 0 -> g.num(3);
                case 1 -> g.str(3);
                default -> g.bool(3);
            };
            Column ours = Expression.parse(expr).evaluate(f, "x");
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT " + expr + " FROM t ORDER BY k")) {
                int k = 0;
                while (rs.next()) {
                    Object theirs = rs.getObject(1);
                    Object mine = ours.get(k);
                    String where = "row " + k + " of: " + expr + " (row values " + List.of(String.valueOf(f.columns().get(0).get(k)),
                            String.valueOf(f.columns().get(1).get(k)), String.valueOf(f.columns().get(2).get(k)),
                            String.valueOf(f.columns().get(3).get(k))) + ")";
                    if (theirs == null || mine == null) {
                        assertThat(mine).as(where).isNull();
                        assertThat(theirs).as(where).isNull();
                    } else if (ours instanceof BooleanColumn) {
                        assertThat(mine).as(where).isEqualTo(rs.getBoolean(1));
                    } else if (mine instanceof Number m) {
                        double a = m.doubleValue();
                        double b = rs.getDouble(1);
                        if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
                            assertThat(a).as(where).isEqualTo(b);
                        } else {
                            assertThat(Math.abs(a - b)).as(where + ": " + a + " vs " + b)
                                    .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(b)));
                        }
                    } else {
                        assertThat(mine).as(where).isEqualTo(rs.getString(1));
                    }
                    k++;
                }
                assertThat(k).isEqualTo(f.rowCount());
            }
        }
    }
}
