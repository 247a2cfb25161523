package dev.probity.checks.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.probity.core.InputException;
import dev.probity.privacy.pii.Entity;
import dev.probity.privacy.pii.Operator;
import dev.probity.privacy.pii.PiiScanner;
import dev.probity.privacy.pii.Pseudonymizer;
import dev.probity.privacy.pii.Redactor;
import dev.probity.privacy.pii.TextInput;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Personal data in any text: the bytes decode to text or a clear error ({@link InputException}); the scanner finds
 * entities inside the text, disjoint and in order, never an exception; pseudonymized text reverses to itself; and
 * any text given to {@link Pseudonymizer#reverse} gives text or a clear error (a forged token is refused).
 */
class PiiFuzzTest {
    private static final PiiScanner SCANNER = PiiScanner.defaults().withMinScore(0);
    private static final Pseudonymizer KEY = Pseudonymizer.of(Pseudonymizer.newKeyset());

    @FuzzTest(maxDuration = "20s")
    void pii(FuzzedDataProvider data) {
        boolean reverse = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        String text;
        try {
            text = TextInput.decode("fuzz.txt", bytes, StandardCharsets.UTF_8);
        } catch (InputException e) {
            CsvFuzzTest.message(e);
            return;
        }
        if (reverse) {
            try {
                KEY.reverse(text, "fuzz.txt");
            } catch (InputException e) {
                CsvFuzzTest.message(e);
            }
            return;
        }
        List<Entity> found = SCANNER.scan(text);
        int last = 0;
        for (Entity e : found) {
            if (e.start() < last || e.end() > text.length()) {
                throw new AssertionError("entity " + e + " overlaps the previous one or leaves the text (" + text.length() + ")");
            }
            last = e.end();
        }
        String pseudo = Redactor.redact(text, found, new Operator.Pseudonymize(KEY));
        if (!text.contains("<") && !KEY.reverse(pseudo, "fuzz.txt").equals(text)) {
            throw new AssertionError("pseudonymize then reverse changed the text");
        }
    }
}
