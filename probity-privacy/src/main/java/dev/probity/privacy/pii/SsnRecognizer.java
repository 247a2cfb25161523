package dev.probity.privacy.pii;

import java.util.List;
import java.util.Set;

/**
 * US Social Security numbers: {@code AAA-GG-SSSS} (hyphens or spaces) or nine digits together, whose area, group and
 * serial can have been issued ({@link Checksums#ssn}; 000, 666 and 9xx areas, group 00 and serial 0000 are never
 * issued). Hyphenated: score 0.6; spaced: 0.5; nine bare digits: 0.3 — and "ssn", "social security" and the like
 * nearby add 0.3, so bare digits are reported only in context.
 */
public final class SsnRecognizer implements TextIndex.Indexed {
    static final Context.Words CONTEXT = Context.words("ssn", "ssns", "social", "security", "ss", "taxpayer", "tin", "itin");

    @Override
    public String name() {
        return "us-ssn";
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
            if (Context.boundaryAfter(text, e) && !(e < text.length() && text.charAt(e) == '-')) {
                double base = shape(text, i, e);
                if (base > 0) {
                    String d = DigitRuns.digits(text, i, e);
                    if (Checksums.ssn(Integer.parseInt(d.substring(0, 3)), Integer.parseInt(d.substring(3, 5)),
                            Integer.parseInt(d.substring(5)))) {
                        double score = Context.near(text, i, e, CONTEXT) ? base + 0.3 : base;
                        out.add(new Entity(PiiType.US_SSN, i, e, score, name()));
                    }
                }
            }
            i = starts.next(e);
        }
    }

    /** The base score of the run's shape, or 0 when it is not an SSN's. */
    private static double shape(String t, int s, int e) {
        int len = e - s;
        if (len == 9) {
            return DigitRuns.digits(t, s, e).length() == 9 ? 0.3 : 0;
        }
        if (len != 11) {
            return 0;
        }
        char a = t.charAt(s + 3);
        char b = t.charAt(s + 6);
        if (a != b || !(a == '-' || a == ' ')) {
            return 0;
        }
        return DigitRuns.digits(t, s, e).length() == 9 ? (a == '-' ? 0.6 : 0.5) : 0;
    }
}
