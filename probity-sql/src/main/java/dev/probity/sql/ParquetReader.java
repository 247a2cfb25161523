package dev.probity.sql;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnBuilder;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.Format;
import dev.probity.core.io.PathReader;
import dev.probity.core.io.ReadOptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Apache Parquet through the embedded DuckDB engine (no Hadoop on the class path). Parquet carries its
 * own schema: integers become long columns, floating point and decimals double, booleans boolean, and
 * everything else (text, dates, timestamps) string, in DuckDB's text form.
 */
public final class ParquetReader implements PathReader {
    /** Found by {@link java.util.ServiceLoader} (META-INF/services); {@link #read(Path, ReadOptions)} reads directly. */
    public ParquetReader() {
    }

    @Override
    public boolean reads(Format format) {
        return format == Format.PARQUET;
    }

    @Override
    public Frame read(Path path, ReadOptions options) {
        return readParquet(path, options);
    }

    /** Streams the file through DuckDB in chunks of rows (about {@code chunkBytes} of values each). */
    @Override
    public boolean stream(Path path, ReadOptions options, int chunkBytes, java.util.function.Consumer<Frame> each) {
        readParquet(path, options, chunkBytes, each);
        return true;
    }

    public static Frame readParquet(Path path, ReadOptions options) {
        Frame[] whole = new Frame[1];
        readParquet(path, options, 0, f -> whole[0] = f);
        return whole[0];
    }

