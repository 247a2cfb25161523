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

    @Test
    void theWarningNamesWhatTheModelReads() {
        assertThat(ProhibitedBases.warning(List.of("income", "sex"), ProhibitedBases.REGULATION_B)).get().asString()
                .startsWith("the model reads sex: prohibited bases");
        assertThat(ProhibitedBases.warning(List.of("income"), ProhibitedBases.REGULATION_B)).isEmpty();
        assertThat(ProhibitedBases.warning(List.of("sex"), List.of())).isEmpty();
    }
}
