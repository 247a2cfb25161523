package dev.probity.privacy.pii;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.ColumnBuilder;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Personal data in tables (CSV, TSV, JSON lines — Probity's readers): cell by cell, and redacted column by column. */
public final class PiiTables {
    private PiiTables() {
    }

    /** An entity in one cell: the row (0-based, as in the frame), the column, and offsets within the cell's text. */
    public record CellEntity(int row, String column, Entity entity) {
    }

    /**
     * The table with every column read as text, so a phone number or an ID stored as digits keeps its leading zeros
     * and is scanned as written. Errors (bad bytes, ragged rows) name the file and line, as every reader's do.
     */
    public static Frame readAsText(Path file, ReadOptions options) {
        Frame first = DataReader.read(file, options);
        Map<String, ColumnType> types = new LinkedHashMap<>(options.types());
        boolean again = false;
        for (Column c : first.columns()) {
            if (c.type() != ColumnType.STRING) {
                types.put(c.name(), ColumnType.STRING);
                again = true;
            }
        }
        return again ? DataReader.read(file, options.types(types)) : first;
    }

    /** The entities of every cell of the named columns (all when {@code columns} is null), row by row. */
    public static List<CellEntity> scan(Frame frame, PiiScanner scanner, Set<String> columns) {
        List<Column> cols = selected(frame, columns);
        List<CellEntity> out = new ArrayList<>();
        for (int r = 0; r < frame.rowCount(); r++) {
            for (Column c : cols) {
                if (c.isMissing(r)) {
                    continue;
                }
                for (Entity e : scanner.scan(c.format(r))) {
                    out.add(new CellEntity(r, c.name(), e));
                }
            }
        }
        return out;
    }

    /** The table with the named columns' cells redacted (all columns when {@code columns} is null); others as they were. */
    public static Frame redact(Frame frame, PiiScanner scanner, Operator operator, Set<String> columns) {
        return redactCounting(frame, scanner, operator, columns).frame();
    }

    /**
     * A frame with personal data redacted, and what was found in it.
     *
     * @param frame    the frame, the chosen columns' texts redacted
     * @param entities the entities found and redacted
     * @param texts    the values that held at least one
     */
    public record Redacted(Frame frame, long entities, long texts) {
    }

    /** As {@link #redact}, counting what was found (a training set's report says how much it redacted). */
    public static Redacted redactCounting(Frame frame, PiiScanner scanner, Operator operator, Set<String> columns) {
        long entities = 0;
        long texts = 0;
        List<Column> chosen = selected(frame, columns);
        List<Column> out = new ArrayList<>();
        for (Column c : frame.columns()) {
            if (!chosen.contains(c)) {
                out.add(c);
                continue;
            }
            ColumnBuilder b = new ColumnBuilder(c.name(), ColumnType.STRING);
            for (int r = 0; r < c.size(); r++) {
                if (c.isMissing(r)) {
                    b.addMissing();
                } else {
                    String v = c.format(r);
                    var found = scanner.scan(v);
                    if (!found.isEmpty()) {
                        entities += found.size();
                        texts++;
                    }
                    b.addString(Redactor.redact(v, found, operator));
                }
            }
            out.add(b.build());
        }
        return new Redacted(new Frame(frame.source(), out, frame.origin()), entities, texts);
    }

    private static List<Column> selected(Frame frame, Set<String> columns) {
        if (columns == null) {
            return frame.columns();
        }
        List<Column> out = new ArrayList<>();
        for (String n : columns) {
            if (!frame.has(n)) {
                throw new InputException(frame.unknownColumnMessage(n) + " ({{columns}})");
            }
            out.add(frame.column(n));
        }
        return out;
    }
}
