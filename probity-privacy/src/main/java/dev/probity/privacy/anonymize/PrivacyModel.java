package dev.probity.privacy.anonymize;

import dev.probity.core.InputException;

import java.util.Objects;

/**
 * A privacy model that every released equivalence class (the records sharing one combination of generalized
 * quasi-identifier values) must satisfy; a class that does not is suppressed, within the suppression limit.
 */
public sealed interface PrivacyModel {

    /**
     * k-anonymity (Sweeney 2002): every class holds at least {@code k} records, so a person known to be in the
     * data matches at least k records on the quasi-identifiers.
     */
    record KAnonymity(int k) implements PrivacyModel {
        public KAnonymity {
            if (k < 1) {
                throw new InputException("k-anonymity needs k ≥ 1; got " + k);
            }
        }
    }

    /** The three variants of ℓ-diversity of Machanavajjhala et al. (2007). */
    enum Diversity {
        /** at least ℓ distinct sensitive values in every class */
        DISTINCT,
        /** the entropy of the sensitive values in every class is at least log ℓ */
        ENTROPY,
        /** recursive (c, ℓ): the most frequent value occurs fewer than c times the sum of all but the ℓ−1 most frequent */
        RECURSIVE
    }

    /**
     * ℓ-diversity of a sensitive attribute.
     *
     * @param attribute the sensitive column
     * @param variant   distinct, entropy or recursive
     * @param l         ℓ ≥ 1 (an integer for distinct and recursive; entropy accepts any real ≥ 1)
     * @param c         c of recursive (c, ℓ)-diversity, positive; ignored by the other variants
     */
    record LDiversity(String attribute, Diversity variant, double l, double c) implements PrivacyModel {
        public LDiversity {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(variant, "variant");
            if (!(l >= 1) || !Double.isFinite(l)) {
                throw new InputException("ℓ-diversity of '" + attribute + "' needs ℓ ≥ 1; got " + l);
            }
            if (variant != Diversity.ENTROPY && l != Math.rint(l)) {
                throw new InputException(variant.name().toLowerCase() + " ℓ-diversity of '" + attribute
                        + "' needs a whole ℓ; got " + l);
            }
            if (variant == Diversity.RECURSIVE && (!(c > 0) || !Double.isFinite(c))) {
                throw new InputException("recursive (c, ℓ)-diversity of '" + attribute + "' needs c > 0; got " + c);
            }
        }

        public static LDiversity distinct(String attribute, int l) {
            return new LDiversity(attribute, Diversity.DISTINCT, l, 0);
        }

        public static LDiversity entropy(String attribute, double l) {
            return new LDiversity(attribute, Diversity.ENTROPY, l, 0);
        }

        public static LDiversity recursive(String attribute, double c, int l) {
            return new LDiversity(attribute, Diversity.RECURSIVE, l, c);
        }
    }

    /** The ground distance of t-closeness's earth mover's distance (Li, Li and Venkatasubramanian 2007). */
    enum Distance {
        /** every two distinct values are at distance 1: EMD = ½ Σ |p − q| */
        EQUAL,
        /** values ordered (numerically when all are numbers, else by text); distance |i − j| / (m − 1) */
        ORDERED,
        /** distance = height of the lowest common ancestor in the sensitive attribute's hierarchy / its height */
        HIERARCHICAL
    }

    /**
     * t-closeness: in every class the distribution of the sensitive attribute is within earth mover's distance
     * {@code t} of its distribution in the whole table.
     *
     * @param hierarchy the sensitive attribute's hierarchy, required for {@link Distance#HIERARCHICAL}, else null
     */
    record TCloseness(String attribute, Distance distance, double t, Hierarchy hierarchy) implements PrivacyModel {
        public TCloseness {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(distance, "distance");
            if (!(t >= 0 && t <= 1)) {
                throw new InputException("t-closeness of '" + attribute + "' needs t in [0, 1]; got " + t);
            }
            if ((distance == Distance.HIERARCHICAL) != (hierarchy != null)) {
                throw new InputException("t-closeness of '" + attribute + "' with the "
                        + distance.name().toLowerCase() + " distance "
                        + (hierarchy == null ? "needs the attribute's hierarchy" : "takes no hierarchy"));
            }
        }

        public static TCloseness equal(String attribute, double t) {
            return new TCloseness(attribute, Distance.EQUAL, t, null);
        }

        public static TCloseness ordered(String attribute, double t) {
            return new TCloseness(attribute, Distance.ORDERED, t, null);
        }

        public static TCloseness hierarchical(String attribute, double t, Hierarchy hierarchy) {
            return new TCloseness(attribute, Distance.HIERARCHICAL, t, hierarchy);
        }
    }
}
