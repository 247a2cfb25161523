package dev.probity.privacy.pii;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Person names, found by a learned token tagger: an averaged perceptron (Collins 2002; the tagger of Honnibal's
 * "A good part-of-speech tagger in about 200 lines of Python") that decides for each capitalized token whether it is
 * part of a person's name, left to right, from the token's own form (lower case, shape such as {@code Xx}, prefixes
 * and suffixes, length), its neighbours' forms and shapes two tokens either side, whether it starts a sentence, whether
 * it is in the first-name, last-name or place lexicon or in a list of common words ("Hello", "Please", "Order"), whether it
 * stands alone (a table cell), whether surname particles ("van der", "da") precede it and the word
 * before them, and the decision made for the previous token. Adjacent name tokens
 * (separated by a space) form one entity whose score is the mean of their probabilities, the probability of a token
 * being {@code 1 / (1 + e^(−margin))}.
 *
 * <p>The lexicons are features, not the decision: a name outside them is still found from its shape and context
 * ("Dr." before it, "said" after it), and a lexicon word is not a name where its context says otherwise ("Paris" in
 * "flew to Paris"). Training drops the lexicon features of a fraction of tokens at random (lexicon dropout) so that the
 * model does not lean on them alone.
 *
 * <p>The shipped model ({@link #shipped()}) was trained on synthetic annotated sentences by the program
 * {@code TrainNameTagger} in probity-privacy's tests (names from Datafaker's locale lists; see docs/privacy.md).
 * Lower-case names, names in scripts without capital letters, and single-word names at the start of a sentence are
 * its weak points.
 */
public final class NameTagger implements Recognizer {
    /** The format line of a model file. */
    static final String FORMAT = "probity.name-tagger/v1";
    static final String RESOURCE = "/dev/probity/privacy/pii/name-tagger.model.gz";
    private static volatile NameTagger shipped;

    private final Map<String, Float> weights;
    private final Set<String> firstNames;
    private final Set<String> lastNames;
    private final Set<String> commonWords;
    private final Set<String> places;

    private NameTagger(Map<String, Float> weights, Set<String> firstNames, Set<String> lastNames, Set<String> commonWords,
            Set<String> places) {
        this.weights = weights;
        this.firstNames = firstNames;
        this.lastNames = lastNames;
        this.commonWords = commonWords;
        this.places = places;
    }

    /** The model shipped in Probity's jar (loaded once). */
    public static NameTagger shipped() {
        NameTagger t = shipped;
        if (t == null) {
            synchronized (NameTagger.class) {
                t = shipped;
                if (t == null) {
                    try (InputStream in = NameTagger.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("the name tagger's model " + RESOURCE + " is not on the class path");
                        }
                        t = read(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    shipped = t;
                }
            }
        }
        return t;
    }

    @Override
    public String name() {
        return "name-tagger";
    }

    /** The number of features with a weight. */
    public int featureCount() {
        return weights.size();
    }

    /** Lower-case particles of surnames ("da Silva", "van der Berg", "de la Cruz"), joined to the name they precede. */
    static final Set<String> PARTICLES = Set.of("da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du",
            "la", "le", "ten", "ter", "van", "von");

    @Override
    public void find(String text, List<Entity> out) {
        List<Entity> found = new ArrayList<>();
        tag(text, found);
        // particles: "Mrs. da Mota" extends left; "Jan van der Berg" joins its two halves
        Entity open = null;
        for (Entity e : found) {
            int s = withParticles(text, e.start());
            if (open != null && s == open.end() + 1 && s < e.start()) {
                open = new Entity(PiiType.PERSON, open.start(), e.end(), (open.score() + e.score()) / 2, name());
                continue;
            }
            if (open != null) {
                out.add(open);
            }
            open = s < e.start() ? new Entity(PiiType.PERSON, s, e.end(), e.score(), name()) : e;
        }
        if (open != null) {
            out.add(open);
        }
    }

    /** The start of up to three particles, each followed by one space, right before {@code start}. */
    private static int withParticles(String t, int start) {
        int s = start;
        for (int k = 0; k < 3; k++) {
            if (s < 2 || t.charAt(s - 1) != ' ') {
                break;
            }
            int w = s - 1;
            while (w > 0 && Character.isLowerCase(t.charAt(w - 1))) {
                w--;
            }
            if (w == s - 1 || !PARTICLES.contains(t.substring(w, s - 1)) || w > 0 && Context.isWordChar(t.charAt(w - 1))) {
                break;
            }
            s = w;
        }
        return s;
    }

    private void tag(String text, List<Entity> out) {
        List<int[]> tokens = tokens(text);
        boolean prev = false;
        int spanStart = -1;
        int spanEnd = -1;
        double sum = 0;
        int count = 0;
        for (int i = 0; i < tokens.size(); i++) {
            int[] tok = tokens.get(i);
            boolean person = false;
            double p = 0;
            if (Character.isUpperCase(text.charAt(tok[0]))) {
                double m = margin(features(text, tokens, i, prev, false, null));
                person = m > 0;
                p = 1 / (1 + Math.exp(-m));
            }
            if (person) {
                boolean joins = spanStart >= 0 && onlySpaceBetween(text, spanEnd, tok[0]);
                if (!joins) {
                    flush(spanStart, spanEnd, sum, count, out);
                    spanStart = tok[0];
                    sum = 0;
                    count = 0;
                }
                spanEnd = tok[1];
                sum += p;
                count++;
            } else if (spanStart >= 0) {
                flush(spanStart, spanEnd, sum, count, out);
                spanStart = -1;
            }
            prev = person;
        }
        flush(spanStart, spanEnd, sum, count, out);
    }

    private void flush(int s, int e, double sum, int count, List<Entity> out) {
        if (s >= 0 && count > 0) {
            out.add(new Entity(PiiType.PERSON, s, e, Math.min(1, sum / count), name()));
        }
    }

    private static boolean onlySpaceBetween(String t, int a, int b) {
        return b - a == 1 && t.charAt(a) == ' ';
    }

    private double margin(List<String> feats) {
        double m = 0;
        for (String f : feats) {
            Float w = weights.get(f);
            if (w != null) {
                m += w;
            }
        }
        return m;
    }

    // ---- tokens and features

    /**
     * Tokens as [start, end): words of letters (with inner apostrophes and hyphens: O'Brien, Jean-Luc), an initial
     * with its full stop ("J."), runs of digits, and single other non-space characters.
     */
    static List<int[]> tokens(String t) {
        List<int[]> out = new ArrayList<>();
        int n = t.length();
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int s = i;
            if (Character.isLetter(c)) {
                i++;
                while (i < n) {
                    char x = t.charAt(i);
                    if (Character.isLetter(x) || (x == '\'' || x == '’' || x == '-') && i + 1 < n && Character.isLetter(t.charAt(i + 1))) {
                        i++;
                    } else {
                        break;
                    }
                }
                if (i - s == 1 && Character.isUpperCase(c) && i < n && t.charAt(i) == '.') {
                    i++;
                }
            } else if (Checksums.isDigit(c)) {
                while (i < n && Checksums.isDigit(t.charAt(i))) {
                    i++;
                }
            } else {
                i++;
            }
            out.add(new int[] {s, i});
        }
        return out;
    }

    private static String word(String t, int[] tok) {
        return t.substring(tok[0], tok[1]);
    }

    /** Xx, XX, x, d and punctuation kept, runs collapsed: "McDonald" → XxXx, "O'Brien" → X'Xx, "J." → X. */
    static String shape(String w) {
        StringBuilder b = new StringBuilder(8);
        char last = 0;
        for (int k = 0; k < w.length() && b.length() < 8; k++) {
            char c = w.charAt(k);
            char s = Character.isUpperCase(c) ? 'X' : Character.isLetter(c) ? 'x' : Character.isDigit(c) ? 'd' : c;
            if (s != last) {
                b.append(s);
                last = s;
            }
        }
        return b.toString();
    }

    private static boolean sentenceStart(String t, List<int[]> tokens, int i) {
        if (i == 0) {
            return true;
        }
        String p = word(t, tokens.get(i - 1));
        return p.equals(".") || p.equals("!") || p.equals("?") || p.equals("\"") || p.equals(":") || p.equals("“")
                || p.equals("(") || t.substring(tokens.get(i - 1)[1], tokens.get(i)[0]).indexOf('\n') >= 0;
    }

    /**
     * The features of token {@code i}. {@code dropLexicon}: leave out the lexicon features (training's dropout).
     * {@code lexicons}: when not null, the lexicons to look up instead of this tagger's (during training).
     */
    List<String> features(String t, List<int[]> tokens, int i, boolean prevPerson, boolean dropLexicon, Set<String>[] lexicons) {
        Set<String> first = lexicons == null ? firstNames : lexicons[0];
        Set<String> last = lexicons == null ? lastNames : lexicons[1];
        Set<String> common = lexicons == null ? commonWords : lexicons[2];
        Set<String> place = lexicons == null ? places : lexicons[3];
        String w = word(t, tokens.get(i));
        String lw = w.toLowerCase(Locale.ROOT);
        String shape = shape(w);
        List<String> f = new ArrayList<>(24);
        f.add("b");
        f.add("w=" + lw);
        f.add("s=" + shape);
        f.add("p3=" + prefix(lw, 3));
        f.add("x2=" + suffix(lw, 2));
        f.add("x3=" + suffix(lw, 3));
        f.add("x4=" + suffix(lw, 4));
        f.add("len=" + Math.min(lw.length(), 10));
        boolean start = sentenceStart(t, tokens, i);
        if (start) {
            f.add("start");
            f.add("start,s=" + shape);
        }
        if (common.contains(lw)) {
            f.add("common");
            if (start) {
                f.add("start,common");
            }
        }
        if (tokens.size() == 1) {
            f.add("alone"); // a table cell or a heading of one word
        }
        if (!dropLexicon) {
            boolean fn = first.contains(lw);
            boolean ln = last.contains(lw);
            if (fn) {
                f.add("lexF");
            }
            if (ln) {
                f.add("lexL");
            }
            if (fn && ln) {
                f.add("lexFL");
            }
            if (place.contains(lw)) {
                f.add("lexP");
            }
            if (start && (fn || ln)) {
                f.add("start,lex");
            }
        }
        f.add("t-1=" + prevPerson);
        f.add("t-1=" + prevPerson + ",s=" + shape);
        // surname particles before the token: "Mrs. van der Berg" looks past "van der" to "Mrs."
        int j0 = i - 1;
        while (j0 >= 0 && i - j0 <= 3 && PARTICLES.contains(word(t, tokens.get(j0)))) {
            j0--;
        }
        if (j0 < i - 1) {
            f.add("particle-1");
            f.add("wnp-1=" + (j0 < 0 ? "<none>" : word(t, tokens.get(j0)).toLowerCase(Locale.ROOT)));
        }
        for (int d = -2; d <= 2; d++) {
            if (d == 0) {
                continue;
            }
            int j = i + d;
            if (j < 0 || j >= tokens.size()) {
                f.add("w" + d + "=<none>");
                continue;
            }
            String o = word(t, tokens.get(j));
            String lo = o.toLowerCase(Locale.ROOT);
            f.add("w" + d + "=" + lo);
            f.add("s" + d + "=" + shape(o));
            if (Math.abs(d) == 1 && !dropLexicon) {
                if (first.contains(lo) && Character.isUpperCase(o.charAt(0))) {
                    f.add("lexF" + d);
                }
                if (last.contains(lo) && Character.isUpperCase(o.charAt(0))) {
                    f.add("lexL" + d);
                }
            }
        }
        return f;
    }

    private static String prefix(String w, int k) {
        return w.length() <= k ? w : w.substring(0, k);
    }

    private static String suffix(String w, int k) {
        return w.length() <= k ? w : w.substring(w.length() - k);
    }

    // ---- training

    /** A training sentence: its text and the person-name spans in it ([start, end) pairs). */
    public record Example(String text, List<int[]> persons) {
    }

    /**
     * Trains an averaged perceptron on the examples.
     *
     * @param epochs         passes over the data (examples shuffled each pass, by the seed)
     * @param lexiconDropout the fraction of tokens whose lexicon features are left out in training (0 to 1)
     */
    public static NameTagger train(List<Example> examples, Set<String> firstNames, Set<String> lastNames, Set<String> commonWords,
            Set<String> places, int epochs, double lexiconDropout, long seed) {
        Set<String> first = lower(firstNames);
        Set<String> last = lower(lastNames);
        Set<String> common = lower(commonWords);
        Set<String> place = lower(places);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Set<String>[] lex = new Set[] {first, last, common, place};
        NameTagger scratch = new NameTagger(Map.of(), first, last, common, place);
        Map<String, double[]> w = new HashMap<>(); // weight, total, last update
        long step = 0;
        List<Example> order = new ArrayList<>(examples);
        Random shuffle = new Random(seed);
        SplittableRandom drop = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (int ep = 0; ep < epochs; ep++) {
            Collections.shuffle(order, shuffle);
            for (Example ex : order) {
                List<int[]> tokens = tokens(ex.text());
                boolean[] gold = goldLabels(tokens, ex.persons());
                boolean prev = false;
                for (int i = 0; i < tokens.size(); i++) {
                    if (!Character.isUpperCase(ex.text().charAt(tokens.get(i)[0]))) {
                        prev = false;
                        continue;
                    }
                    step++;
                    List<String> feats = scratch.features(ex.text(), tokens, i, prev, drop.nextDouble() < lexiconDropout, lex);
                    double m = 0;
                    for (String f : feats) {
                        double[] v = w.get(f);
                        if (v != null) {
                            m += v[0];
                        }
                    }
                    boolean guess = m > 0;
                    if (guess != gold[i]) {
                        int y = gold[i] ? 1 : -1;
                        for (String f : feats) {
                            double[] v = w.computeIfAbsent(f, k -> new double[3]);
                            v[1] += (step - v[2]) * v[0];
                            v[2] = step;
                            v[0] += y;
                        }
                    }
                    prev = guess;
                }
            }
        }
        Map<String, Float> avg = new HashMap<>();
        for (var e : w.entrySet()) {
            double[] v = e.getValue();
            double total = v[1] + (step - v[2]) * v[0];
            float a = (float) (total / step);
            if (Math.abs(a) >= 1e-3f) {
                avg.put(e.getKey(), a);
            }
        }
        return new NameTagger(avg, first, last, common, place);
    }

    private static boolean[] goldLabels(List<int[]> tokens, List<int[]> persons) {
        boolean[] g = new boolean[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            int[] t = tokens.get(i);
            for (int[] p : persons) {
                if (t[0] >= p[0] && t[1] <= p[1]) {
                    g[i] = true;
                    break;
                }
            }
        }
        return g;
    }

    private static Set<String> lower(Set<String> names) {
        Set<String> s = new HashSet<>();
        for (String n : names) {
            s.add(n.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(s);
    }

    // ---- the model file: gzip of UTF-8 lines, "probity.name-tagger/v1", then "F\tname", "L\tname", "C\tword" (common
    // words), "P\tplace", "W\tfeature\tweight", each sorted

    /** Writes the model (deterministic bytes for the same model). */
    public void write(OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out);
        BufferedWriter wr = new BufferedWriter(new OutputStreamWriter(gz, StandardCharsets.UTF_8));
        wr.write(FORMAT);
        wr.write('\n');
        for (String n : new java.util.TreeSet<>(firstNames)) {
            wr.write("F\t" + n + "\n");
        }
        for (String n : new java.util.TreeSet<>(lastNames)) {
            wr.write("L\t" + n + "\n");
        }
        for (String n : new java.util.TreeSet<>(commonWords)) {
            wr.write("C\t" + n + "\n");
        }
        for (String n : new java.util.TreeSet<>(places)) {
            wr.write("P\t" + n + "\n");
        }
        for (var e : new TreeMap<>(weights).entrySet()) {
            wr.write("W\t" + e.getKey() + "\t" + e.getValue() + "\n");
        }
        wr.flush();
        gz.finish();
    }

    /** Reads a model written by {@link #write}. */
    public static NameTagger read(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
        String head = r.readLine();
        if (!FORMAT.equals(head)) {
            throw new IOException("not a name-tagger model (first line '" + head + "', expected " + FORMAT + ")");
        }
        Set<String> first = new HashSet<>();
        Set<String> last = new HashSet<>();
        Set<String> common = new HashSet<>();
        Set<String> place = new HashSet<>();
        Map<String, Float> w = new HashMap<>();
        String line;
        while ((line = r.readLine()) != null) {
            int tab = line.indexOf('\t');
            switch (line.charAt(0)) {
                case 'F' -> first.add(line.substring(tab + 1));
                case 'L' -> last.add(line.substring(tab + 1));
                case 'C' -> common.add(line.substring(tab + 1));
                case 'P' -> place.add(line.substring(tab + 1));
                case 'W' -> {
                    int t2 = line.lastIndexOf('\t');
                    w.put(line.substring(tab + 1, t2), Float.parseFloat(line.substring(t2 + 1)));
                }
                default -> throw new IOException("bad line in name-tagger model: " + line);
            }
        }
        return new NameTagger(w, Set.copyOf(first), Set.copyOf(last), Set.copyOf(common), Set.copyOf(place));
    }
}
