package dev.probity.privacy.pii;

import java.util.List;
import java.util.Set;

/**
 * Payment card numbers: 12 to 19 digits, written together or in groups separated by one kind of separator (space or
 * hyphen), whose issuer prefix and length belong to a known scheme (ISO/IEC 7812 IIN ranges as the schemes publish
 * them: Visa, Mastercard, American Express, Discover, JCB, Diners Club, UnionPay, Maestro) and which pass the Luhn
 * check, and are not preceded by {@code +} (a dialled number). Score 0.85; "card", "visa", "credit" and the like nearby raise it to 1.0. A number failing Luhn is not
 * reported at all.
 */
public final class CreditCardRecognizer implements TextIndex.Indexed {
    static final double SCORE = 0.85;
    static final Context.Words CONTEXT = Context.words("card", "cards", "credit", "debit", "visa", "mastercard", "amex",
            "discover", "jcb", "diners", "maestro", "unionpay", "cc", "pan", "payment", "paid", "charged");

    @Override
    public String name() {
        return "credit-card";
    }

    @Override
    public void find(String text, List<Entity> out) {
        find(TextIndex.of(text), out);
    }

    @Override
    public void find(TextIndex index, List<Entity> out) {
        String text = index.text;
        TextIndex.Starts starts = index.starts();
        int i = starts.next(0);
        while (i >= 0) {
            int e = DigitRuns.end(text, i, " -");
            boolean dialled = i > 0 && text.charAt(i - 1) == '+'; // "+49 1512 3451374" is a phone number
            if (!dialled && Context.boundaryAfter(text, e) && DigitRuns.oneSeparator(text, i, e)) {
                int count = DigitRuns.count(text, i, e);
                String d = count >= 12 && count <= 19 ? DigitRuns.digits(text, i, e) : null;
                if (d != null && knownScheme(d) && Checksums.luhn(d)) {
                    double score = Context.near(text, i, e, CONTEXT) ? 1.0 : SCORE;
                    out.add(new Entity(PiiType.CREDIT_CARD, i, e, score, name()));
                }
            }
            i = starts.next(e);
        }
    }

    /** Whether the number's prefix and length belong to a payment card scheme. */
    static boolean knownScheme(String d) {
        int len = d.length();
        int p1 = d.charAt(0) - '0';
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p3 = Integer.parseInt(d.substring(0, 3));
        int p4 = Integer.parseInt(d.substring(0, 4));
        int p6 = Integer.parseInt(d.substring(0, 6));
        if (p1 == 4) {
            return len == 13 || len == 16 || len == 19; // Visa
        }
        if (p2 >= 51 && p2 <= 55 || p6 >= 222100 && p6 <= 272099) {
            return len == 16; // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return len == 15; // American Express
        }
        if (p4 == 6011 || p3 >= 644 && p3 <= 649 || p2 == 65 || p6 >= 622126 && p6 <= 622925) {
            return len >= 16 && len <= 19; // Discover
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return len >= 16 && len <= 19; // JCB
        }
        if (p3 >= 300 && p3 <= 305 || p2 == 36 || p2 == 38 || p2 == 39 || p4 == 3095) {
            return len >= 14 && len <= 19; // Diners Club
        }
        if (p2 == 62) {
            return len >= 16 && len <= 19; // UnionPay
        }
        if (p2 == 50 || p2 >= 56 && p2 <= 69) {
            return len >= 12 && len <= 19; // Maestro
        }
        return false;
    }
}
