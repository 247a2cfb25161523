package dev.probity.privacy.pii;

import java.util.Comparator;

/**
 * One piece of personal data found in a text: its type, where it is ({@code start} inclusive, {@code end} exclusive,
 * as Java string offsets, i.e. UTF-16 code units), how confident the recognizer is (0 to 1) and which recognizer
 * found it.
 */
public record Entity(PiiType type, int start, int end, double score, String recognizer) {
    public Entity {
        if (type == null || recognizer == null) {
            throw new IllegalArgumentException("type and recognizer are required");
        }
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score " + score + " is not in [0, 1]");
        }
    }

    /** Characters covered. */
    public int length() {
        return end - start;
    }

    /** The text the entity covers. */
    public String text(CharSequence source) {
        return source.subSequence(start, end).toString();
    }

    /** Whether the two spans share at least one character. */
    public boolean overlaps(Entity o) {
        return start < o.end && o.start < end;
    }

    /** The same entity with another score (clamped to [0, 1]). */
    Entity withScore(double s) {
        return new Entity(type, start, end, Math.max(0, Math.min(1, s)), recognizer);
    }

    /** The order in which overlapping entities win: higher score, then longer, then earlier, then type order. */
    static final Comparator<Entity> PRECEDENCE = Comparator.comparingDouble(Entity::score).reversed()
            .thenComparing(Comparator.comparingInt(Entity::length).reversed())
            .thenComparingInt(Entity::start)
            .thenComparing(Entity::type)
            .thenComparing(Entity::recognizer);

    /** Document order: by start, then end. */
    static final Comparator<Entity> BY_POSITION = (a, b) -> a.start != b.start ? Integer.compare(a.start, b.start)
            : a.end != b.end ? Integer.compare(a.end, b.end) : a.type.compareTo(b.type);
}
