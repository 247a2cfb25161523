package dev.probity.privacy.anonymize;

import dev.probity.core.frame.Frame;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

class TimingProbeTest {
    @Test
    void probe() {
        Path folder = AdultData.folder();
        Assumptions.assumeTrue(folder != null);
        Frame data = AdultData.data(folder);
        AnonymizationSpec spec = new AnonymizationSpec(AdultData.QI, AdultData.hierarchies(folder, AdultData.QI),
                List.of(new PrivacyModel.KAnonymity(5)), 0.05);
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            Engine e = new Engine(data, spec);
            long t1 = System.nanoTime();
            Search s = new Search(e);
            Engine.Result r = s.run();
            long t2 = System.nanoTime();
            System.out.printf("encode %.1f ms search %.1f ms checked %d anon %d loss %.6f%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, s.checked, s.anonymousChecked, r.loss);
        }
    }
}
