package dev.probity.report.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probity.privacy.pii.ColumnFinding;
import dev.probity.privacy.pii.Entity;
import dev.probity.privacy.pii.PiiTables;
import dev.probity.privacy.pii.PiiType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scan for personal data as JSON ({@code probity.pii-scan/v1}): the input, the settings, counts by type, every
 * entity (type, start and end as Java string offsets, score, recognizer; for tables also the 1-based data row and the
 * column, offsets within the cell) and, for tables, each column's findings. The entities' text is not written: the
 * report would otherwise be one more copy of the personal data it points at.
 */
public final class PiiJson {
    public static final String SCAN = "probity.pii-scan/v1";
    private static final ObjectMapper JSON = RecordJson.mapper();

    private PiiJson() {
    }

    /** A scan of a text. */
    public static String text(String source, double minScore, Set<PiiType> types, List<Entity> entities) {
        ObjectNode d = head(source, "text", minScore, types);
        Map<PiiType, Integer> counts = new EnumMap<>(PiiType.class);
        ArrayNode a = JSON.createArrayNode();
        for (Entity e : entities) {
            counts.merge(e.type(), 1, Integer::sum);
            a.add(entity(e));
        }
        summary(d, entities.size(), counts);
        d.set("entities", a);
        return write(d);
    }

    /** A scan of a table: its cells' entities and its columns' findings. */
    public static String table(String source, String format, double minScore, Set<PiiType> types, List<PiiTables.CellEntity> cells,
            List<ColumnFinding> columns) {
        ObjectNode d = head(source, format, minScore, types);
        Map<PiiType, Integer> counts = new EnumMap<>(PiiType.class);
        ArrayNode a = JSON.createArrayNode();
        for (PiiTables.CellEntity c : cells) {
            counts.merge(c.entity().type(), 1, Integer::sum);
            ObjectNode o = entity(c.entity());
            o.put("row", c.row() + 1);
            o.put("column", c.column());
            a.add(o);
        }
        summary(d, cells.size(), counts);
        ArrayNode cols = d.putArray("columns");
        for (ColumnFinding f : columns) {
            ObjectNode o = cols.addObject();
            o.put("column", f.column());
            o.put("type", f.type().label());
            o.put("sampled", f.sampled());
            o.put("matched", f.matched());
            o.put("fraction", f.fraction());
            o.put("score", f.score());
        }
        d.set("entities", a);
        return write(d);
    }

    private static ObjectNode entity(Entity e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", e.type().label());
        o.put("start", e.start());
        o.put("end", e.end());
        o.put("score", e.score());
        o.put("recognizer", e.recognizer());
        return o;
    }

    private static void summary(ObjectNode d, int total, Map<PiiType, Integer> counts) {
        ObjectNode s = d.putObject("summary");
        s.put("entities", total);
        ObjectNode by = s.putObject("by_type");
        counts.forEach((t, n) -> by.put(t.label(), n));
    }

    private static ObjectNode head(String source, String format, double minScore, Set<PiiType> types) {
        ObjectNode d = JSON.createObjectNode();
        d.put("schema", SCAN);
        ObjectNode tool = d.putObject("tool");
        tool.put("name", "probity");
        tool.put("version", AuditJson.VERSION);
        ObjectNode in = d.putObject("input");
        in.put("source", source);
        in.put("format", format);
        ObjectNode st = d.putObject("settings");
        st.put("min_score", minScore);
        ArrayNode ts = st.putArray("types");
        types.stream().sorted().forEach(t -> ts.add(t.label()));
        return d;
    }

    private static String write(ObjectNode d) {
        try {
            return FiniteJson.write(JSON, d) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
