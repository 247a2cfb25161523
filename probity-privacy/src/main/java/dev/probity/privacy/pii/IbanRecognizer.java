package dev.probity.privacy.pii;

import java.util.List;
import java.util.Set;

/**
 * International bank account numbers (ISO 13616): a country code, two check digits and the country's basic bank
 * account number, written together or in groups separated by single spaces, exactly as long as the country's IBAN
 * ({@link Checksums#IBAN_LENGTHS}) and passing the mod-97 check. Score 0.95 (a random string passes mod 97 about once
 * in 97 and must have the right country and length as well); "iban", "account", "bank" nearby make it 1.0.
 */
public final class IbanRecognizer implements TextIndex.Indexed {
    static final Context.Words CONTEXT = Context.words("iban", "account", "bank", "transfer", "bic", "swift", "sepa", "konto", "compte", "cuenta");

    /** {@link Checksums#IBAN_LENGTHS} by the two letters of the country code ((first - 'A') * 26 + second - 'A'); 0: none. */
    private static final int[] LENGTHS = new int[26 * 26];

    static {
        Checksums.IBAN_LENGTHS.forEach((country, length) -> LENGTHS[(country.charAt(0) - 'A') * 26 + country.charAt(1) - 'A'] = length);
    }

    @Override
    public String name() {
        return "iban";
    }

    @Override
    public void find(String text, List<Entity> out) {
        find(TextIndex.of(text), out);
    }

    @Override
    public void find(TextIndex index, List<Entity> out) {
        String text = index.text;
        int n = text.length();
        int next = 0; // no IBAN starts inside one found
        // the two check digits start a run of digits two characters in
        for (int r = 0; r < index.runCount(); r++) {
            int i = index.run(r) - 2;
            if (i < next) {
                continue;
            }
            if (i + 4 >= n) {
                break;
            }
            char c = text.charAt(i);
            if (c < 'A' || c > 'Z') {
                continue;
            }
            char c1 = text.charAt(i + 1);
            if (c1 < 'A' || c1 > 'Z' || !Checksums.isDigit(text.charAt(i + 2)) || !Checksums.isDigit(text.charAt(i + 3))
                    || !Context.boundaryBefore(text, i)) {
                continue;
            }
            int len = LENGTHS[(c - 'A') * 26 + (c1 - 'A')];
            if (len == 0) {
                continue;
            }
            StringBuilder b = new StringBuilder(len);
            int k = i;
            while (k < n && b.length() < len) {
                char x = text.charAt(k);
                if (Checksums.isDigit(x) || x >= 'A' && x <= 'Z') {
                    b.append(x);
                    k++;
                } else if (x == ' ' && k + 1 < n && k > i && text.charAt(k - 1) != ' ') {
                    k++;
                } else {
                    break;
                }
            }
            if (b.length() == len && Context.boundaryAfter(text, k) && Checksums.iban(b)) {
                double score = Context.near(text, i, k, CONTEXT) ? 1.0 : 0.95;
                out.add(new Entity(PiiType.IBAN, i, k, score, name()));
                next = k;
            }
        }
    }
}
