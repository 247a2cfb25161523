package dev.probity.ledger.comply;

import dev.probity.ledger.registry.EvidenceLog;

import java.time.Instant;
import java.util.List;

/**
 * A policy checked against a model version's evidence: one result per rule, each with the entries it used and their
 * inclusion proofs against one signed checkpoint.
 *
 * @param checkpoint the signed checkpoint note every proof is made against
 * @param asOf       the time "now" was taken to be (periods such as "within one year" end here; later evidence is not used)
 * @param trust      how the log was verified before it was read
 */
public record ComplianceReport(String policy, String title, String policyVersion, String scope, List<String> caveats, String model,
                               String stage, Instant asOf, String trust, String checkpoint, List<Result> results) {

    /** One rule's result. */
    public record Result(String rule, String title, String source, String url, String requirement, Verdict verdict, String detail,
                         List<EvidenceLog.Proof> evidence) {
    }

    public long count(Verdict v) {
        return results.stream().filter(r -> r.verdict() == v).count();
    }

    /** Whether every rule passed (a rule without evidence is not a pass). */
    public boolean passed() {
        return count(Verdict.PASS) == results.size();
    }
}
