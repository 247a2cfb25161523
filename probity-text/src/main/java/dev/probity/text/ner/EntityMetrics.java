package dev.probity.text.ner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Entity-level precision, recall and F1 as {@code seqeval} computes them in its default mode: tags are read into
 * entity chunks (type, first token, last token) the way seqeval's {@code get_entities} does — a chunk starts at
 * {@code B-}, at {@code S-}, or at an {@code I-}/{@code E-} whose type differs from the previous tag's or that follows
 * {@code O}, and ends before a tag that starts another chunk or is {@code O}; a predicted entity counts when a true
 * entity has the same type and the same span. Per type, and the micro, macro and weighted averages; precision 0 when
 * nothing is predicted (seqeval's zero_division default warns and gives 0).
 */
public record EntityMetrics(Map<String, Row> byType, Row micro, Row macro, Row weighted) {
    public record Row(double precision, double recall, double f1, int support) {
    }

    record Chunk(String type, int sentence, int start, int end) {
    }

    /** An entity of one sentence: its type and its first and last token (0-based, inclusive). */
    public record Entity(String type, int start, int end) {
    }

    /** The entities one sentence's tags mark, read as seqeval reads them (see the class description). */
    public static List<Entity> entities(List<String> tags) {
        return chunks(tags, 0).stream().map(c -> new Entity(c.type(), c.start(), c.end())).toList();
    }

    public static EntityMetrics of(List<List<String>> truth, List<List<String>> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException(truth.size() + " true sentences, " + predicted.size() + " predicted");
        }
        Set<Chunk> t = new HashSet<>();
        Set<Chunk> p = new HashSet<>();
        for (int s = 0; s < truth.size(); s++) {
            if (truth.get(s).size() != predicted.get(s).size()) {
                throw new IllegalArgumentException("sentence " + s + ": " + truth.get(s).size() + " true tags, "
                        + predicted.get(s).size() + " predicted");
            }
            t.addAll(chunks(truth.get(s), s));
            p.addAll(chunks(predicted.get(s), s));
        }
        Set<String> types = new java.util.TreeSet<>();
        t.forEach(c -> types.add(c.type()));
        p.forEach(c -> types.add(c.type()));
        Map<String, Row> rows = new TreeMap<>();
        int tpAll = 0;
        double mp = 0;
        double mr = 0;
        double mf = 0;
        double wp = 0;
        double wr = 0;
        double wf = 0;
        for (String type : types) {
            int nt = 0;
            int np = 0;
            int tp = 0;
            for (Chunk c : t) {
                nt += c.type().equals(type) ? 1 : 0;
            }
            for (Chunk c : p) {
                if (c.type().equals(type)) {
                    np++;
                    tp += t.contains(c) ? 1 : 0;
                }
            }
            Row r = row(tp, np, nt);
            rows.put(type, r);
            tpAll += tp;
            mp += r.precision() / types.size();
            mr += r.recall() / types.size();
            mf += r.f1() / types.size();
            if (!t.isEmpty()) {
                wp += r.precision() * nt / t.size();
                wr += r.recall() * nt / t.size();
                wf += r.f1() * nt / t.size();
            }
        }
        return new EntityMetrics(rows, row(tpAll, p.size(), t.size()), new Row(mp, mr, mf, t.size()),
                new Row(wp, wr, wf, t.size()));
    }

    private static Row row(int tp, int predicted, int actual) {
        double precision = predicted == 0 ? 0 : (double) tp / predicted;
        double recall = actual == 0 ? 0 : (double) tp / actual;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Row(precision, recall, f1, actual);
    }

    /** Entity chunks of one sentence's tags, as seqeval's get_entities reads them. */
    static List<Chunk> chunks(List<String> tags, int sentence) {
        List<Chunk> out = new ArrayList<>();
        String prevTag = "O";
        String prevType = "";
        int start = -1;
        String type = null;
        for (int i = 0; i <= tags.size(); i++) {
            String tag = i < tags.size() ? tags.get(i) : "O";
            String prefix = tag.equals("O") ? "O" : tag.substring(0, 1);
            String ty = tag.equals("O") ? "" : tag.substring(2);
            if (type != null && endOfChunk(prevTag, prefix, prevType, ty)) {
                out.add(new Chunk(type, sentence, start, i - 1));
                type = null;
            }
            if (startOfChunk(prevTag, prefix, prevType, ty)) {
                start = i;
                type = ty;
            }
            prevTag = prefix;
            prevType = ty;
        }
        return out;
    }

    private static boolean endOfChunk(String prev, String tag, String prevType, String type) {
        return prev.equals("E") || prev.equals("S")
                || (prev.equals("B") && (tag.equals("B") || tag.equals("S") || tag.equals("O")))
                || (prev.equals("I") && (tag.equals("B") || tag.equals("S") || tag.equals("O")))
                || (!prev.equals("O") && !prevType.equals(type));
    }

    private static boolean startOfChunk(String prev, String tag, String prevType, String type) {
        return tag.equals("B") || tag.equals("S")
                || (prev.equals("E") && (tag.equals("E") || tag.equals("I")))
                || (prev.equals("S") && (tag.equals("E") || tag.equals("I")))
                || (prev.equals("O") && (tag.equals("E") || tag.equals("I")))
                || (!tag.equals("O") && !prevType.equals(type));
    }

    /** seqeval's classification_report layout, four decimals. */
    public String toText() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%12s %9s %9s %9s %9s%n%n", "", "precision", "recall",
                "f1-score", "support"));
        byType.forEach((k, r) -> b.append(line(k, r)));
        b.append('\n').append(line("micro avg", micro)).append(line("macro avg", macro)).append(line("weighted avg", weighted));
        return b.toString();
    }

    private static String line(String name, Row r) {
        return String.format(Locale.ROOT, "%12s %9.4f %9.4f %9.4f %9d%n", name, r.precision(), r.recall(), r.f1(), r.support());
    }
}
