package dev.probity.privacy.pii;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PiiScannerTest {
    private static Entity e(PiiType t, int s, int end, double score) {
        return new Entity(t, s, end, score, "test");
    }

    @Test
    void overlapsGoToTheHigherScoreThenTheLongerSpan() {
        Entity phone = e(PiiType.PHONE, 0, 10, 0.6);
        Entity card = e(PiiType.CREDIT_CARD, 5, 20, 0.9);
        Entity date = e(PiiType.DATE, 18, 25, 0.6);
        Entity longDate = e(PiiType.DATE, 21, 30, 0.6);
        Entity shortDate = e(PiiType.DATE, 21, 24, 0.6);
        // card beats phone (score); longDate beats date (equal score, longer, overlaps the card? no: 21 ≥ 20) and shortDate
        assertThat(PiiScanner.resolve(List.of(phone, card, date, longDate, shortDate))).containsExactly(card, longDate);
    }

    @Test
    void resolutionIsIndependentOfTheInputOrderAndLeavesDisjointSpans() {
        Random r = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<Entity> all = new ArrayList<>();
            for (int k = 0; k < 12; k++) {
                int s = r.nextInt(50);
                all.add(e(PiiType.values()[r.nextInt(PiiType.values().length)], s, s + 1 + r.nextInt(10), r.nextInt(5) / 4.0));
            }
            List<Entity> a = PiiScanner.resolve(all);
            assertThat(a).isEqualTo(reference(all));
            Collections.shuffle(all, r);
            assertThat(PiiScanner.resolve(all)).isEqualTo(a);
            for (int i = 1; i < a.size(); i++) {
                assertThat(a.get(i).start()).isGreaterThanOrEqualTo(a.get(i - 1).end());
            }
            // every dropped entity overlaps a kept one that precedes it
            for (Entity d : all) {
                if (!a.contains(d)) {
                    assertThat(a).anyMatch(k -> k.overlaps(d) && Entity.PRECEDENCE.compare(k, d) < 0);
                }
            }
        }
    }

    /** The definition, over all entities at once: by precedence, keep what overlaps nothing kept; document order. */
    private static List<Entity> reference(List<Entity> all) {
        List<Entity> sorted = new ArrayList<>(all);
        sorted.sort(Entity.PRECEDENCE);
        List<Entity> kept = new ArrayList<>();
        for (Entity e : sorted) {
            if (kept.stream().noneMatch(k -> k.overlaps(e))) {
                kept.add(e);
            }
        }
        kept.sort(Comparator.comparingInt(Entity::start));
        return kept;
    }

    @Test
    void thresholdAndTypes() {
        String text = "SSN: 123456789, mail a@example.com";
        assertThat(PiiScanner.patternsOnly().scan(text)).extracting(Entity::type).containsExactly(PiiType.US_SSN, PiiType.EMAIL);
        assertThat(PiiScanner.patternsOnly().withMinScore(0.7).scan(text)).extracting(Entity::type).containsExactly(PiiType.EMAIL);
        assertThat(PiiScanner.patternsOnly().withTypes(java.util.Set.of(PiiType.US_SSN)).scan(text)).extracting(Entity::type)
                .containsExactly(PiiType.US_SSN);
    }

    @Test
    void offsetsAreJavaStringOffsets() {
        String text = "😀 Mail: jose@example.com";
        Entity m = PiiScanner.patternsOnly().scan(text).get(0);
        assertThat(m.start()).isEqualTo(text.indexOf("jose"));
        assertThat(m.text(text)).isEqualTo("jose@example.com");
    }
}
