package dev.probity.privacy.anonymize;

import dev.probity.core.frame.Frame;
import dev.probity.privacy.anonymize.risk.ReidentificationRisk;
import dev.probity.privacy.anonymize.risk.RiskReport;
import dev.probity.privacy.anonymize.risk.RiskSettings;

import java.util.List;
import java.util.Map;

/**
 * Local recoding as a workflow: the release of {@link Microaggregation#mdav MDAV} or {@link Mondrian} with its
 * information loss, and the re-identification risk of the data before and of the release after, measured alike — what
 * a data owner reads to decide whether the release may go out.
 */
public final class LocalRecoding {
    private LocalRecoding() {
    }

    /**
     * A local recoding and its risk.
     *
     * @param release the recoded data
     * @param classes equivalence classes (MDAV's groups, Mondrian's parts)
     * @param measure the information-loss measure ({@code SSE/SST} for MDAV, the normalized certainty penalty for Mondrian)
     * @param loss    its value
     * @param before  the re-identification risk of the data
     * @param after   the re-identification risk of the release
     */
    public record Result(Frame release, int classes, String measure, double loss, RiskReport before, RiskReport after) {
    }

    /** MDAV microaggregation of the numeric quasi-identifiers into groups of at least {@code k}. */
    public static Result mdav(Frame data, List<String> quasiIdentifiers, int k, RiskSettings risk) {
        Microaggregation.Result r = Microaggregation.mdav(data, quasiIdentifiers, k);
        return new Result(r.output(), r.groups(), "SSE/SST", r.informationLoss(), ReidentificationRisk.of(data, quasiIdentifiers, risk),
                ReidentificationRisk.of(r.output(), quasiIdentifiers, risk));
    }

    /** Mondrian's multidimensional local recoding under {@code models}, text quasi-identifiers generalized by their hierarchies. */
    public static Result mondrian(Frame data, List<String> quasiIdentifiers, Map<String, Hierarchy> hierarchies, List<PrivacyModel> models,
                                  RiskSettings risk) {
        Mondrian.Result r = Mondrian.anonymize(data, quasiIdentifiers, hierarchies, models);
        return new Result(r.output(), r.parts(), "normalized certainty penalty", r.ncp(), ReidentificationRisk.of(data, quasiIdentifiers, risk),
                ReidentificationRisk.of(r.output(), quasiIdentifiers, risk));
    }
}
