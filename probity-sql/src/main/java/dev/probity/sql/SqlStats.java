package dev.probity.sql;

import dev.probity.core.Internal;
import dev.probity.core.InputException;
import dev.probity.core.expr.Expression;
import dev.probity.core.frame.Grouping;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;
import dev.probity.core.model.Binarization;
import dev.probity.fairness.audit.AuditSpec;
import dev.probity.fairness.stats.GroupStats;
import dev.probity.fairness.stats.RegressionMoments;
import dev.probity.fairness.stats.ScoreHistogram;
import dev.probity.fairness.stats.StatsTable;
import dev.probity.core.model.TaskKind;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The SQL statistics engine: the audit's group statistics computed inside the embedded DuckDB engine,
 * reading the file where it lies (CSV/TSV, JSON lines or Parquet), so that files larger than memory can be
 * audited. The audit's filter, derived columns and role expressions are SQL already and are pushed down
 * verbatim. The result is the same {@link StatsTable} the in-memory engine computes — counts exactly,
 * floating-point sums to rounding — and tests check that the two agree.
 */
@Internal("use SqlAudit")
public final class SqlStats {
    private SqlStats() {
    }

    /** The statistics and what the engine learned about the rows. */
    public record Result(StatsTable table, long rowsRead, long rowsAfterFilter, long rowsDropped, String positiveLabel,
                         String positivePrediction) {}

    /** The DuckDB table function that reads a file with these options. */
    static String source(Path file, ReadOptions o) {
        Format f = o.format() != null ? o.format() : Format.fromFileName(file);
        String path = DuckDb.literal(file.toAbsolutePath().toString());
        return switch (f) {
            case PARQUET -> "read_parquet(" + path + ")";
            case JSONL -> "read_json(" + path + ", format = 'newline_delimited')";
            case CSV, TSV -> {
                if (o.trim()) {
                    throw new InputException("trimming ({{trim}}) is not available with the SQL engine; set {{engine}} to memory");
                }
                StringBuilder sb = new StringBuilder("read_csv(").append(path);
                sb.append(", header = ").append(o.header());
                sb.append(", delim = ").append(DuckDb.literal(String.valueOf(o.delimiterFor(f))));
                sb.append(", quote = ").append(DuckDb.literal(String.valueOf(o.quote())));
                sb.append(", escape = ").append(DuckDb.literal(String.valueOf(o.quote())));
                if (o.skipLines() > 0) {
                    sb.append(", skip = ").append(o.skipLines());
                }
                List<String> na = new ArrayList<>(o.naValues());
                sb.append(", nullstr = [");
                for (int i = 0; i < na.size(); i++) {
                    sb.append(i > 0 ? ", " : "").append(DuckDb.literal(na.get(i)));
                }
                sb.append("]");
                if (o.columnNames() != null) {
                    sb.append(", names = [");
                    for (int i = 0; i < o.columnNames().size(); i++) {
                        sb.append(i > 0 ? ", " : "").append(DuckDb.literal(o.columnNames().get(i)));
                    }
                    sb.append("]");
                }
                if (!o.encoding().equals(StandardCharsets.UTF_8)) {
                    String enc = o.encoding().name().toLowerCase(Locale.ROOT);
                    sb.append(", encoding = ").append(DuckDb.literal(enc.equals("iso-8859-1") ? "latin-1" : enc));
                }
                if (!o.types().isEmpty()) {
                    sb.append(", types = {");
                    int i = 0;
                    for (var e : o.types().entrySet()) {
                        sb.append(i++ > 0 ? ", " : "").append(DuckDb.literal(e.getKey())).append(": ")
                                .append(DuckDb.literal(switch (e.getValue()) {
                                    case LONG -> "BIGINT";
                                    case DOUBLE -> "DOUBLE";
                                    case BOOLEAN -> "BOOLEAN";
                                    case STRING -> "VARCHAR";
                                }));
                    }
                    sb.append("}");
                }
                yield sb.append(")").toString();
            }
        };
    }

