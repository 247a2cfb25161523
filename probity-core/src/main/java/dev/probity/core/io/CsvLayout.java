package dev.probity.core.io;

import dev.probity.core.frame.ColumnType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** What every chunk of one CSV read shares: the dialect, the fields kept, their types and missing tokens. */
final class CsvLayout {
    final String source;
    final byte delimiter;
    final byte quote;
    final boolean trim;
    final int fieldCount;
    final boolean fromHeader;
    /** Field index to output column index, or -1 for a field not read. */
    final int[] target;
    /** Output columns' names and types. */
    final String[] names;
    final ColumnType[] types;
    /** Types the user set; a value that does not fit is an error instead of a reason to widen. */
    final boolean[] forced;
    private final byte[][] naTokens;
    private final boolean emptyIsNa;

    CsvLayout(String source, byte delimiter, byte quote, boolean trim, int fieldCount, boolean fromHeader,
              int[] target, String[] names, ColumnType[] types, boolean[] forced, Set<String> naValues) {
        this.source = source;
        this.delimiter = delimiter;
        this.quote = quote;
        this.trim = trim;
        this.fieldCount = fieldCount;
        this.fromHeader = fromHeader;
        this.target = target;
        this.names = names;
        this.types = types;
        this.forced = forced;
        this.emptyIsNa = naValues.contains("");
        this.naTokens = naValues.stream().filter(s -> !s.isEmpty())
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    CsvLayout withTypes(ColumnType[] newTypes) {
        return new CsvLayout(source, delimiter, quote, trim, fieldCount, fromHeader, target, names, newTypes, forced,
                naSet());
    }

    private Set<String> naSet() {
        java.util.LinkedHashSet<String> s = new java.util.LinkedHashSet<>();
        if (emptyIsNa) {
            s.add("");
        }
        for (byte[] t : naTokens) {
            s.add(new String(t, StandardCharsets.UTF_8));
        }
        return s;
    }

    /** Whether some missing-value token other than the empty field has this length. */
    boolean naTokenMayMatch(int len) {
        for (byte[] t : naTokens) {
            if (t.length == len) {
                return true;
            }
        }
        return false;
    }

    boolean isMissing(byte[] b, int off, int end) {
        int len = end - off;
        if (len == 0) {
            return emptyIsNa;
        }
        for (byte[] t : naTokens) {
            if (t.length == len && java.util.Arrays.equals(t, 0, len, b, off, end)) {
                return true;
            }
        }
        return false;
    }

    /** The narrowest type that holds both the current type's values and this value. */
    static ColumnType widen(ColumnType current, byte[] b, int off, int end, ByteNumbers num) {
        return switch (current) {
            case LONG -> num.parseDouble(b, off, end) ? ColumnType.DOUBLE : ColumnType.STRING;
            case DOUBLE, BOOLEAN, STRING -> ColumnType.STRING;
        };
    }

    /** The wider of two types: LONG < DOUBLE < STRING; BOOLEAN joins only with itself. */
    static ColumnType join(ColumnType a, ColumnType b) {
        if (a == b) {
            return a;
        }
        if (a == ColumnType.BOOLEAN || b == ColumnType.BOOLEAN || a == ColumnType.STRING || b == ColumnType.STRING) {
            return ColumnType.STRING;
        }
        return ColumnType.DOUBLE;
    }

    /** The narrowest type of a list of distinct non-missing values; STRING when there are none. */
    static ColumnType infer(List<String> values) {
        if (values.isEmpty()) {
            return ColumnType.STRING;
        }
        ByteNumbers num = new ByteNumbers();
        boolean allBool = true;
        boolean allLong = true;
        boolean allDouble = true;
        for (String v : values) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            if (allBool && ByteNumbers.parseBoolean(b, 0, b.length) < 0) {
                allBool = false;
            }
            if (allLong && !num.parseLong(b, 0, b.length)) {
                allLong = false;
            }
            if (allDouble && !num.parseDouble(b, 0, b.length)) {
                allDouble = false;
            }
            if (!allBool && !allDouble) {
                return ColumnType.STRING;
            }
        }
        if (allBool) {
            return ColumnType.BOOLEAN;
        }
        return allLong ? ColumnType.LONG : ColumnType.DOUBLE;
    }
}
