package dev.probity.text.bias;

import dev.probity.core.InputException;
import dev.probity.text.encode.SentenceEncoder;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The four word sets of an association test, read from a file the user writes, and the test run on an encoder.
 *
 * <p>The file has one line per set — {@code X}, {@code Y} (the targets: equally many terms), {@code A}, {@code B}
 * (the attributes) — each {@code LETTER name: term, term, …}; blank lines and lines starting with {@code #} are
 * skipped. For example {@code X male names: John, Paul, Mike}. With {@code seat}, each term is placed in bleached
 * template sentences first ({@link Weat#bleached}), which is May et al.'s SEAT; without, the terms are encoded alone
 * (WEAT on a sentence encoder's embeddings of single words).
 *
 * @param names the sets' names, in the order X, Y, A, B
 * @param terms the sets' terms, in the same order
 */
public record WeatSets(List<String> names, List<List<String>> terms) {
    private static final List<String> LETTERS = List.of("X", "Y", "A", "B");

    public WeatSets {
        names = List.copyOf(names);
        terms = terms.stream().map(List::copyOf).toList();
        if (names.size() != 4 || terms.size() != 4) {
            throw new InputException("an association test has four sets, X, Y, A and B");
        }
        if (terms.get(0).size() != terms.get(1).size()) {
            throw new InputException("the target sets X (" + names.get(0) + ", " + terms.get(0).size() + " terms) and Y (" + names.get(1)
                    + ", " + terms.get(1).size() + " terms) must be equally large: the permutation test splits X ∪ Y in halves");
        }
        for (int i = 0; i < 4; i++) {
            if (terms.get(i).isEmpty()) {
                throw new InputException("the set " + LETTERS.get(i) + " (" + names.get(i) + ") has no terms");
            }
        }
    }

    /** Reads the four sets; errors name the file, the line and what is wrong. */
    public static WeatSets read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException("no file " + file);
        } catch (MalformedInputException e) {
            throw new InputException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
        String[] names = new String[4];
        List<List<String>> terms = new ArrayList<>(List.of(List.of(), List.of(), List.of(), List.of()));
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            int space = line.indexOf(' ');
            String letter = (space > 0 ? line.substring(0, space) : line.substring(0, Math.max(colon, 0))).toUpperCase(Locale.ROOT);
            int k = LETTERS.indexOf(letter);
            if (colon < 0 || k < 0) {
                throw new InputException(file + ", line " + (n + 1) + ": expected 'X|Y|A|B name: term, term, …', got '"
                        + InputException.shown(line) + "'");
            }
            if (names[k] != null) {
                throw new InputException(file + ", line " + (n + 1) + ": the set " + letter + " is given twice");
            }
            String name = space > 0 && space < colon ? line.substring(space + 1, colon).strip() : letter;
            names[k] = name.isEmpty() ? letter : name;
            List<String> t = new ArrayList<>();
            for (String term : line.substring(colon + 1).split(",")) {
                if (!term.isBlank()) {
                    t.add(term.strip());
                }
            }
            terms.set(k, t);
        }
        for (int k = 0; k < 4; k++) {
            if (names[k] == null) {
                throw new InputException(file + " has no line for the set " + LETTERS.get(k) + " (X and Y are the targets, A and B the "
                        + "attributes)");
            }
        }
        return new WeatSets(List.of(names), terms);
    }

    /** The test on the encoder's embeddings; with {@code seat}, of the terms in bleached sentences. */
    public Result run(SentenceEncoder encoder, boolean seat, long seed) {
        List<List<float[]>> v = new ArrayList<>();
        for (List<String> t : terms) {
            v.add(encoder.encode(seat ? Weat.bleached(t) : t));
        }
        Weat w = Weat.test(v.get(0), v.get(1), v.get(2), v.get(3), seed);
        return new Result(this, seat, w, encoder.identity().name(), seed);
    }

    /** A test's outcome, with what was tested. */
    public record Result(WeatSets sets, boolean seat, Weat weat, String encoder, long seed) {
        public String summary() {
            return String.format(Locale.ROOT, "%s: %s vs %s, associated with %s vs %s: effect size d = %.3f, statistic S = %.4f, "
                            + "one-sided p = %.4g (%s, %,d partitions%s), encoder %s",
                    seat ? "SEAT (terms in bleached sentences)" : "WEAT (terms alone)", sets.names().get(0), sets.names().get(1),
                    sets.names().get(2), sets.names().get(3), weat.effectSize(), weat.statistic(), weat.pValue(),
                    weat.exact() ? "exact" : "sampled", weat.partitions(), weat.exact() ? "" : ", seed " + seed, encoder)
                    + (weat.effectSize() < 0 ? String.format(Locale.ROOT, "; d < 0: the association runs the other way (%s with %s), "
                    + "and the p-value, which tests %s with %s, does not speak to it — swap X and Y to test that direction",
                    sets.names().get(1), sets.names().get(2), sets.names().get(0), sets.names().get(2)) : "");
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test", seat ? "SEAT" : "WEAT");
            m.put("encoder", encoder);
            for (int k = 0; k < 4; k++) {
                m.put(LETTERS.get(k), Map.of("name", sets.names().get(k), "terms", sets.terms().get(k)));
            }
            m.put("statistic", weat.statistic());
            m.put("effect_size", weat.effectSize());
            m.put("p_value", weat.pValue());
            m.put("exact", weat.exact());
            m.put("partitions", weat.partitions());
            if (!weat.exact()) {
                m.put("seed", seed);
            }
            return m;
        }
    }
}
