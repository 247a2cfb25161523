package dev.probity.fairness.data;

import dev.probity.core.InputException;
import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.Numbers;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The population a dataset should represent: for each attribute, each group's share (census figures, the
 * applicant pool, the customers a model will serve). Read from a small table with the columns {@code attribute},
 * {@code group} and {@code share}, and optionally {@code source} (where the figure comes from). Shares may be
 * fractions, percentages or counts: each attribute's shares are divided by their sum. An intersection is an
 * attribute named {@code race&sex} with groups named {@code Black & Female}, as the audit names them.
 *
 * @param shares attribute → group → share (each attribute's shares sum to 1)
 * @param sums   attribute → the sum of the shares as given (1 for fractions, 100 for percentages)
 * @param sources attribute → the sources named for it (empty when none)
 * @param origin  where the table came from, for reports
 */
public record Population(Map<String, Map<String, Double>> shares, Map<String, Double> sums,
                         Map<String, List<String>> sources, String origin) {
    public Population {
        Map<String, Map<String, Double>> s = new LinkedHashMap<>();
        shares.forEach((k, v) -> s.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        shares = Collections.unmodifiableMap(s);
        sums = Collections.unmodifiableMap(new LinkedHashMap<>(sums));
        Map<String, List<String>> src = new LinkedHashMap<>();
        sources.forEach((k, v) -> src.put(k, List.copyOf(v)));
        sources = Collections.unmodifiableMap(src);
    }

    /**
     * A population from shares given in code; each attribute's shares are divided by their sum. Names of
     * intersections are written as the audit writes them ({@code race&sex}, {@code Black & Female}). Groups are
     * reported in the maps' order: give ordered maps ({@code LinkedHashMap}) for the same report in every run.
     */
    public static Population of(Map<String, Map<String, Double>> given, String origin) {
        Map<String, Map<String, Double>> norm = new LinkedHashMap<>();
        Map<String, Double> sums = new LinkedHashMap<>();
        given.forEach((rawAttr, groups) -> {
            String attr = attributeName(rawAttr);
            if (norm.containsKey(attr)) {
                throw new InputException(origin + ": the attribute '" + InputException.shown(attr) + "' is given twice");
            }
            double sum = 0;
            for (Map.Entry<String, Double> e : groups.entrySet()) {
                double v = e.getValue() == null ? Double.NaN : e.getValue();
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new InputException(origin + ": the share of group '" + InputException.shown(e.getKey()) + "' of '"
                            + InputException.shown(attr) + "' must be a finite number of at least 0; got " + v);
                }
                sum += v;
            }
            if (!(sum > 0)) {
                throw new InputException(origin + ": the shares of '" + InputException.shown(attr) + "' add up to 0");
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : groups.entrySet()) {
                if (m.put(groupName(e.getKey()), e.getValue() / sum) != null) {
                    throw new InputException(origin + ": group '" + InputException.shown(e.getKey()) + "' of '"
                            + InputException.shown(attr) + "' is given twice");
                }
            }
            norm.put(attr, m);
            sums.put(attr, sum);
        });
        return new Population(norm, sums, Map.of(), origin);
    }

    /** Reads the table (CSV, TSV or JSON lines, by the file name). Errors name the file, line and value. */
    public static Population read(Path path) {
        return read(path, ReadOptions.defaults());
    }

    /** Reads the table with the given options (an encoding, a delimiter). */
    public static Population read(Path path, ReadOptions options) {
        Frame f = DataReader.read(path, options);
        return of(f, path.toString());
    }

    /** The population in a frame with the columns attribute, group, share and optionally source. */
    public static Population of(Frame f, String origin) {
        for (String need : List.of("attribute", "group", "share")) {
            if (!f.has(need)) {
                throw new InputException(origin + ": a reference population needs the columns attribute, group and share"
                        + " (and optionally source); it has " + f.columnNames());
            }
        }
        Column attr = f.column("attribute");
        Column group = f.column("group");
        Column share = f.column("share");
        Column source = f.has("source") ? f.column("source") : null;
        if (!Numbers.isNumeric(share)) {
            int bad = 0;
            while (bad < f.rowCount() && (share.isMissing(bad) || dev.probity.core.model.Binarization.parseNumber(share.format(bad)) != null)) {
                bad++;
            }
            String value = bad < f.rowCount() ? share.format(bad) : "";
            throw new InputException(origin + ": line " + (bad + 2) + ", column 'share': '" + InputException.shown(value)
                    + "' is not a number", new InputException.Location(origin, bad + 2, 0, "share", value));
        }
        double[] s = Numbers.of(share);
        Map<String, Map<String, Double>> given = new LinkedHashMap<>();
        Map<String, List<String>> sources = new LinkedHashMap<>();
        for (int i = 0; i < f.rowCount(); i++) {
            long line = i + 2L;
            if (attr.isMissing(i) || group.isMissing(i) || share.isMissing(i)) {
                throw new InputException(origin + ": line " + line + " lacks an attribute, a group or a share",
                        new InputException.Location(origin, line, 0, null, null));
            }
            String a = attributeName(attr.format(i));
            String g = groupName(group.format(i));
            double v = s[i];
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new InputException(origin + ": line " + line + ", column 'share': a share must be a finite number of at"
                        + " least 0; got " + share.format(i), new InputException.Location(origin, line, 0, "share", share.format(i)));
            }
            Map<String, Double> m = given.computeIfAbsent(a, k -> new LinkedHashMap<>());
            if (m.put(g, v) != null) {
                throw new InputException(origin + ": line " + line + ": group '" + InputException.shown(g) + "' of '"
                        + InputException.shown(a) + "' is given twice", new InputException.Location(origin, line, 0, "group", g));
            }
            if (source != null && !source.isMissing(i)) {
                List<String> l = sources.computeIfAbsent(a, k -> new java.util.ArrayList<>());
                String text = source.format(i).trim();
                if (!text.isEmpty() && !l.contains(text)) {
                    l.add(text);
                }
            }
        }
        Population p = of(given, origin);
        return new Population(p.shares(), p.sums(), sources, origin);
    }

    /** An attribute's name as the audit writes it: an intersection's parts joined by {@code &}. */
    static String attributeName(String a) {
        return String.join("&", List.of(a.trim().split("\\s*&\\s*")));
    }

    /** A group's name as the audit writes it: an intersection's parts joined by {@code " & "}. */
    static String groupName(String g) {
        return String.join(" & ", List.of(g.trim().split("\\s*&\\s*")));
    }

    /** The shares of one attribute, or null when the population does not give it. */
    public Map<String, Double> of(String attribute) {
        return shares.get(attribute);
    }
}