    /**
     * Reads the file, handing it over in chunks of about {@code chunkBytes} of values (8 bytes a value), or whole when
     * {@code chunkBytes} is 0. A file without rows is one empty chunk.
     */
    static void readParquet(Path path, ReadOptions options, int chunkBytes, java.util.function.Consumer<Frame> each) {
        String source = path.getFileName().toString();
        try (Connection c = DuckDb.open(options.threadCount(), chunkBytes > 0); Statement s = c.createStatement()) {
            String from = " FROM read_parquet(" + DuckDb.literal(path.toAbsolutePath().toString()) + ")";
            List<String> names = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT *" + from + " LIMIT 0")) {
                ResultSetMetaData m = r.getMetaData();
                for (int i = 1; i <= m.getColumnCount(); i++) {
                    names.add(m.getColumnName(i));
                }
            }
            List<String> wanted = names;
            if (options.columns() != null) {
                wanted = new ArrayList<>();
                for (String w : options.columns()) {
                    String actual = names.stream().filter(n -> n.equals(w)).findFirst()
                            .orElse(names.stream().filter(n -> n.equalsIgnoreCase(w)).findFirst().orElse(null));
                    if (actual == null) {
                        throw new InputException("no column '" + w + "' in " + source + "; columns are: "
                                + String.join(", ", names));
                    }
                    wanted.add(actual);
                }
            }
            Map<String, ColumnType> types = new java.util.HashMap<>();
            options.types().forEach((k, v) -> types.put(k.toLowerCase(Locale.ROOT), v));
            if (wanted.isEmpty()) {
                throw new InputException(source + " has no columns");
            }
            // each column as selected (cast where a type is forced), and its name
            List<String> exprs = new ArrayList<>();
            List<String> items = new ArrayList<>();
            for (String n : wanted) {
                ColumnType forced = types.get(n.toLowerCase(Locale.ROOT));
                String id = DuckDb.identifier(n);
                String expr = forced == null ? id : "CAST(" + id + " AS " + sqlType(forced) + ")";
                exprs.add(expr);
                items.add(expr + " AS " + id);
            }
            int n = items.size();
            ColumnType[] columnTypes = new ColumnType[n];
            String[] sqlTypes = new String[n];
            try (ResultSet r = s.executeQuery("SELECT " + String.join(", ", items) + from + " LIMIT 0")) {
                ResultSetMetaData m = r.getMetaData();
                for (int i = 0; i < n; i++) {
                    columnTypes[i] = typeOf(m.getColumnType(i + 1), m.getColumnTypeName(i + 1));
                    sqlTypes[i] = m.getColumnTypeName(i + 1);
                }
            }
            String[][] dictionaries = codeText(s, from, exprs, items, sqlTypes);
            try (ResultSet r = s.executeQuery("SELECT " + String.join(", ", items) + from)) {
                ColumnBuilder[] builders = new ColumnBuilder[n];
                for (int i = 0; i < n; i++) {
                    builders[i] = new ColumnBuilder(wanted.get(i), columnTypes[i]);
                }
                long rowsPerChunk = chunkBytes <= 0 ? Long.MAX_VALUE : Math.max(4096, chunkBytes / (8L * n));
                long base = 0;
                long inChunk = 0;
                boolean handed = false;
                while (r.next()) {
                    if (inChunk == rowsPerChunk) {
                        each.accept(frame(source, builders, base));
                        handed = true;
                        base += inChunk;
                        inChunk = 0;
                        for (int i = 0; i < n; i++) {
                            builders[i] = new ColumnBuilder(builders[i].name(), builders[i].type());
                        }
                    }
                    inChunk++;
                    for (int i = 0; i < n; i++) {
                        ColumnBuilder b = builders[i];
                        switch (b.type()) {
                            case LONG -> {
                                long v = r.getLong(i + 1);
                                if (r.wasNull()) {
                                    b.addMissing();
                                } else {
                                    b.addLong(v);
                                }
                            }
                            case DOUBLE -> {
                                double v = r.getDouble(i + 1);
                                if (r.wasNull()) {
                                    b.addMissing();
                                } else {
                                    b.addDouble(v);
                                }
                            }
                            case BOOLEAN -> {
                                boolean v = r.getBoolean(i + 1);
                                if (r.wasNull()) {
                                    b.addMissing();
                                } else {
                                    b.addBoolean(v);
                                }
                            }
                            case STRING -> {
                                String[] dictionary = dictionaries[i];
                                if (dictionary == null) {
                                    b.addString(r.getString(i + 1));
                                } else {
                                    int code = r.getInt(i + 1);
                                    if (r.wasNull()) {
                                        b.addMissing();
                                    } else {
                                        b.addString(dictionary[code]);
                                    }
                                }
                            }
                        }
                    }
                }
                if (inChunk > 0 || !handed) {
                    each.accept(frame(source, builders, base));
                }
            }
        } catch (SQLException e) {
            throw new InputException(source + ": cannot read as Parquet: " + firstLine(e.getMessage()), e);
        }
    }

    /** Text columns with at most this many distinct values come from DuckDB as dictionary codes. */
    static final int DICTIONARY_LIMIT = 1 << 16;

    /**
     * Replaces, in {@code items}, each text ({@code VARCHAR}) column of at most {@link #DICTIONARY_LIMIT} distinct values
     * by its code in an {@code ENUM} of those values, and returns each coded column's values in code order ({@code null}
     * for a column left as text). DuckDB's JDBC driver decodes every text value into a Java string, chunk by chunk, and
     * that was nearly all the time of reading a Parquet file (a 10M-row table: 4.2 s for its one text column, 0.23 s for
     * its two numbers); codes cost what numbers cost. The values are the same either way: a code stands for its text, a
     * missing value stays missing.
     */
    private static String[][] codeText(Statement s, String from, List<String> exprs, List<String> items, String[] sqlTypes)
            throws SQLException {
        String[][] dictionaries = new String[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            if (!"VARCHAR".equalsIgnoreCase(sqlTypes[i])) {
                continue;
            }
            String expr = exprs.get(i);
            String type = "probity_dictionary_" + i;
            // one pass: the distinct values, one more than the limit at most, to learn whether there are too many
            s.execute("CREATE TYPE " + type + " AS ENUM (SELECT DISTINCT " + expr + from + " WHERE " + expr + " IS NOT NULL"
                    + " LIMIT " + (DICTIONARY_LIMIT + 1) + ")");
            List<String> values = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT unnest(enum_range(NULL::" + type + "))")) {
                while (r.next()) {
                    values.add(r.getString(1));
                }
            }
            if (values.isEmpty() || values.size() > DICTIONARY_LIMIT) {
                s.execute("DROP TYPE " + type);
                continue;
            }
            dictionaries[i] = values.toArray(String[]::new);
            String item = items.get(i);
            items.set(i, "enum_code(CAST(" + expr + " AS " + type + "))" + item.substring(expr.length()));
        }
        return dictionaries;
    }

    private static Frame frame(String source, ColumnBuilder[] builders, long base) {
        List<Column> cols = new ArrayList<>(builders.length);
        for (ColumnBuilder b : builders) {
            cols.add(b.build());
        }
        return new Frame(source, cols, row -> "row " + (base + row + 1) + " of " + source);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String sqlType(ColumnType t) {
        return switch (t) {
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case STRING -> "VARCHAR";
        };
    }

    static ColumnType typeOf(int jdbcType, String typeName) {
        String t = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        return switch (jdbcType) {
            case Types.BOOLEAN, Types.BIT -> ColumnType.BOOLEAN;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> ColumnType.LONG;
            case Types.FLOAT, Types.DOUBLE, Types.REAL, Types.DECIMAL, Types.NUMERIC -> ColumnType.DOUBLE;
            default -> switch (t) {
                case "UTINYINT", "USMALLINT", "UINTEGER" -> ColumnType.LONG;
                case "UBIGINT", "HUGEINT", "UHUGEINT" -> ColumnType.DOUBLE;
                default -> ColumnType.STRING;
            };
        };
    }
}
