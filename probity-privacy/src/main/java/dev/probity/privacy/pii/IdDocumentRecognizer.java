package dev.probity.privacy.pii;

import java.util.List;
import java.util.Set;

/**
 * Passport numbers and national identity numbers of a few countries.
 *
 * <ul>
 * <li><b>Passports</b> ({@link PiiType#PASSPORT}): one or two letters and 6 to 8 digits, or 8 or 9 digits (the US, UK,
 * Indian and most EU formats), or the German format (C, F, G, H, J or K and eight of {@code CFGHJKLMNPRTVWXYZ0-9}).
 * None has a public check digit, so the shape alone is too weak: a passport is reported only with "passport",
 * "passeport", "reisepass", "pasaporte" or "passaporto" within the six words or so before it (score 0.8).</li>
 * <li><b>UK National Insurance numbers</b> ({@link PiiType#NATIONAL_ID}): two letters (not D, F, I, Q, U or V; the
 * second not O; not the prefixes BG, GB, KN, NK, NT, TN or ZZ), six digits and A–D, optionally spaced in pairs.
 * Score 0.7; "national insurance" or "NINO" nearby, 0.95.</li>
 * <li><b>Spanish DNI and NIE</b> ({@link Checksums#spanishId}, with its check letter): score 0.8; "DNI", "NIE",
 * "NIF" nearby, 1.0.</li>
 * <li><b>Indian Aadhaar numbers</b>: 12 digits (spaced in fours or together), not starting with 0 or 1, passing the
 * Verhoeff check. One random number in ten passes, so the score is 0.4 alone and 0.9 with "aadhaar", "uidai" or
 * "uid" nearby.</li>
 * </ul>
 */
public final class IdDocumentRecognizer implements TextIndex.Indexed {
    static final Context.Words PASSPORT = Context.words("passport", "passports", "passeport", "reisepass", "pasaporte", "passaporto", "paspoort");
    static final Context.Words NINO = Context.words("insurance", "nino", "ni", "nin");
    static final Context.Words SPAIN = Context.words("dni", "nie", "nif", "documento", "identidad");
    static final Context.Words AADHAAR = Context.words("aadhaar", "aadhar", "uidai", "uid");
    private static final String DE_PASSPORT = "CFGHJKLMNPRTVWXYZ0123456789";
    private static final Set<String> NINO_BANNED = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

    @Override
    public String name() {
        return "id-document";
    }

    @Override
    public void find(String text, List<Entity> out) {
        find(TextIndex.of(text), out);
    }

    @Override
    public void find(TextIndex index, List<Entity> out) {
        String text = index.text;
        int n = text.length();
        // every token (letters, digits, underscores) with at least four digits holds a run of digits: each is visited
        // from its first run, once
        int done = 0;
        for (int k = 0; k < index.runCount(); k++) {
            int r = index.run(k);
            if (r < done) {
                continue;
            }
            int s = r;
            int digits = 0;
            while (s > 0 && Context.isWordChar(text.charAt(s - 1))) {
                s--;
                if (Checksums.isDigit(text.charAt(s))) {
                    digits++;
                }
            }
            int e = r;
            while (e < n && Context.isWordChar(text.charAt(e))) {
                if (Checksums.isDigit(text.charAt(e))) {
                    digits++;
                }
                e++;
            }
            done = e;
            if (digits < 4) {
                continue;
            }
            token(text, s, e, digits, out);
            if (digits == 4 && e - s == 4) {
                // "1234 5678 9012": a spaced Aadhaar number
                int e3 = spacedDigits(text, s, 3);
                if (e3 > 0) {
                    aadhaar(text, s, e3, DigitRuns.digits(text, s, e3), out);
                    done = e3;
                }
            }
        }
        spacedNino(index, out);
    }

