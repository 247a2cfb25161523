package dev.probity.fairness.stats;

import dev.probity.core.model.TaskKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Group statistics for every occurring combination ("cell") of the protected attributes' values. The
 * statistics of any single attribute, of any intersection, and of all rows are sums of cells, so one pass
 * over the data serves every grouping an audit reports.
 */
public final class StatsTable {
    private final List<String> attributes;
    private final TaskKind kind;
    private final boolean weighted;
    private final boolean withScores;
    private final List<String> classes;
    private final Map<List<String>, GroupStats> cells;

    public StatsTable(List<String> attributes, TaskKind kind, boolean weighted, boolean withScores, List<String> classes,
                      Map<List<String>, GroupStats> cells) {
        this.attributes = List.copyOf(attributes);
        this.kind = kind;
        this.weighted = weighted;
        this.withScores = withScores;
        this.classes = classes == null ? List.of() : List.copyOf(classes);
        this.cells = new LinkedHashMap<>(cells);
    }

    public List<String> attributes() {
        return attributes;
    }

    public TaskKind kind() {
        return kind;
    }

    public boolean weighted() {
        return weighted;
    }

    public boolean withScores() {
        return withScores;
    }

    /** Class labels of a multiclass task, in the order of the matrix indices. */
    public List<String> classes() {
        return classes;
    }

    /** Cells keyed by one value per attribute. */
    public Map<List<String>, GroupStats> cells() {
        return cells;
    }

    public GroupStats newStats() {
        return new GroupStats(kind, weighted, withScores, classes.size());
    }

    /** Statistics of all rows. */
    public GroupStats overall() {
        GroupStats all = newStats();
        for (GroupStats g : cells.values()) {
            all.merge(g);
        }
        return all;
    }

    /**
     * Statistics grouped by a subset of the attributes (one attribute, or an intersection), keyed by their
     * values in the order given; keys sorted by value.
     */
    public Map<List<String>, GroupStats> marginal(List<String> subset) {
        int[] idx = new int[subset.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = attributes.indexOf(subset.get(i));
            if (idx[i] < 0) {
                throw new IllegalArgumentException("'" + subset.get(i) + "' is not one of " + attributes);
            }
        }
        Map<List<String>, GroupStats> out = new java.util.TreeMap<>(KEY_ORDER);
        for (Map.Entry<List<String>, GroupStats> e : cells.entrySet()) {
            List<String> key = new ArrayList<>(idx.length);
            for (int i : idx) {
                key.add(e.getKey().get(i));
            }
            GroupStats g = out.get(key);
            if (g == null) {
                g = newStats();
                out.put(List.copyOf(key), g);
            }
            g.merge(e.getValue());
        }
        return new LinkedHashMap<>(out);
    }

    static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    /**
     * A new table holding both tables' rows; neither table changes. Tables must have the same attributes, task and
     * flags. Multiclass tables whose class sets differ (partitions that saw different classes) merge on the union
     * of their classes, ordered as one pass over all rows orders them (by name), so the merge equals the whole.
     */
    public StatsTable merge(StatsTable o) {
        if (!attributes.equals(o.attributes) || kind != o.kind || weighted != o.weighted || withScores != o.withScores) {
            throw new IllegalArgumentException("cannot merge statistics of different shapes: " + describe() + " and " + o.describe());
        }
        if (!classes.equals(o.classes)) {
            java.util.TreeSet<String> union = new java.util.TreeSet<>(classes);
            union.addAll(o.classes);
            List<String> dictionary = new ArrayList<>(union);
            return withClasses(dictionary).merge(o.withClasses(dictionary));
        }
        Map<List<String>, GroupStats> out = new LinkedHashMap<>();
        cells.forEach((k, v) -> out.put(k, v.copy()));
        o.cells.forEach((k, v) -> {
            GroupStats g = out.get(k);
            if (g == null) {
                out.put(k, v.copy());
            } else {
                g.merge(v);
            }
        });
        return new StatsTable(attributes, kind, weighted, withScores, classes, out);
    }

    /**
     * The same statistics over a larger class dictionary (multiclass): every class of this table keeps its counts
     * under its name; classes it never saw get zero rows.
     */
    public StatsTable withClasses(List<String> dictionary) {
        if (kind != TaskKind.MULTICLASS) {
            throw new IllegalStateException("class dictionaries belong to multiclass statistics");
        }
        int[] map = new int[classes.size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = dictionary.indexOf(classes.get(i));
            if (map[i] < 0) {
                throw new IllegalArgumentException("class '" + classes.get(i) + "' is not in " + dictionary);
            }
        }
        Map<List<String>, GroupStats> out = new LinkedHashMap<>();
        cells.forEach((k, g) -> out.put(k, g.remapClasses(map, dictionary.size())));
        return new StatsTable(attributes, kind, weighted, withScores, dictionary, out);
    }

    /** The compact binary form ({@link StatsCodec}). */
    public byte[] toBytes() {
        return StatsCodec.toBytes(this);
    }

    /** Statistics from their binary form; damaged, truncated or foreign bytes are an error that says which. */
    public static StatsTable fromBytes(byte[] bytes) {
        return StatsCodec.fromBytes(bytes);
    }

    private String describe() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " statistics of " + attributes + (weighted ? ", weighted" : "")
                + (withScores ? ", with scores" : "");
    }

    /** Same cells with the same statistics (counts exactly, floating sums to a relative tolerance). */
    public boolean sameAs(StatsTable o, double relativeTolerance) {
        if (!attributes.equals(o.attributes) || kind != o.kind || !classes.equals(o.classes)
                || !cells.keySet().equals(o.cells.keySet())) {
            return false;
        }
        for (Map.Entry<List<String>, GroupStats> e : cells.entrySet()) {
            if (!e.getValue().sameAs(o.cells.get(e.getKey()), relativeTolerance)) {
                return false;
            }
        }
        return true;
    }

    /** Describes the first difference from another table, for test messages; null when the same. */
    public String differenceFrom(StatsTable o, double tol) {
        if (!classes.equals(o.classes)) {
            return "classes differ: " + classes + " vs " + o.classes;
        }
        if (!Objects.equals(cells.keySet(), o.cells.keySet())) {
            return "cells differ: " + cells.keySet() + " vs " + o.cells.keySet();
        }
        for (Map.Entry<List<String>, GroupStats> e : cells.entrySet()) {
            GroupStats a = e.getValue();
            GroupStats b = o.cells.get(e.getKey());
            if (!a.sameAs(b, tol)) {
                return "cell " + e.getKey() + ": counts " + java.util.Arrays.toString(a.counts) + " vs "
                        + java.util.Arrays.toString(b.counts) + (a.weights == null ? "" : ", weights "
                        + java.util.Arrays.toString(a.weights) + " vs " + java.util.Arrays.toString(b.weights)
                        + ", squared weights " + java.util.Arrays.toString(a.weightSquares) + " vs "
                        + java.util.Arrays.toString(b.weightSquares))
                        + (a.moments == null ? "" : ", moments " + java.util.Arrays.toString(a.moments.fields()) + " vs "
                        + java.util.Arrays.toString(b.moments.fields()))
                        + (a.scores == null ? "" : ", scores " + (a.scores.equals(b.scores) ? "equal" : "differ"));
            }
        }
        return null;
    }
}
