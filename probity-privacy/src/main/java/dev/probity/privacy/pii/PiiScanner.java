package dev.probity.privacy.pii;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds personal data in text: runs its recognizers, keeps the hits scoring at least {@link #minScore()} of the asked
 * types, and resolves overlaps.
 *
 * <p><b>Overlaps.</b> Two hits that share a character cannot both be redacted. They are resolved deterministically,
 * greedily in order of precedence: the higher score wins, then the longer span, then the earlier start, then the type's
 * order in {@link PiiType} and the recognizer's name; a hit overlapping one already kept is dropped. The result is in
 * document order and its spans are disjoint.
 *
 * <p>Immutable and thread-safe.
 */
public final class PiiScanner {
    /** The default threshold: below it, a hit is a guess that needs more context (e.g. nine bare digits). */
    public static final double DEFAULT_MIN_SCORE = 0.5;

    private final List<Recognizer> recognizers;
    private final double minScore;
    private final Set<PiiType> types;

    private PiiScanner(List<Recognizer> recognizers, double minScore, Set<PiiType> types) {
        this.recognizers = List.copyOf(recognizers);
        this.minScore = minScore;
        this.types = types.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(types);
    }

    /** Every recognizer, person names included (the trained tagger shipped with Probity). */
    public static PiiScanner defaults() {
        List<Recognizer> all = new ArrayList<>(patterns());
        all.add(NameTagger.shipped());
        return new PiiScanner(all, DEFAULT_MIN_SCORE, EnumSet.allOf(PiiType.class));
    }

    /** The validated pattern recognizers alone: everything but person names. */
    public static PiiScanner patternsOnly() {
        return new PiiScanner(patterns(), DEFAULT_MIN_SCORE, EnumSet.allOf(PiiType.class));
    }

    /** A scanner over these recognizers, with the default threshold and every type. */
    public static PiiScanner of(List<? extends Recognizer> recognizers) {
        return new PiiScanner(List.copyOf(recognizers), DEFAULT_MIN_SCORE, EnumSet.allOf(PiiType.class));
    }

    /** The pattern recognizers, in a fixed order. */
    public static List<Recognizer> patterns() {
        return List.of(new EmailRecognizer(), new UrlRecognizer(), new PhoneRecognizer(), new CreditCardRecognizer(),
                new IbanRecognizer(), new SsnRecognizer(), new IpRecognizer(), new DateRecognizer(),
                new IdDocumentRecognizer(), new AddressRecognizer());
    }

    /** The same scanner keeping hits that score at least {@code s} (0 to 1). */
    public PiiScanner withMinScore(double s) {
        if (!(s >= 0 && s <= 1)) {
            throw new IllegalArgumentException("the minimum score must be in [0, 1], not " + s);
        }
        return new PiiScanner(recognizers, s, types);
    }

    /** The same scanner reporting only these types. */
    public PiiScanner withTypes(Set<PiiType> only) {
        if (only.isEmpty()) {
            throw new IllegalArgumentException("at least one type is needed");
        }
        return new PiiScanner(recognizers, minScore, only);
    }

    public double minScore() {
        return minScore;
    }

    public Set<PiiType> types() {
        return EnumSet.copyOf(types);
    }

    public List<Recognizer> recognizers() {
        return recognizers;
    }

    /** The personal data in {@code text}: disjoint entities in document order. */
    public List<Entity> scan(String text) {
        return resolve(candidates(text));
    }

    /** Every hit of every recognizer at or above the threshold, overlaps included, in document order. */
    public List<Entity> candidates(String text) {
        List<Entity> raw = new ArrayList<>(text.length() / 64); // dense text: about one hit in 80 characters
        TextIndex index = null;
        for (Recognizer r : recognizers) {
            if (r instanceof TextIndex.Indexed indexed) {
                if (index == null) {
                    index = TextIndex.of(text); // one pass over the text finds the numbers for every recognizer
                }
                indexed.find(index, raw);
            } else {
                r.find(text, raw);
            }
        }
        List<Entity> kept = new ArrayList<>(raw.size());
        for (Entity e : raw) {
            if (e.score() >= minScore && types.contains(e.type())) {
                kept.add(e);
            }
        }
        kept.sort(Entity.BY_POSITION);
        return kept;
    }

    /**
     * Overlapping entities resolved as the class comment says: disjoint, in document order. Entities that overlap
     * nothing are kept without further work; each cluster of entities that overlap one another (directly or through
     * others) is resolved greedily by precedence. Clusters cannot affect one another, so this is the same as the greedy
     * pass over all entities at once, in time proportional to the entities when clusters are small.
     */
    public static List<Entity> resolve(List<Entity> entities) {
        List<Entity> byPosition = new ArrayList<>(entities);
        byPosition.sort(Entity.BY_POSITION);
        List<Entity> out = new ArrayList<>(byPosition.size());
        int i = 0;
        while (i < byPosition.size()) {
            int j = i + 1;
            int reach = byPosition.get(i).end();
            while (j < byPosition.size() && byPosition.get(j).start() < reach) {
                reach = Math.max(reach, byPosition.get(j).end());
                j++;
            }
            if (j == i + 1) {
                out.add(byPosition.get(i));
            } else {
                out.addAll(greedy(byPosition.subList(i, j)));
            }
            i = j;
        }
        return List.copyOf(out);
    }

    /** The greedy pass over one cluster: by precedence, an entity is kept unless it overlaps one kept before it. */
    private static List<Entity> greedy(List<Entity> cluster) {
        List<Entity> byPrecedence = new ArrayList<>(cluster);
        byPrecedence.sort(Entity.PRECEDENCE);
        List<Entity> kept = new ArrayList<>();
        for (Entity e : byPrecedence) {
            boolean free = true;
            for (Entity k : kept) {
                if (k.overlaps(e)) {
                    free = false;
                    break;
                }
            }
            if (free) {
                kept.add(e);
            }
        }
        kept.sort(Entity.BY_POSITION);
        return kept;
    }
}
