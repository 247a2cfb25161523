package dev.probity.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProhibitedBasesTest {
    @Test
    void derivedAndDifferentlyWrittenNamesAreCaught() {
        List<String> columns = List.of("Age", "age_group", "personal_status_sex", "Marital-Status", "native.country", "stage",
                "page_views", "usage", "income", "raceway_length", "gender_identity");
        assertThat(ProhibitedBases.among(columns, ProhibitedBases.REGULATION_B))
                .containsExactly("Age", "age_group", "personal_status_sex", "Marital-Status", "native.country", "gender_identity");
    }

    /** Issue 9 review: camel case and other usual names were missed. */
    @Test
    void camelCaseAndTheUsualSynonymsAreCaught() {
        List<String> columns = List.of("MaritalStatus", "maritalStatus", "marital", "nativeCountry", "AgeGroup", "date_of_birth",
                "dob", "birth_year", "ethnic_group", "hispanic", "foreign_worker", "personal_status", "HTTPStatus", "income");
        assertThat(ProhibitedBases.among(columns, ProhibitedBases.REGULATION_B)).containsExactly("MaritalStatus", "maritalStatus",
                "marital", "nativeCountry", "AgeGroup", "date_of_birth", "dob", "birth_year", "ethnic_group", "hispanic",
                "foreign_worker", "personal_status");
    }

    @Test
    void theWarningNamesWhatTheModelReads() {
        assertThat(ProhibitedBases.warning(List.of("income", "sex"), ProhibitedBases.REGULATION_B)).get().asString()
                .startsWith("the model reads sex: prohibited bases");
        assertThat(ProhibitedBases.warning(List.of("income"), ProhibitedBases.REGULATION_B)).isEmpty();
        assertThat(ProhibitedBases.warning(List.of("sex"), List.of())).isEmpty();
    }
}
