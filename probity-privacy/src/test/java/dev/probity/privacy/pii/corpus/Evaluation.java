package dev.probity.privacy.pii.corpus;

import dev.probity.privacy.pii.Entity;
import dev.probity.privacy.pii.PiiScanner;
import dev.probity.privacy.pii.PiiType;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-type precision, recall and F2 of a scanner on a labelled corpus, by span overlap (presidio-research's
 * evaluator works on tokens; overlap of spans of the same type is its span-level analogue): a found entity is a true
 * positive when it overlaps a labelled span of its type, a labelled span is recalled when a found entity of its type
 * overlaps it. Exact-boundary matches are counted as well, to show how often the spans agree to the character.
 */
public final class Evaluation {
    /** Counts for one type. */
    public static final class Counts {
        public int found;
        public int foundCorrect;
        public int labelled;
        public int recalled;
        public int exact;

        public double precision() {
            return found == 0 ? 1 : (double) foundCorrect / found;
        }

        public double recall() {
            return labelled == 0 ? 1 : (double) recalled / labelled;
        }

        /** F-beta with beta = 2: recall weighs four times as much as precision. */
        public double f2() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 5 * p * r / (4 * p + r);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "labelled %5d  found %5d  precision %.4f  recall %.4f  F2 %.4f  exact %.3f",
                    labelled, found, precision(), recall(), f2(), labelled == 0 ? 1.0 : (double) exact / labelled);
        }
    }

    private Evaluation() {
    }

    public static Map<PiiType, Counts> evaluate(List<PiiCorpus.Doc> docs, PiiScanner scanner) {
        Map<PiiType, Counts> m = new EnumMap<>(PiiType.class);
        for (PiiType t : PiiType.values()) {
            m.put(t, new Counts());
        }
        for (PiiCorpus.Doc d : docs) {
            List<Entity> found = scanner.scan(d.text());
            for (Entity e : found) {
                Counts c = m.get(e.type());
                c.found++;
                if (d.spans().stream().anyMatch(s -> s.type() == e.type() && s.start() < e.end() && e.start() < s.end())) {
                    c.foundCorrect++;
                }
            }
            for (PiiCorpus.Span s : d.spans()) {
                Counts c = m.get(s.type());
                c.labelled++;
                if (found.stream().anyMatch(e -> e.type() == s.type() && s.start() < e.end() && e.start() < s.end())) {
                    c.recalled++;
                }
                if (found.stream().anyMatch(e -> e.type() == s.type() && s.start() == e.start() && s.end() == e.end())) {
                    c.exact++;
                }
            }
        }
        return m;
    }
}
