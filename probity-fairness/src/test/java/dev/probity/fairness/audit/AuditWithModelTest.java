package dev.probity.fairness.audit;

import dev.probity.core.InputException;
import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.ColumnType;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.model.Feature;
import dev.probity.core.model.Model;
import dev.probity.core.model.ModelInfo;
import dev.probity.core.model.Probabilities;
import dev.probity.core.model.TaskKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Auditing a model: its decisions added to the data give the audit of those decisions written out by hand. */
class AuditWithModelTest {
    /** A binary "model" that is COMPAS's own rule: high risk (class "1") when decile_score ≥ 5, with score decile/10. */
    static final Model DECILE = new Model() {
        @Override
        public ModelInfo info() {
            return new ModelInfo("rule", List.of(new Feature("decile_score", ColumnType.DOUBLE)), "two_year_recid", List.of("0", "1"),
                    TaskKind.BINARY, Map.of());
        }

        @Override
        public Probabilities predictProba(Frame data) {
            DoubleColumn d = data.column("decile_score") instanceof DoubleColumn c ? c : null;
            double[] p = new double[data.rowCount()];
            for (int i = 0; i < p.length; i++) {
                double v = d != null ? d.get(i) instanceof Double x ? x : Double.NaN : ((Number) data.column("decile_score").get(i)).doubleValue();
                p[i] = v >= 5 ? 0.5 + v / 100 : v / 10;
            }
            return Probabilities.binary(p);
        }
    };

    @Test
    void theModelsDecisionsAuditAsTheHandWrittenRuleDoes() {
        Frame compas = Datasets.load("compas");
        AuditResult byHand = Audit.run(compas, AuditSpec.builder().label("two_year_recid").prediction("decile_score >= 5")
                .protectedAttributes("race").build());
        Frame scored = Audit.withModel(compas, DECILE);
        assertThat(scored.columnNames()).endsWith(Audit.MODEL_PREDICTION, Audit.MODEL_SCORE);
        AuditResult byModel = Audit.run(scored, AuditSpec.builder().label("two_year_recid").prediction(Audit.MODEL_PREDICTION)
                .predictionPositive("1").protectedAttributes("race").build());
        assertThat(byModel.attributes().get(0).groups()).hasSameSizeAs(byHand.attributes().get(0).groups());
        for (int g = 0; g < byHand.attributes().get(0).groups().size(); g++) {
            var a = byHand.attributes().get(0).groups().get(g);
            var b = byModel.attributes().get(0).groups().get(g);
            assertThat(b.name()).isEqualTo(a.name());
            assertThat(b.counts()).isEqualTo(a.counts());
        }
    }

    @Test
    void aClashingColumnOrARegressorIsRefused() {
        Frame f = Frame.of(DoubleColumn.of("decile_score", 1, 7), DoubleColumn.of(Audit.MODEL_SCORE, 0, 1));
        assertThatThrownBy(() -> Audit.withModel(f, DECILE)).isInstanceOf(InputException.class).hasMessageContaining("already has a column 'model_score'");
        Model regressor = new Model() {
            @Override
            public ModelInfo info() {
                return new ModelInfo("linear", List.of(), "y", List.of(), TaskKind.REGRESSION, Map.of());
            }

            @Override
            public Probabilities predictProba(Frame data) {
                throw new UnsupportedOperationException("a regressor has no class probabilities (the Model contract)");
            }
        };
        assertThatThrownBy(() -> Audit.withModel(Frame.of(DoubleColumn.of("x", 1)), regressor)).hasMessageContaining("is a regressor");
    }
}
