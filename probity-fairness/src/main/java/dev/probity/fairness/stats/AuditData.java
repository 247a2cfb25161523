package dev.probity.fairness.stats;

import dev.probity.core.model.TaskKind;
import java.util.List;

/**
 * Rows ready for the statistics pass: each row's cell (its combination of protected-attribute values) and
 * its outputs as primitive arrays. Built from a frame by the audit's role resolution; tests and benchmarks
 * may build it directly.
 *
 * @param attributes protected attribute names
 * @param cellKeys the values of each cell, one list per cell code
 * @param cell each row's cell code
 * @param kind the task
 * @param label binary label (0/1) per row, for binary tasks
 * @param prediction binary prediction (0/1) per row, for binary tasks
 * @param score score per row, or null
 * @param weight row weights, or null
 * @param labelClass, predictionClass class indices for multiclass tasks
 * @param classes class names for multiclass tasks
 * @param labelValue, predictionValue numeric outputs for regression
 */
public record AuditData(List<String> attributes, List<List<String>> cellKeys, int[] cell, TaskKind kind,
                        byte[] label, byte[] prediction, double[] score, double[] weight,
                        int[] labelClass, int[] predictionClass, List<String> classes,
                        double[] labelValue, double[] predictionValue) {

    public int rows() {
        return cell.length;
    }

    /** Binary data without scores or weights: the common case and the benchmark's. */
    public static AuditData binary(List<String> attributes, List<List<String>> cellKeys, int[] cell, byte[] label,
                                   byte[] prediction) {
        return new AuditData(attributes, cellKeys, cell, TaskKind.BINARY, label, prediction, null, null, null, null,
                null, null, null);
    }
}