    private void token(String t, int s, int e, int digits, List<Entity> out) {
        int len = e - s;
        if (len > 12 || len == 11 || len < 6) {
            return; // no national ID or passport number has this length (the shapes below need 6 to 10 or 12 characters)
        }
        if (digits == len && len != 8 && len != 9 && len != 12) {
            return; // all digits: a passport (8 or 9) or an Aadhaar number (12)
        }
        String tok = t.substring(s, e);
        if (len == 9 && Checksums.spanishId(tok)) {
            out.add(new Entity(PiiType.NATIONAL_ID, s, e, Context.near(t, s, e, SPAIN) ? 1.0 : 0.8, name()));
            return;
        }
        if (len == 9 && nino(tok)) {
            out.add(new Entity(PiiType.NATIONAL_ID, s, e, Context.near(t, s, e, NINO) ? 0.95 : 0.7, name()));
            return;
        }
        if (len == 12 && digits == 12) {
            aadhaar(t, s, e, tok, out);
            return;
        }
        if (passportShape(tok, digits) && Context.before(t, s, PASSPORT, Context.BEFORE + 10)) {
            out.add(new Entity(PiiType.PASSPORT, s, e, 0.8, name()));
        }
    }

    private void aadhaar(String t, int s, int e, String d, List<Entity> out) {
        if (d.length() == 12 && d.charAt(0) >= '2' && Checksums.verhoeff(d)) {
            out.add(new Entity(PiiType.NATIONAL_ID, s, e, Context.near(t, s, e, AADHAAR) ? 0.9 : 0.4, name()));
        }
    }

    /** The end of {@code groups} more space-separated groups of four digits after the first at {@code s}, or -1. */
    private static int spacedDigits(String t, int s, int groups) {
        int k = s + 4;
        for (int g = 1; g < groups; g++) {
            if (k + 5 > t.length() || t.charAt(k) != ' ') {
                return -1;
            }
            for (int j = k + 1; j < k + 5; j++) {
                if (!Checksums.isDigit(t.charAt(j))) {
                    return -1;
                }
            }
            k += 5;
        }
        return Context.boundaryAfter(t, k) ? k : -1;
    }

    static boolean passportShape(String tok, int digits) {
        int len = tok.length();
        int letters = len - digits;
        if (digits == len) {
            return len == 8 || len == 9;
        }
        if (letters <= 2 && Character.isUpperCase(tok.charAt(0)) && (letters == 1 || Character.isUpperCase(tok.charAt(1)))
                && digits >= 6 && digits <= 8 && allDigits(tok, letters)) {
            return true;
        }
        if (len == 9 && "CFGHJK".indexOf(tok.charAt(0)) >= 0) {
            for (int k = 1; k < 9; k++) {
                if (DE_PASSPORT.indexOf(tok.charAt(k)) < 0) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean allDigits(String s, int from) {
        for (int k = from; k < s.length(); k++) {
            if (!Checksums.isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** HMRC's National Insurance number format (Manual NIM39110). */
    static boolean nino(String tok) {
        if (tok.length() != 9) {
            return false;
        }
        char a = tok.charAt(0);
        char b = tok.charAt(1);
        char suffix = tok.charAt(8);
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z' || "DFIQUV".indexOf(a) >= 0 || "DFIQUVO".indexOf(b) >= 0
                || NINO_BANNED.contains(tok.substring(0, 2)) || suffix < 'A' || suffix > 'D') {
            return false;
        }
        return allDigits(tok.substring(0, 8), 2);
    }

    /** "AB 12 34 56 C". */
    private void spacedNino(TextIndex index, List<Entity> out) {
        String t = index.text;
        int n = t.length();
        // the first pair of digits starts a run of digits three characters in
        for (int k = 0; k < index.runCount(); k++) {
            int i = index.run(k) - 3;
            if (i < 0) {
                continue;
            }
            if (i + 13 > n) {
                break;
            }
            char a = t.charAt(i);
            // nino() below asks for two letters A-Z: other characters are passed over first, cheaply
            if (a < 'A' || a > 'Z' || t.charAt(i + 2) != ' ' || !Context.boundaryBefore(t, i)) {
                continue;
            }
            if (t.charAt(i + 5) != ' ' || t.charAt(i + 8) != ' ' || t.charAt(i + 11) != ' ' || !Context.boundaryAfter(t, i + 13)) {
                continue;
            }
            String compact = t.substring(i, i + 2) + t.substring(i + 3, i + 5) + t.substring(i + 6, i + 8)
                    + t.substring(i + 9, i + 11) + t.charAt(i + 12);
            if (nino(compact)) {
                out.add(new Entity(PiiType.NATIONAL_ID, i, i + 13, Context.near(t, i, i + 13, NINO) ? 0.95 : 0.7, name()));
            }
        }
    }
}
