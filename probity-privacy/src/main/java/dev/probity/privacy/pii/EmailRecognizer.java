package dev.probity.privacy.pii;

import java.util.List;

/**
 * E-mail addresses: a local part of letters, digits and {@code . _ % + -} (not starting or ending with a dot), an
 * {@code @}, and a domain of at least two labels (letters, digits, hyphens; no label starting or ending with a
 * hyphen; at most 63 characters each) whose last label, the top-level domain, is two or more letters. Quoted local
 * parts and addresses with an IP literal are not recognized. Score 0.9: the shape alone is strong evidence.
 */
public final class EmailRecognizer implements Recognizer {
    static final double SCORE = 0.9;

    @Override
    public String name() {
        return "email";
    }

    @Override
    public void find(String text, List<Entity> out) {
        int at = text.indexOf('@');
        while (at >= 0) {
            int s = at;
            while (s > 0 && isLocal(text.charAt(s - 1)) && at - s < 64) {
                s--;
            }
            while (s < at && text.charAt(s) == '.') {
                s++;
            }
            int e = at + 1;
            while (e < text.length() && isDomain(text.charAt(e))) {
                e++;
            }
            while (e > at + 1 && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
                e--;
            }
            if (s < at && text.charAt(at - 1) != '.' && (s == 0 || !isLocal(text.charAt(s - 1))) && validDomain(text, at + 1, e)) {
                out.add(new Entity(PiiType.EMAIL, s, e, SCORE, name()));
            }
            at = text.indexOf('@', Math.max(e, at + 1));
        }
    }

    private static boolean isLocal(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '%'
                || c == '+' || c == '-';
    }

    private static boolean isDomain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-';
    }

    /** At least two labels, each 1–63 characters not starting or ending with '-', the last one letters only (≥ 2). */
    static boolean validDomain(String t, int from, int to) {
        if (to - from < 4 || to - from > 253) {
            return false;
        }
        int labels = 0;
        int s = from;
        for (int i = from; i <= to; i++) {
            if (i == to || t.charAt(i) == '.') {
                int len = i - s;
                if (len == 0 || len > 63 || t.charAt(s) == '-' || t.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                if (i == to) {
                    if (len < 2) {
                        return false;
                    }
                    for (int k = s; k < i; k++) {
                        if (!Character.isLetter(t.charAt(k))) {
                            return false;
                        }
                    }
                }
                s = i + 1;
            }
        }
        return labels >= 2;
    }
}
