package dev.probity.core.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Characteristics a decision about a person may not rest on. The default list follows the prohibited bases of the
 * US Equal Credit Opportunity Act and Regulation B (12 CFR 1002.2(z), 1002.6(b)): race, color, religion, national
 * origin, sex, marital status, age, receipt of public assistance — by the column names data sets use for them
 * ({@code native_country}, {@code gender}, {@code dob}; {@code relationship}, which in census data such as Adult encodes
 * sex and marital status together; German credit's {@code personal_status} and {@code foreign_worker}). Names are
 * compared word by word after splitting camel case, so {@code MaritalStatus} and {@code AgeGroup} are caught. Age is on the list although Regulation B lets an empirically derived system use it
 * under conditions (1002.6(b)(2)); that judgement is the lender's, so Probity does not make it silently.
 *
 * <p>Explanations never give a prohibited basis as an adverse-action reason, counterfactuals never change one, and
 * training, mitigation and explanation warn when a model reads one. The list is a setting: pass another, or none.
 */
public final class ProhibitedBases {
    /** Column names (normalized: lower case, non-alphanumerics as {@code _}) of Regulation B's prohibited bases. */
    public static final List<String> REGULATION_B = List.of("race", "ethnicity", "ethnic", "ethnic_group", "hispanic", "latino",
            "color", "colour", "religion", "national_origin", "native_country", "nationality", "country_of_birth", "birthplace",
            "place_of_birth", "citizenship", "foreign_worker", "sex", "gender", "marital", "marital_status", "personal_status",
            "relationship", "age", "dob", "date_of_birth", "birth_date", "birthdate", "birth_year", "year_of_birth",
            "public_assistance", "welfare");

    private ProhibitedBases() {
    }

    /**
     * The names among {@code columns} that are, or are derived from, a name on {@code prohibited}: compared
     * normalized, word by word, so that {@code age_group}, {@code Sex} and {@code personal_status_sex} are caught
     * along with {@code age} and {@code sex}.
     */
    public static List<String> among(Collection<String> columns, Collection<String> prohibited) {
        List<String> norm = prohibited.stream().map(ProhibitedBases::normalize).filter(p -> !p.isEmpty()).toList();
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            String words = "_" + normalize(c) + "_";
            if (norm.stream().anyMatch(p -> words.contains("_" + p + "_"))) {
                out.add(c);
            }
        }
        return out;
    }

    /** The warning for a model whose features include prohibited bases, if any do. */
    public static Optional<String> warning(Collection<String> features, Collection<String> prohibited) {
        List<String> found = among(features, prohibited);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the model reads " + String.join(", ", found) + ": prohibited bases for credit decisions under "
                + "ECOA / Regulation B (12 CFR 1002.6); a decision may not rest on them, they are never given as "
                + "adverse-action reasons, and counterfactuals do not change them. Leave them out of the features, or "
                + "set the prohibited list for your domain");
    }

    /** Lower case, words joined by {@code _}: {@code MaritalStatus}, {@code marital-status} and {@code MARITAL STATUS} all read marital_status. */
    static String normalize(String s) {
        String words = s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2");
        return words.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
