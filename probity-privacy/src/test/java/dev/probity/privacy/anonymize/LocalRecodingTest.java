package dev.probity.privacy.anonymize;

import dev.probity.core.frame.Frame;
import dev.probity.core.io.DataReader;
import dev.probity.core.io.ReadOptions;
import dev.probity.privacy.anonymize.risk.RiskSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Local recoding as a workflow: the release and its loss as MDAV and Mondrian give them, the risk before and after. */
class LocalRecodingTest {
    static final Frame PATIENTS = DataReader.read(Path.of("..", "data", "anonymization", "patients.csv"), ReadOptions.defaults());

    @Test
    void mdavReleasesGroupsOfAtLeastKAndTheProsecutorRiskFallsToOneInK() {
        LocalRecoding.Result r = LocalRecoding.mdav(PATIENTS, List.of("age", "zip"), 5, RiskSettings.defaults());
        Microaggregation.Result direct = Microaggregation.mdav(PATIENTS, List.of("age", "zip"), 5);
        assertThat(r.classes()).isEqualTo(direct.groups());
        assertThat(r.loss()).isEqualTo(direct.informationLoss());
        assertThat(r.measure()).isEqualTo("SSE/SST");
        assertThat(r.before().rows()).isEqualTo(PATIENTS.rowCount());
        assertThat(r.after().prosecutor().highest()).isLessThanOrEqualTo(1.0 / 5);
        assertThat(r.before().prosecutor().highest()).isGreaterThan(r.after().prosecutor().highest());
    }

    @Test
    void mondrianUnderKAnonymityMeetsK() {
        LocalRecoding.Result r = LocalRecoding.mondrian(PATIENTS, List.of("age", "zip"), Map.of(), List.of(new PrivacyModel.KAnonymity(4)),
                RiskSettings.defaults());
        assertThat(r.measure()).isEqualTo("normalized certainty penalty");
        assertThat(r.after().prosecutor().highest()).isLessThanOrEqualTo(1.0 / 4);
        assertThat(r.release().rowCount()).isEqualTo(PATIENTS.rowCount());
        assertThat(r.loss()).isBetween(0.0, 1.0);
    }
}
