package dev.probity.privacy.anonymize;

import dev.probity.core.frame.Frame;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AdultBenchmarkTest {

    @Test
    void kFiveWithFivePercentSuppressionMatchesArx() {
        Path folder = AdultData.folder();
        Assumptions.assumeTrue(folder != null, "shared/data/adult-anonymization is absent");
        Frame data = AdultData.data(folder);
        AnonymizationSpec spec = new AnonymizationSpec(AdultData.QI, AdultData.hierarchies(folder, AdultData.QI),
                List.of(new PrivacyModel.KAnonymity(5)), 0.05);
        Anonymization a = Anonymizer.anonymize(data, spec);
        System.out.println(a.transformation() + " suppressed " + a.suppressed() + " loss " + a.after().loss()
                + " arith " + a.after().lossArithmeticMean() + " " + a.search());
        Engine e = new Engine(data, spec);
        Engine.Result brute = Search.bruteForce(e);
        System.out.println(java.util.Arrays.toString(brute.node) + " " + brute.loss + " " + brute.suppressed);
        assertEquals(1458, a.suppressed());
        assertEquals(0.252, a.after().loss(), 0.0005);
    }
}
