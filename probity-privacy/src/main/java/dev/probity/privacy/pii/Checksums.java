package dev.probity.privacy.pii;

import java.util.Map;

/**
 * The check-digit algorithms that tell a real identifier from a number that only looks like one. Each takes the
 * identifier without separators.
 */
public final class Checksums {
    private Checksums() {
    }

    /**
     * The Luhn (mod 10) check of payment card numbers (ISO/IEC 7812-1): from the rightmost digit, double every
     * second digit, subtract 9 from results above 9, and the sum must be a multiple of 10.
     */
    public static boolean luhn(CharSequence digits) {
        int n = digits.length();
        if (n < 2) {
            return false;
        }
        int sum = 0;
        boolean dbl = false;
        for (int i = n - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /**
     * IBAN lengths per country (the SWIFT IBAN registry, release 2024): a country not listed here has no IBAN and
     * is refused.
     */
    public static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
            Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24),
            Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29),
            Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
            Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28),
            Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23),
            Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20),
            Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
            Map.entry("LV", 21), Map.entry("LY", 25), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22),
            Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18),
            Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25),
            Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31),
            Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("ST", 25),
            Map.entry("SV", 28), Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29),
            Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20));

    /**
     * The IBAN check of ISO 13616 (ISO 7064 mod 97-10): the country's length, upper-case letters and digits only,
     * then with the first four characters moved to the end and each letter replaced by its value (A = 10 … Z = 35),
     * the number modulo 97 must be 1.
     */
    public static boolean iban(CharSequence iban) {
        int n = iban.length();
        if (n < 5) {
            return false;
        }
        Integer want = IBAN_LENGTHS.get(iban.subSequence(0, 2).toString());
        if (want == null || want != n || !isDigit(iban.charAt(2)) || !isDigit(iban.charAt(3))) {
            return false;
        }
        int rem = 0;
        for (int k = 0; k < n; k++) {
            char c = iban.charAt((k + 4) % n);
            if (isDigit(c)) {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return rem == 1;
    }

    /**
     * Whether a US Social Security number's parts can have been issued (SSA, "Social Security Number
     * Randomization", 2011): area 001–899 except 666, group 01–99, serial 0001–9999. Two numbers published in
     * advertising and never valid for a person (078-05-1120, 219-09-9999) are refused too.
     */
    public static boolean ssn(int area, int group, int serial) {
        if (area <= 0 || area == 666 || area >= 900 || group <= 0 || group > 99 || serial <= 0 || serial > 9999) {
            return false;
        }
        return !(area == 78 && group == 5 && serial == 1120) && !(area == 219 && group == 9 && serial == 9999);
    }

    private static final int[][] VERHOEFF_D = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
        {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
        {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    private static final int[][] VERHOEFF_P = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
        {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
        {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

    /** The Verhoeff check (dihedral group D5), used by India's Aadhaar numbers: the running product must end at 0. */
    public static boolean verhoeff(CharSequence digits) {
        int c = 0;
        int n = digits.length();
        for (int i = 0; i < n; i++) {
            int d = digits.charAt(n - 1 - i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            c = VERHOEFF_D[c][VERHOEFF_P[i % 8][d]];
        }
        return n > 0 && c == 0;
    }

    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

    /**
     * A Spanish DNI (8 digits and a letter) or NIE (X, Y or Z, 7 digits and a letter; X = 0, Y = 1, Z = 2): the
     * letter is {@code TRWAGMYFPDXBNJZSQVHLCKE} at the number modulo 23 (Real Decreto 1553/2005).
     */
    public static boolean spanishId(CharSequence id) {
        if (id.length() != 9) {
            return false;
        }
        int lead = switch (id.charAt(0)) {
            case 'X' -> 0;
            case 'Y' -> 1;
            case 'Z' -> 2;
            default -> -1;
        };
        long number = lead >= 0 ? lead : 0;
        for (int i = lead >= 0 ? 1 : 0; i < 8; i++) {
            char c = id.charAt(i);
            if (!isDigit(c)) {
                return false;
            }
            number = number * 10 + (c - '0');
        }
        return id.charAt(8) == DNI_LETTERS.charAt((int) (number % 23));
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
