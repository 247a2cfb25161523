package dev.probity.report.csv;

import dev.probity.core.InputException;
import dev.probity.explain.ExplainResult;
import dev.probity.explain.shap.Explanation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Explanations as one tidy CSV table (RFC 4180), written row by row: {@code row, feature, with, value, contribution}.
 * Each explained row gives a line for its base value ({@code feature = (base)}), one per feature with the feature's
 * value and contribution, and one for the prediction ({@code (prediction)}); with interaction values, one line per
 * ordered pair of features with {@code with} naming the second and {@code contribution} holding Φᵢⱼ (the pair's main
 * effect when both are the same feature). The same for every method, so that LIME's conditions, feature groups and
 * one-hot features all fit; pandas, R and DuckDB read it as it is.
 */
public final class ExplainCsv {
    private ExplainCsv() {
    }

    public static void write(ExplainResult r, OutputStream out) throws IOException {
        if (r.global() != null) {
            throw new InputException("the global view has no per-row contributions to write as CSV; use the JSON output");
        }
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write("row,feature,with,value,contribution\n");
        for (ExplainResult.Row row : r.rows()) {
            Explanation e = row.explanation();
            if (e == null) {
                throw new InputException(r.method() + " gives no contributions to write as CSV (counterfactuals are in the JSON output)");
            }
            line(w, row.row(), "(base)", "", "", e.base());
            for (int j = 0; j < e.features().size(); j++) {
                line(w, row.row(), e.features().get(j), "", e.featureValues().get(j), e.values()[j]);
            }
            line(w, row.row(), "(prediction)", "", "", e.prediction());
            double[][] m = row.interactions();
            if (m != null) {
                for (int i = 0; i < m.length; i++) {
                    for (int j = 0; j < m.length; j++) {
                        line(w, row.row(), e.features().get(i), e.features().get(j), "", m[i][j]);
                    }
                }
            }
        }
        w.flush();
    }

    private static void line(Writer w, int row, String feature, String with, String value, double contribution) throws IOException {
        w.write(Integer.toString(row));
        w.write(',');
        w.write(field(feature));
        w.write(',');
        w.write(field(with));
        w.write(',');
        w.write(field(value));
        w.write(',');
        w.write(Double.isFinite(contribution) ? Double.toString(contribution) : "");
        w.write('\n');
    }

    static String field(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
