package dev.probity.privacy.pii;

/**
 * What redaction puts in place of a piece of personal data.
 *
 * <ul>
 * <li>{@link Mask}: letters and digits become {@code *} except the last {@code keepLast} of them (never more than half
 * of them), other characters stay: {@code 4111 1111 1111 1111} → {@code **** **** **** 1111}. Keeps the shape for
 * a reader; the kept characters are still data.</li>
 * <li>{@link Replace}: {@code <TYPE>}, e.g. {@code <EMAIL>}. Nothing of the value is left.</li>
 * <li>{@link Hash}: {@code <TYPE#…>}, a keyed hash ({@link KeyedHash}): equal values stay equal, irreversibly.</li>
 * <li>{@link Pseudonymize}: {@code <TYPE:…>}, reversible by the key holder ({@link Pseudonymizer}).</li>
 * <li>{@link Drop}: nothing at all.</li>
 * </ul>
 */
public sealed interface Operator permits Operator.Mask, Operator.Replace, Operator.Hash, Operator.Pseudonymize, Operator.Drop {
    /** The text that replaces a value of a type. */
    String apply(PiiType type, String value);

    /** Masks letters and digits with {@code *}, keeping the last {@code keepLast} (at most half of them). */
    record Mask(int keepLast) implements Operator {
        public Mask {
            if (keepLast < 0) {
                throw new dev.probity.core.InputException("the number of characters a mask keeps ({{keep-last}}) cannot be negative: " + keepLast);
            }
        }

        @Override
        public String apply(PiiType type, String value) {
            int alnum = 0;
            for (int i = 0; i < value.length(); i++) {
                if (Character.isLetterOrDigit(value.charAt(i))) {
                    alnum++;
                }
            }
            int keep = Math.min(keepLast, alnum / 2);
            StringBuilder b = new StringBuilder(value.length());
            int seen = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    seen++;
                    b.append(seen > alnum - keep ? c : '*');
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }

    /** {@code <TYPE>}. */
    record Replace() implements Operator {
        @Override
        public String apply(PiiType type, String value) {
            return "<" + type.label() + ">";
        }
    }

    /** A keyed hash, {@code <TYPE#…>}. */
    record Hash(KeyedHash key) implements Operator {
        @Override
        public String apply(PiiType type, String value) {
            return key.token(type, value);
        }
    }

    /** A reversible pseudonym, {@code <TYPE:…>}. */
    record Pseudonymize(Pseudonymizer pseudonymizer) implements Operator {
        @Override
        public String apply(PiiType type, String value) {
            return pseudonymizer.token(type, value);
        }
    }

    /** Removes the value. */
    record Drop() implements Operator {
        @Override
        public String apply(PiiType type, String value) {
            return "";
        }
    }
}
