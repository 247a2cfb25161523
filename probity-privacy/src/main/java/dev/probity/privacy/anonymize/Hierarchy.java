package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A generalization hierarchy of one attribute: each original value with its generalizations from most specific
 * (level 0, the value itself) to the most general (conventionally {@code *}), in ARX's CSV format — one line per
 * value, fields separated by {@code ;}, every line with the same number of fields.
 *
 * <p>Level {@code l} of the hierarchy maps every value to the text in field {@code l}. A hierarchy is consistent
 * when two values that share a generalization at level {@code l} also share it at every level above {@code l}
 * (otherwise generalizing would split, not merge, groups); {@link #of} refuses one that is not.
 */
public final class Hierarchy {
    private final String name;
    private final String source;
    private final String[][] rows;
    private final Map<String, Integer> index;
    /** codes[level][row]: the code of the row's generalization at the level, codes dense per level from 0. */
    private final int[][] codes;
    /** labels[level][code]: the text of the code. */
    private final String[][] labels;
    /** leaves[level][code]: how many rows of the hierarchy the generalized value covers. */
    private final int[][] leaves;

    private Hierarchy(String name, String source, String[][] rows) {
        this.name = name;
        this.source = source;
        this.rows = rows;
        int levels = rows[0].length;
        this.index = new HashMap<>(rows.length * 2);
        for (int r = 0; r < rows.length; r++) {
            index.put(rows[r][0], r);
        }
        codes = new int[levels][rows.length];
        labels = new String[levels][];
        leaves = new int[levels][];
        for (int l = 0; l < levels; l++) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            List<Integer> count = new ArrayList<>();
            for (int r = 0; r < rows.length; r++) {
                Integer c = seen.get(rows[r][l]);
                if (c == null) {
                    c = seen.size();
                    seen.put(rows[r][l], c);
                    count.add(0);
                }
                codes[l][r] = c;
                count.set(c, count.get(c) + 1);
            }
            labels[l] = seen.keySet().toArray(new String[0]);
            leaves[l] = count.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * A hierarchy from its rows (each row: a value, then its generalizations).
     *
     * @param name   the attribute, used in messages
     * @param source where the rows come from (a file name), used in messages
     * @param rows   the rows; the first field of each is the original value
     */
    public static Hierarchy of(String name, String source, List<String[]> rows) {
        Objects.requireNonNull(name, "name");
        if (rows.isEmpty()) {
            throw new InputException("the hierarchy of '" + name + "' in " + source + " has no values",
                    new InputException.Location(source, 0, 0, name, null));
        }
        int width = rows.get(0).length;
        Map<String, Integer> firstLine = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row.length != width) {
                throw new InputException("the hierarchy of '" + name + "' in " + source + " line " + (r + 1)
                        + " has " + row.length + " fields where line 1 has " + width + " (value '"
                        + InputException.shown(row[0]) + "'); every line lists a value and all its generalizations",
                        new InputException.Location(source, r + 1, 0, name, row[0]));
            }
            for (int f = 0; f < row.length; f++) {
                if (row[f] == null || row[f].isEmpty()) {
                    throw new InputException("the hierarchy of '" + name + "' in " + source + " line " + (r + 1)
                            + " field " + (f + 1) + " is empty (value '" + InputException.shown(row[0]) + "')",
                            new InputException.Location(source, r + 1, f + 1, name, row[0]));
                }
            }
            Integer before = firstLine.putIfAbsent(row[0], r + 1);
            if (before != null) {
                throw new InputException("the hierarchy of '" + name + "' in " + source + " lists the value '"
                        + InputException.shown(row[0]) + "' twice, on lines " + before + " and " + (r + 1),
                        new InputException.Location(source, r + 1, 1, name, row[0]));
            }
        }
        // consistency: a generalization at level l determines the one at level l+1
        for (int l = 1; l + 1 < width; l++) {
            Map<String, String> parent = new HashMap<>();
            Map<String, Integer> line = new HashMap<>();
            for (int r = 0; r < rows.size(); r++) {
                String[] row = rows.get(r);
                String prev = parent.putIfAbsent(row[l], row[l + 1]);
                line.putIfAbsent(row[l], r + 1);
                if (prev != null && !prev.equals(row[l + 1])) {
                    throw new InputException("the hierarchy of '" + name + "' in " + source + " line " + (r + 1)
                            + " generalizes '" + InputException.shown(row[l]) + "' (level " + l + ") to '"
                            + InputException.shown(row[l + 1]) + "' but line " + line.get(row[l]) + " generalizes it to '"
                            + InputException.shown(prev) + "'; a generalization must lead to one value on the next level",
                            new InputException.Location(source, r + 1, l + 2, name, row[l + 1]));
                }
            }
        }
        return new Hierarchy(name, source, rows.toArray(new String[0][]));
    }

    /** Reads a hierarchy in ARX's CSV format ({@code ;}-separated, UTF-8, no header). */
    public static Hierarchy read(String name, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read the hierarchy of '" + name + "' from " + file + ": " + e.getMessage(), e);
        }
        return parse(name, file.toString(), lines);
    }

    /** Parses the lines of a hierarchy in ARX's CSV format; blank lines at the end are ignored. */
    public static Hierarchy parse(String name, String source, List<String> lines) {
        List<String[]> rows = new ArrayList<>(lines.size());
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        for (int i = 0; i < last; i++) {
            String line = lines.get(i);
            if (i == 0 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                throw new InputException("the hierarchy of '" + name + "' in " + source + " line " + (i + 1)
                        + " is blank", new InputException.Location(source, i + 1, 0, name, null));
            }
            rows.add(line.split(";", -1));
        }
        return of(name, source, rows);
    }

    /**
     * A hierarchy of integers by intervals: level 1 groups values into intervals of {@code width} starting at
     * {@code origin}; each further level merges {@code fanout} neighbouring intervals; the top level is {@code *}.
     * Intervals are written {@code lo-hi} (inclusive), as ARX's adult hierarchy writes ages.
     *
     * @param values the values that occur (each must parse as an integer)
     */
    public static Hierarchy intervals(String name, Collection<String> values, long origin, long width, int fanout,
                                      int levels) {
        if (width < 1 || fanout < 2 || levels < 1) {
            throw new InputException("an interval hierarchy of '" + name
                    + "' needs width ≥ 1, fan-out ≥ 2 and at least one interval level; got width " + width
                    + ", fan-out " + fanout + ", levels " + levels);
        }
        List<String[]> rows = new ArrayList<>();
        for (String v : new TreeSet<>(values)) {
            long x;
            try {
                x = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new InputException("an interval hierarchy of '" + name + "' needs integers; got '"
                        + InputException.shown(v) + "'", new InputException.Location(name, 0, 0, name, v));
            }
            String[] row = new String[levels + 2];
            row[0] = v;
            long w = width;
            for (int l = 1; l <= levels; l++) {
                long lo = origin + Math.floorDiv(x - origin, w) * w;
                row[l] = lo + "-" + (lo + w - 1);
                w = Math.multiplyExact(w, fanout);
            }
            row[levels + 1] = "*";
            rows.add(row);
        }
        return of(name, "intervals", rows);
    }

    /**
     * A hierarchy of codes by masking characters from the right with {@code *}: level {@code l} masks the last
     * {@code l} characters (e.g. a postcode 81667 → 8166* → 816** → …), the top level being {@code *}. All codes
     * must have the same length.
     */
    public static Hierarchy prefixMask(String name, Collection<String> values) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>(values);
        int len = -1;
        for (String v : distinct) {
            if (len < 0) {
                len = v.length();
            } else if (v.length() != len) {
                throw new InputException("a masking hierarchy of '" + name + "' needs codes of one length; '"
                        + InputException.shown(v) + "' has " + v.length() + " characters where others have " + len,
                        new InputException.Location(name, 0, 0, name, v));
            }
        }
        if (len <= 0) {
            throw new InputException("a masking hierarchy of '" + name + "' needs non-empty codes");
        }
        List<String[]> rows = new ArrayList<>();
        for (String v : distinct) {
            String[] row = new String[len + 1];
            for (int l = 0; l <= len; l++) {
                row[l] = l == len ? "*" : v.substring(0, len - l) + "*".repeat(l);
            }
            rows.add(row);
        }
        return of(name, "masking", rows);
    }

    /**
     * A hierarchy of ISO dates (yyyy-MM-dd) by rounding: month (yyyy-MM), year (yyyy), decade (199x), then
     * {@code *}.
     */
    public static Hierarchy dates(String name, Collection<String> values) {
        List<String[]> rows = new ArrayList<>();
        for (String v : new TreeSet<>(values)) {
            LocalDate d;
            try {
                d = LocalDate.parse(v.trim());
            } catch (DateTimeParseException e) {
                throw new InputException("a date hierarchy of '" + name + "' needs ISO dates (yyyy-MM-dd); got '"
                        + InputException.shown(v) + "'", new InputException.Location(name, 0, 0, name, v));
            }
            String month = String.format("%04d-%02d", d.getYear(), d.getMonthValue());
            String year = String.format("%04d", d.getYear());
            String decade = String.format("%03dx", Math.floorDiv(d.getYear(), 10));
            rows.add(new String[]{v, month, year, decade, "*"});
        }
        return of(name, "dates", rows);
    }

    /** The attribute's name. */
    public String name() {
        return name;
    }

    /** Where the hierarchy came from (its file, or how it was built), for messages. */
    public String source() {
        return source;
    }

    /** Number of levels, the original values included (a hierarchy {@code value;*} has 2). */
    public int levels() {
        return codes.length;
    }

    /** Number of values (lines) in the hierarchy. */
    public int size() {
        return rows.length;
    }

    /** The row of an original value, or -1 when the hierarchy does not list it. */
    public int row(String value) {
        Integer r = index.get(value);
        return r == null ? -1 : r;
    }

    /** The generalization of the value on row {@code row} at {@code level}. */
    public String generalize(int row, int level) {
        return rows[row][level];
    }

    /** The generalization of an original value at a level; an unlisted value is an error. */
    public String generalize(String value, int level) {
        int r = row(value);
        if (r < 0) {
            throw new InputException("the hierarchy of '" + name + "' (" + source + ") does not list the value '"
                    + InputException.shown(value) + "'", new InputException.Location(source, 0, 0, name, value));
        }
        return rows[r][level];
    }

    int code(int level, int row) {
        return codes[level][row];
    }

    int[] codes(int level) {
        return codes[level];
    }

    int distinct(int level) {
        return labels[level].length;
    }

    String label(int level, int code) {
        return labels[level][code];
    }

    /** How many hierarchy values the generalized value with this code covers at this level. */
    int leaves(int level, int code) {
        return leaves[level][code];
    }

    /** The rows as read, for writing and for independent checks. */
    public List<String[]> rows() {
        List<String[]> out = new ArrayList<>(rows.length);
        for (String[] r : rows) {
            out.add(r.clone());
        }
        return out;
    }
}
