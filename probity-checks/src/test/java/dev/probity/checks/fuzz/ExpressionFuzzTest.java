package dev.probity.checks.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.probity.core.InputException;
import dev.probity.core.expr.Expression;
import dev.probity.core.frame.BooleanColumn;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;

/**
 * The expression language meets any text with a result or a clear error: parsing, rendering as SQL for the DuckDB
 * engine, and evaluating against a small frame of every column type.
 */
class ExpressionFuzzTest {
    static final Frame FRAME = Frame.of(LongColumn.of("age", new long[] {18, 40, 70}),
            DoubleColumn.of("score", new double[] {0.1, 0.5, Double.NaN}),
            StringColumn.of("group", new String[] {"a", "b", null}),
            BooleanColumn.of("flag", new boolean[] {true, false, true}));

    @FuzzTest(maxDuration = "20s")
    void expression(FuzzedDataProvider data) {
        boolean filter = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        try {
            Expression e = Expression.parse(text);
            e.toSql();
            if (filter) {
                e.filter(FRAME);
            } else {
                e.evaluate(FRAME, "x");
            }
        } catch (InputException e) {
            CsvFuzzTest.message(e);
        }
    }
}
