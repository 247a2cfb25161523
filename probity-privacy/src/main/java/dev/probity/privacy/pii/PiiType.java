package dev.probity.privacy.pii;

import java.util.Locale;

/** The kinds of personal data the recognizers find. {@link #label()} is the name in reports and in {@code <TYPE>} replacements. */
public enum PiiType {
    PERSON,
    EMAIL,
    PHONE,
    CREDIT_CARD,
    IBAN,
    US_SSN,
    IP_ADDRESS,
    URL,
    DATE,
    DATE_OF_BIRTH,
    PASSPORT,
    NATIONAL_ID,
    STREET_ADDRESS;

    /** The upper-case name, as in {@code <EMAIL>}. */
    public String label() {
        return name();
    }

    /** The type named by a label, ignoring case and accepting '-' for '_'; null when none is. */
    public static PiiType ofLabel(String label) {
        String s = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (PiiType t : values()) {
            if (t.name().equals(s)) {
                return t;
            }
        }
        return null;
    }
}
