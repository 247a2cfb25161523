package dev.probity.privacy.pii;

import java.util.List;

/** Applies an {@link Operator} to the entities found in a text. */
public final class Redactor {
    private Redactor() {
    }

    /**
     * The text with each entity replaced by what the operator makes of it. The entities must be disjoint (as
     * {@link PiiScanner#scan} returns them); they may come in any order.
     */
    public static String redact(String text, List<Entity> entities, Operator operator) {
        List<Entity> sorted = entities.stream().sorted(Entity.BY_POSITION).toList();
        StringBuilder b = new StringBuilder(text.length());
        int last = 0;
        for (Entity e : sorted) {
            if (e.start() < last) {
                throw new IllegalArgumentException("entities overlap at " + e.start() + "; resolve them first (PiiScanner.resolve)");
            }
            if (e.end() > text.length()) {
                throw new IllegalArgumentException("entity " + e + " ends beyond the text (" + text.length() + " characters)");
            }
            b.append(text, last, e.start());
            b.append(operator.apply(e.type(), text.substring(e.start(), e.end())));
            last = e.end();
        }
        b.append(text, last, text.length());
        return b.toString();
    }
}
