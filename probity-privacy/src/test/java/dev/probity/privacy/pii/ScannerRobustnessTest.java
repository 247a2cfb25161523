package dev.probity.privacy.pii;

import dev.probity.privacy.pii.corpus.PiiCorpus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any text gives entities, never an exception: random strings over the characters the recognizers look at, and
 * corpus sentences cut and mutated at random. Every entity lies inside the text, the resolved ones are disjoint and in
 * order, and every recognizer's own candidates are well formed.
 */
class ScannerRobustnessTest {
    private static final String ALPHABET = "0123456789 0123456789 -./()+#@:_,;'\n\tAaBbDdEeGgXxZzéß😀wWhtps";

    @Test
    void randomAndMutatedTextNeverBreaksARecognizer() {
        SplittableRandom r = new SplittableRandom(2026);
        PiiScanner scanner = PiiScanner.defaults().withMinScore(0);
        List<PiiCorpus.Doc> docs = PiiCorpus.generate(5, PiiCorpus.Split.HELD_OUT, 500);
        for (int round = 0; round < 20_000; round++) {
            String text;
            if (round % 2 == 0) {
                StringBuilder b = new StringBuilder();
                int n = r.nextInt(60);
                for (int i = 0; i < n; i++) {
                    b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
                text = b.toString();
            } else {
                String d = docs.get(r.nextInt(docs.size())).text();
                int a = r.nextInt(d.length() + 1);
                int z = a + r.nextInt(d.length() - a + 1);
                StringBuilder b = new StringBuilder(d.substring(a, z));
                for (int k = 0; k < 3 && b.length() > 0; k++) {
                    b.setCharAt(r.nextInt(b.length()), ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
                text = b.toString();
            }
            String t = text;
            List<Entity> found = scanner.scan(t);
            int last = 0;
            for (Entity e : found) {
                assertThat(e.start()).as(t).isGreaterThanOrEqualTo(last);
                assertThat(e.end()).as(t).isLessThanOrEqualTo(t.length());
                last = e.end();
            }
            for (Entity e : scanner.candidates(t)) {
                assertThat(e.end()).as(t).isLessThanOrEqualTo(t.length());
            }
        }
    }
}
