package dev.probity.core.frame;

import dev.probity.core.InputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable table of typed, primitive columns of equal length. Selection and projection make new frames
 * that share unchanged column storage.
 */
public final class Frame {
    private final String source;
    private final List<Column> columns;
    private final Map<String, Integer> byName;
    private final int rowCount;
    private final RowOrigin origin;

    /**
     * @param source a name for messages (usually the file name)
     * @param columns columns of equal size and distinct names
     * @param origin where each row came from, for messages
     */
    public Frame(String source, List<? extends Column> columns, RowOrigin origin) {
        this.source = source == null ? "data" : source;
        this.columns = List.copyOf(columns);
        this.origin = origin == null ? RowOrigin.ROWS : origin;
        Map<String, Integer> names = new LinkedHashMap<>();
        int n = -1;
        for (int i = 0; i < this.columns.size(); i++) {
            Column c = this.columns.get(i);
            if (names.put(c.name(), i) != null) {
                throw new IllegalArgumentException("duplicate column name '" + c.name() + "'");
            }
            if (n >= 0 && c.size() != n) {
                throw new IllegalArgumentException("column '" + c.name() + "' has " + c.size()
                        + " rows but the frame has " + n);
            }
            n = c.size();
        }
        this.byName = names;
        this.rowCount = Math.max(n, 0);
    }

    public Frame(String source, List<? extends Column> columns) {
        this(source, columns, RowOrigin.ROWS);
    }

    public static Frame of(Column... columns) {
        return new Frame("data", List.of(columns));
    }

    /** Name of the data's source, for messages. */
    public String source() {
        return source;
    }

    public RowOrigin origin() {
        return origin;
    }

    public int rowCount() {
        return rowCount;
    }

    /** This frame, or an error saying that it has no data rows (a header-only file), for work that needs rows. */
    public Frame requireRows() {
        if (rowCount == 0) {
            throw new dev.probity.core.InputException(source() + " has no data rows");
        }
        return this;
    }

    public int columnCount() {
        return columns.size();
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> columnNames() {
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }

    /** True when a column of exactly this name exists, or of this name ignoring case if that is unique. */
    public boolean has(String name) {
        return resolve(name) != null;
    }

    /**
     * The column of this name. An exact match wins; otherwise a unique case-insensitive match (as in SQL).
     *
     * @throws InputException naming the missing column, the source and the closest existing names
     */
    public Column column(String name) {
        String actual = resolve(name);
        if (actual == null) {
            throw new InputException(unknownColumnMessage(name));
        }
        return columns.get(byName.get(actual));
    }

    /** The actual name a reference resolves to, or null. */
    public String resolve(String name) {
        if (byName.containsKey(name)) {
            return name;
        }
        String found = null;
        for (String n : byName.keySet()) {
            if (n.equalsIgnoreCase(name)) {
                if (found != null) {
                    return null;
                }
                found = n;
            }
        }
        return found;
    }

    public String unknownColumnMessage(String name) {
        StringBuilder sb = new StringBuilder();
        sb.append("no column '").append(name).append("' in ").append(source);
        List<String> close = closest(name);
        if (!close.isEmpty()) {
            sb.append(" (did you mean ").append(String.join(" or ", close.stream().map(s -> "'" + s + "'").toList())).append("?)");
        }
        sb.append("; columns are: ");
        List<String> names = new ArrayList<>(byName.keySet());
        int shown = Math.min(names.size(), 60);
        sb.append(String.join(", ", names.subList(0, shown)));
        if (shown < names.size()) {
            sb.append(", … (").append(names.size() - shown).append(" more)");
        }
        return sb.toString();
    }

    private List<String> closest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int best = Integer.MAX_VALUE;
        List<String> out = new ArrayList<>();
        for (String n : byName.keySet()) {
            int d = editDistance(lower, n.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                out.clear();
            }
            if (d == best) {
                out.add(n);
            }
        }
        int limit = Math.max(2, name.length() / 3);
        return best <= limit ? out.subList(0, Math.min(3, out.size())) : List.of();
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Rows {@code rows[0], rows[1], ...}; columns are copied, the row origin follows. */
    public Frame select(int[] rows) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            out.add(c.select(rows));
        }
        return new Frame(source, out, origin.select(rows));
    }

    /** The rows where {@code keep[i]} is true. */
    public Frame filter(boolean[] keep) {
        if (keep.length != rowCount) {
            throw new IllegalArgumentException("mask has " + keep.length + " rows, frame has " + rowCount);
        }
        int n = 0;
        for (boolean k : keep) {
            if (k) {
                n++;
            }
        }
        if (n == rowCount) {
            return this;
        }
        int[] rows = new int[n];
        int j = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                rows[j++] = i;
            }
        }
        return select(rows);
    }

    /** The first {@code n} rows. */
    public Frame head(int n) {
        int m = Math.min(n, rowCount);
        int[] rows = new int[m];
        for (int i = 0; i < m; i++) {
            rows[i] = i;
        }
        return select(rows);
    }

    /** Adds a column, or replaces the column of the same name in place. */
    public Frame withColumn(Column column) {
        Objects.requireNonNull(column);
        if (!columns.isEmpty() && column.size() != rowCount) {
            throw new IllegalArgumentException("column '" + column.name() + "' has " + column.size()
                    + " rows but the frame has " + rowCount);
        }
        List<Column> out = new ArrayList<>(columns);
        Integer at = byName.get(column.name());
        if (at == null) {
            out.add(column);
        } else {
            out.set(at, column);
        }
        return new Frame(source, out, origin);
    }

    /**
     * Groups rows by the values of one or more columns (their cross product, only combinations that occur).
     * A missing value is its own level, named {@link Grouping#MISSING_LABEL}.
     */
    public Grouping groupBy(List<String> names) {
        return Grouping.of(this, names);
    }

    @Override
    public String toString() {
        return "Frame[" + source + ", " + rowCount + " rows, " + columns.size() + " columns]";
    }
}
