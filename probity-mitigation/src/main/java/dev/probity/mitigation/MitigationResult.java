package dev.probity.mitigation;

import dev.probity.core.model.PlainValues;
import dev.probity.core.model.Provenance;
import dev.probity.fairness.audit.AuditResult;

import java.util.Map;

/**
 * What a mitigation run found, as data: everything in {@link MitigationReport} except the models and the row-level
 * predictions — the method, its stage and constraint, both models' algorithms, the mitigated model's provenance,
 * the settings and details, the trade-off and both audits. Schema {@value #SCHEMA}; probity-report writes it and
 * reads it back to an equal value.
 *
 * @param method             the catalogue name
 * @param stage              when the method acts
 * @param constraint         the constraint whose disparity the trade-off measures
 * @param baselineAlgorithm  the baseline model's algorithm
 * @param mitigatedAlgorithm the mitigated model's algorithm
 * @param rows               evaluation rows
 * @param parameters         the method's settings (plain values)
 * @param details            what the method found while fitting (plain values)
 * @param provenance         the mitigated model's provenance
 * @param tradeoff           error and disparity of both models and of the candidates
 * @param before             the audit of the baseline's decisions
 * @param after              the audit of the mitigated model's decisions
 */
public record MitigationResult(String method, Stage stage, String constraint, String baselineAlgorithm, String mitigatedAlgorithm,
                               int rows, Map<String, Object> parameters, Map<String, Object> details, Provenance provenance,
                               MitigationReport.TradeOff tradeoff, AuditResult before, AuditResult after) {
    public static final String SCHEMA = "probity.mitigation/v1";

    public MitigationResult {
        parameters = PlainValues.map(parameters);
        details = PlainValues.map(details);
    }
}