    public static Result compute(Path file, ReadOptions read, AuditSpec spec, int threads) {
        DataReader.checkReadable(file);
        String name = file.getFileName().toString();
        refuseWideText(file, name);
        try (Connection c = DuckDb.open(threads); Statement st = c.createStatement()) {
            checkColumns(c, source(file, read), spec, name);
            StringBuilder with = new StringBuilder("WITH src AS (SELECT * FROM " + source(file, read) + ")");
            String last = "src";
            int d = 0;
            for (Map.Entry<String, String> e : spec.derived().entrySet()) {
                String next = "d" + d++;
                with.append(", ").append(next).append(" AS (SELECT *, (").append(check(e.getValue())).append(") AS ")
                        .append(DuckDb.identifier(e.getKey())).append(" FROM ").append(last).append(")");
                last = next;
            }
            String where = spec.where() == null ? "TRUE" : "(" + check(spec.where()) + ")";
            with.append(", f AS (SELECT * FROM ").append(last).append(" WHERE ").append(where).append(")");
            String w = with.toString();

            String label = "(" + check(spec.label()) + ")";
            String pred = spec.prediction() == null ? null : "(" + check(spec.prediction()) + ")";
            String score = spec.score() == null ? null : "(" + check(spec.score()) + ")";
            String weight = spec.weight() == null ? null : DuckDb.identifier(spec.weight());
            String labelType = type(st, w, label, name);
            String predType = pred == null ? null : type(st, w, pred, name);

            // One pass validates everything: rows read and kept, missing outputs, NaN scores, bad weights, and
            // whether the label and prediction are binary (or hold the positive value). A large file is then read
            // only once more, by the aggregation.
            List<String> nullable = new ArrayList<>(List.of(label));
            if (pred != null) {
                nullable.add(pred);
            }
            if (score != null) {
                nullable.add(score);
            }
            if (weight != null) {
                nullable.add(weight);
            }
            String anyNull = String.join(" OR ", nullable.stream().map(x -> x + " IS NULL").toList());
            String ok = where + " AND NOT (" + anyNull + ")";
            Map<String, String> checks = new LinkedHashMap<>();
            checks.put("rows_read", "TRUE");
            checks.put("kept", where);
            checks.put("missing", where + " AND (" + anyNull + ")");
            if (score != null) {
                checks.put("nan_scores", ok + " AND NOT isfinite(" + score + "::DOUBLE)");
            }
            if (weight != null) {
                checks.put("bad_weights", ok + " AND (NOT (" + weight + "::DOUBLE >= 0) OR isinf(" + weight + "::DOUBLE))");
            }
            if (spec.task() == TaskKind.REGRESSION && pred != null) {
                checks.put("nonfinite_values", ok + " AND NOT (isfinite(" + label + "::DOUBLE) AND isfinite(" + pred + "::DOUBLE))");
            }
            if (spec.task() == TaskKind.BINARY) {
                binaryChecks(checks, "label", label, labelType, spec.positive(), ok);
                if (pred != null) {
                    String ppos = spec.predictionPositive() != null ? spec.predictionPositive() : spec.positive();
                    binaryChecks(checks, "prediction", pred, predType, ppos, ok);
                }
            }
            StringBuilder validation = new StringBuilder(with).append(" SELECT ");
            int items = 0;
            for (Map.Entry<String, String> e : checks.entrySet()) {
                validation.append(items++ > 0 ? ", " : "").append("count(*) FILTER (WHERE ").append(e.getValue())
                        .append(") AS ").append(e.getKey());
            }
            validation.append(" FROM ").append(last);
            Map<String, Long> counts = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery(validation.toString())) {
                rs.next();
                for (String key : checks.keySet()) {
                    counts.put(key, rs.getLong(key));
                }
            }
            long rowsRead = counts.get("rows_read");
            long kept = counts.get("kept");
            if (rowsRead == 0) {
                throw new InputException(name + " has no data rows");
            }
            if (kept == 0) {
                throw new InputException("no rows left: the filter \"" + spec.where() + "\" removed all " + rowsRead
                        + " rows of " + name);
            }
            long missing = counts.get("missing");
            long dropped = 0;
            String keep = "TRUE";
            if (missing > 0) {
                if (!spec.dropMissing()) {
                    throw new InputException("the label, prediction, score or weight is missing on " + missing + " rows of "
                            + name + "; fill them, filter them out ({{where}}), or drop them ({{drop-missing}})");
                }
                dropped = missing;
                keep = "NOT (" + anyNull + ")";
                if (missing == kept) {
                    throw new InputException("no rows left: every row has a missing label, prediction, score or weight");
                }
            }
            String rows = w + ", r0 AS (SELECT * FROM f WHERE " + keep + ")";
            if (counts.getOrDefault("nan_scores", 0L) > 0) {
                throw new InputException("the score '" + spec.score() + "' is NaN or infinite on " + counts.get("nan_scores")
                        + " rows of " + name + "; scores must be finite numbers (infinite numbers are refused like NaN)");
            }
            if (counts.getOrDefault("nonfinite_values", 0L) > 0) {
                throw new InputException("the label or prediction is NaN or infinite on " + counts.get("nonfinite_values")
                        + " rows of " + name + "; a regression audit needs finite numbers (infinite numbers are refused like NaN)");
            }
            if (counts.getOrDefault("bad_weights", 0L) > 0) {
                throw new InputException("the weight '" + spec.weight() + "' is negative or not finite on "
                        + counts.get("bad_weights") + " rows of " + name + "; weights must be finite and not negative");
            }

            List<String> attrs = new ArrayList<>(spec.protectedAttributes());
            if (spec.strata() != null && !attrs.contains(spec.strata())) {
                attrs.add(spec.strata());
            }
            StringBuilder groupCols = new StringBuilder();
            List<String> gNames = new ArrayList<>();
            for (int i = 0; i < attrs.size(); i++) {
                String g = "g" + i;
                gNames.add(g);
                groupCols.append("COALESCE(CAST(").append(DuckDb.identifier(attrs.get(i))).append(" AS VARCHAR), ")
                        .append(DuckDb.literal(Grouping.MISSING_LABEL)).append(") AS ").append(g).append(", ");
            }
            String wcol = weight == null ? "1.0::DOUBLE" : weight + "::DOUBLE";
            String gList = String.join(", ", gNames);
            Map<List<String>, GroupStats> cells = new LinkedHashMap<>();
            boolean weighted = weight != null;
            switch (spec.task()) {
                case BINARY -> {
                    Binary y = binary(st, rows, label, labelType, spec.positive(), "label", name, counts);
                    // The label's positive value applies to the prediction when the prediction can hold it.
                    String ppos = spec.predictionPositive() != null ? spec.predictionPositive()
                            : spec.positive() != null && predType != null && !predType.equals("BOOLEAN")
                            && compatible(predType, spec.positive(), counts.getOrDefault("prediction_hits", 0L))
                            ? spec.positive() : null;
                    Binary p = pred != null ? binary(st, rows, pred, predType, ppos, "prediction", name, counts)
                            : new Binary("CASE WHEN " + score + " >= " + spec.threshold() + " THEN 1 ELSE 0 END",
                            "score >= " + spec.threshold());
                    String sCol = score == null ? "" : ", (" + score + "::DOUBLE + 0.0) AS s";
                    String q = rows + ", r AS (SELECT " + groupCols + y.sql + " AS y, " + p.sql + " AS p, " + wcol + " AS w"
                            + sCol + " FROM r0) SELECT " + gList + ", y, p" + (score == null ? "" : ", s")
                            + ", count(*) AS n, sum(w) AS sw, sum(w * w) AS sw2 FROM r GROUP BY ALL ORDER BY ALL";
                    Map<List<String>, TreeMap<Double, double[]>> hist = new LinkedHashMap<>();
                    try (ResultSet rs = st.executeQuery(q)) {
                        while (rs.next()) {
                            List<String> key = key(rs, attrs.size());
                            int cell = rs.getInt("y") * 2 + rs.getInt("p");
                            GroupStats g = cells.computeIfAbsent(key, k -> new GroupStats(TaskKind.BINARY, weighted, false, 0));
                            long n = rs.getLong("n");
                            g.addCell(cell, n, rs.getDouble("sw"), rs.getDouble("sw2"));
                            if (score != null) {
                                double[] slot = hist.computeIfAbsent(key, k -> new TreeMap<>())
                                        .computeIfAbsent(rs.getDouble("s"), k -> new double[8]);
                                slot[cell] += n;
                                slot[4 + cell] += weighted ? rs.getDouble("sw") : n;
                            }
                        }
                    }
                    for (var e : hist.entrySet()) {
                        TreeMap<Double, double[]> m = e.getValue();
                        double[] values = new double[m.size()];
                        double[] ws = new double[m.size() * 4];
                        long[] cs = new long[m.size() * 4];
                        int i = 0;
                        for (var v : m.entrySet()) {
                            values[i] = v.getKey();
                            for (int cell = 0; cell < 4; cell++) {
                                cs[i * 4 + cell] = (long) v.getValue()[cell];
                                ws[i * 4 + cell] = v.getValue()[4 + cell];
                            }
                            i++;
                        }
                        cells.get(e.getKey()).setScores(ScoreHistogram.of(values, ws, cs));
                    }
                    return new Result(new StatsTable(attrs, TaskKind.BINARY, weighted, score != null, null, cells), rowsRead,
                            kept, dropped, y.positive, p.positive);
                }
                case MULTICLASS -> {
                    String q = rows + ", r AS (SELECT " + groupCols + "CAST(" + label + " AS VARCHAR) AS yc, CAST(" + pred
                            + " AS VARCHAR) AS pc, " + wcol + " AS w FROM r0) SELECT " + gList
                            + ", yc, pc, count(*) AS n, sum(w) AS sw, sum(w * w) AS sw2 FROM r GROUP BY ALL ORDER BY ALL";
                    List<Object[]> raw = new ArrayList<>();
                    TreeSet<String> classes = new TreeSet<>();
                    try (ResultSet rs = st.executeQuery(q)) {
                        while (rs.next()) {
                            String yc = rs.getString("yc");
                            String pc = rs.getString("pc");
                            classes.add(yc);
                            classes.add(pc);
                            raw.add(new Object[] {key(rs, attrs.size()), yc, pc, rs.getLong("n"), rs.getDouble("sw"),
                                    rs.getDouble("sw2")});
                        }
                    }
                    List<String> cls = new ArrayList<>(classes);
                    int k = cls.size();
                    for (Object[] row : raw) {
                        @SuppressWarnings("unchecked")
                        List<String> key = (List<String>) row[0];
                        GroupStats g = cells.computeIfAbsent(key, x -> new GroupStats(TaskKind.MULTICLASS, weighted, false, k));
                        g.addCell(cls.indexOf((String) row[1]) * k + cls.indexOf((String) row[2]), (Long) row[3],
                                (Double) row[4], (Double) row[5]);
                    }
                    return new Result(new StatsTable(attrs, TaskKind.MULTICLASS, weighted, false, cls, cells), rowsRead, kept,
                            dropped, null, null);
                }
                case REGRESSION -> {
                    String base = rows + ", r AS (SELECT " + groupCols + label + "::DOUBLE AS y, " + pred + "::DOUBLE AS p, "
                            + wcol + " AS w FROM r0), m AS (SELECT " + gList + ", sum(w) AS sw, sum(w * y) / sum(w) AS my, "
                            + "sum(w * p) / sum(w) AS mp, sum(w * (p - y)) / sum(w) AS mr FROM r GROUP BY ALL) ";
                    String q = base + "SELECT " + gList + ", count(*) AS n, any_value(m.sw) AS sw, sum(r.w * r.w) AS sw2, "
                            + "any_value(my) AS my, sum(r.w * (y - my) * (y - my)) AS m2y, any_value(mp) AS mp, "
                            + "any_value(mr) AS mr, "
                            + "sum(r.w * (p - y - mr) * (p - y - mr)) AS m2r, sum(r.w * abs(p - y)) AS ar "
                            + "FROM r JOIN m USING (" + gList + ") GROUP BY ALL ORDER BY ALL";
                    try (ResultSet rs = st.executeQuery(q)) {
                        while (rs.next()) {
                            List<String> key = key(rs, attrs.size());
                            GroupStats g = new GroupStats(TaskKind.REGRESSION, weighted, false, 0);
                            long n = rs.getLong("n");
                            g.addCell(0, n, rs.getDouble("sw"), rs.getDouble("sw2"));
                            g.setMoments(RegressionMoments.of(n, rs.getDouble("sw"), rs.getDouble("my"), rs.getDouble("m2y"),
                                    rs.getDouble("mp"), rs.getDouble("mr"), rs.getDouble("m2r"), rs.getDouble("ar")));
                            cells.put(key, g);
                        }
                    }
                    return new Result(new StatsTable(attrs, TaskKind.REGRESSION, weighted, false, null, cells), rowsRead, kept,
                            dropped, null, null);
                }
                default -> throw new IllegalStateException();
            }
        } catch (SQLException e) {
            java.util.regex.Matcher conv = java.util.regex.Pattern
                    .compile("Could not convert string '(.*?)' to (\\w+)(?: when casting from source column (\\S+))?")
                    .matcher(e.getMessage() == null ? "" : e.getMessage());
            if (conv.find()) {
                throw new InputException(name + ": " + (conv.group(3) != null ? "the column '" + conv.group(3) + "'" : "a column")
                        + " holds the text '" + InputException.shown(conv.group(1)) + "' where a number is needed", e);
            }
            if (e.getMessage() != null && e.getMessage().contains("Invalid unicode") && file != null) {
                InputException located = notUtf8(name, file, read);
                if (located != null) {
                    throw located;
                }
            }
            throw new InputException("the SQL engine could not audit " + name + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** DuckDB reads UTF-8 text only: a UTF-16 or UTF-32 file (by its byte-order mark) is refused by name, not by sniffing. */
    private static void refuseWideText(Path file, String name) {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".parquet")) {
            return;
        }
        byte[] head = new byte[4];
        int n;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        } catch (java.io.IOException e) {
            return;
        }
        boolean ff = n >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE;
        boolean fe = n >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF;
        boolean utf32be = n == 4 && head[0] == 0 && head[1] == 0 && (head[2] & 0xff) == 0xFE && (head[3] & 0xff) == 0xFF;
        if (ff || fe || utf32be) {
            throw new InputException(name + " is " + (utf32be || (ff && n == 4 && head[2] == 0 && head[3] == 0) ? "UTF-32" : "UTF-16")
                    + " text (by its byte-order mark); the SQL engine reads UTF-8 only: convert the file, or set {{engine}} to memory");
        }
    }

    /**
     * Every column an expression names exists (DuckDB's "Binder Error" would otherwise be the message), compared as
     * the in-memory engine compares them, without case.
     */
    private static void checkColumns(Connection c, String source, AuditSpec spec, String name) throws SQLException {
        java.util.List<String> columns = new java.util.ArrayList<>();
        // its own statement: DuckDB closes a statement whose query failed
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + source)) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return; // the main query reports what is wrong with the file
        }
        java.util.Set<String> known = new java.util.HashSet<>();
        columns.forEach(x -> known.add(x.toLowerCase(java.util.Locale.ROOT)));
        java.util.List<String> expressions = new java.util.ArrayList<>();
        for (Map.Entry<String, String> d : spec.derived().entrySet()) {
            expressions.add(d.getValue());
        }
        for (String x : new String[] {spec.where(), spec.label(), spec.prediction(), spec.score()}) {
            if (x != null) {
                expressions.add(x);
            }
        }
        java.util.Iterator<String> derivedNames = spec.derived().keySet().iterator();
        for (String x : expressions) {
            for (String id : Expression.parse(x).identifiers()) {
                if (!known.contains(id.toLowerCase(java.util.Locale.ROOT))) {
                    throw new InputException("no column '" + id + "' in " + name + "; columns are: " + String.join(", ", columns));
                }
            }
            if (derivedNames.hasNext()) {
                known.add(derivedNames.next().toLowerCase(java.util.Locale.ROOT));
            }
        }
        for (String p : spec.protectedAttributes()) {
            if (!known.contains(p.toLowerCase(java.util.Locale.ROOT))) {
                throw new InputException("no column '" + p + "' in " + name + "; columns are: " + String.join(", ", columns));
            }
        }
    }

    /** DuckDB says only "invalid unicode" and a line; find the byte, field and value as the in-memory reader does. */
    private static InputException notUtf8(String name, Path file, ReadOptions options) {
        try {
            char delim = options.delimiterFor(dev.probity.core.io.Format.fromFileName(file));
            return dev.probity.core.io.TextEncoding.notUtf8(name, file, (byte) delim, (byte) options.quote(), null);
        } catch (java.io.IOException | RuntimeException ex) {
            return null;
        }
    }

    /**
     * The expression as the SQL engine runs it: parsed by Probity's parser and written back as DuckDB SQL from its
     * syntax tree, so that syntax errors read the same in both engines and both accept the same language (quoted
     * column names, Probity's functions only).
     */
    private static String check(String expression) {
        return Expression.parse(expression).toSql();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static List<String> key(ResultSet rs, int n) throws SQLException {
        List<String> key = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            key.add(rs.getString("g" + i));
        }
        return List.copyOf(key);
    }


    private static String type(Statement st, String with, String expr, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery(with + " SELECT typeof(" + expr + ") FROM f LIMIT 1")) {
            if (!rs.next()) {
                return "NULL";
            }
            return rs.getString(1).toUpperCase(Locale.ROOT);
        }
    }

    private static boolean numeric(String type) {
        return type.matches("(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DOUBLE|FLOAT|REAL|DECIMAL.*)");
    }

    private static boolean compatible(String type, String positive, long hits) {
        if (numeric(type)) {
            return Binarization.parseNumber(positive) != null;
        }
        return type.equals("VARCHAR") && hits > 0;
    }

    /**
     * Adds the validation counts of a binary column: values other than 0 and 1 (numeric, no positive value), or
     * rows equal to the positive value.
     */
    private static void binaryChecks(Map<String, String> checks, String role, String expr, String type, String positive,
                                     String ok) {
        if (type.equals("BOOLEAN")) {
            return;
        }
        if (numeric(type)) {
            checks.put(role + "_not_binary", ok + " AND (" + expr + " NOT IN (0, 1) OR isnan(" + expr + "::DOUBLE))");
            if (positive != null) {
                Double p = Binarization.parseNumber(positive);
                checks.put(role + "_hits", p == null ? "FALSE" : ok + " AND " + expr + " = " + p);
            }
            return;
        }
        checks.put(role + "_hits", positive == null ? "FALSE"
                : ok + " AND CAST(" + expr + " AS VARCHAR) = " + DuckDb.literal(positive));
    }

    private record Binary(String sql, String positive) {}

    /** The same binary view as the in-memory engine's, in SQL, with the same errors, from the validation counts. */
    private static Binary binary(Statement st, String rows, String expr, String type, String positive, String role,
                                 String name, Map<String, Long> counts) throws SQLException {
        String flag = role.equals("label") ? "{{positive}}" : "{{prediction-positive}}";
        long hits = counts.getOrDefault(role + "_hits", 0L);
        if (type.equals("BOOLEAN")) {
            boolean want = positive == null || !positive.equalsIgnoreCase("false");
            return new Binary("CASE WHEN " + expr + " = " + want + " THEN 1 ELSE 0 END", Boolean.toString(want));
        }
        if (numeric(type)) {
            if (positive != null) {
                Double p = Binarization.parseNumber(positive);
                if (p == null) {
                    throw new InputException("the " + role + " is numeric, but the positive value '" + positive
                            + "' is not a number");
                }
                boolean zeroOne = counts.getOrDefault(role + "_not_binary", 0L) == 0 && (p == 0 || p == 1);
                if (hits == 0 && !zeroOne) {
                    throw new InputException("the " + role + " never equals the positive value " + positive);
                }
                return new Binary("CASE WHEN " + expr + " = " + p + " THEN 1 ELSE 0 END", positive);
            }
            long bad = counts.getOrDefault(role + "_not_binary", 0L);
            if (bad > 0) {
                throw new InputException("the " + role + " " + expr + " in " + name + " is not binary: " + bad
                        + " rows hold values other than 0 and 1 (" + distinct(st, rows, expr) + "). Say which value is positive ("
                        + flag + "; the others count as negative)");
            }
            return new Binary("CAST(" + expr + " AS INTEGER)", "1");
        }
        if (positive == null) {
            throw new InputException("the " + role + " " + expr + " holds text (" + distinct(st, rows, expr)
                    + "); say which value is positive (" + flag + ")");
        }
        if (hits == 0) {
            throw new InputException("the positive value '" + positive + "' does not occur in the " + role + " " + expr
                    + "; its values are " + distinct(st, rows, expr));
        }
        return new Binary("CASE WHEN CAST(" + expr + " AS VARCHAR) = " + DuckDb.literal(positive) + " THEN 1 ELSE 0 END",
                positive);
    }

    private static String distinct(Statement st, String rows, String expr) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(rows + " SELECT DISTINCT CAST(" + expr + " AS VARCHAR) AS v FROM r0 ORDER BY v LIMIT 11")) {
            while (rs.next()) {
                out.add("'" + rs.getString(1) + "'");
            }
        }
        if (out.size() > 10) {
            out.set(10, "…");
        }
        return String.join(", ", out);
    }
}
