package dev.probity.checks.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.io.CsvReader;
import dev.probity.core.io.Format;
import dev.probity.core.io.ReadOptions;


/**
 * The CSV reader meets any bytes with a frame or a clear error ({@link InputException}), never another exception.
 * In a normal build each runs on its seed inputs ({@code CsvFuzzTestInputs/}); {@code JAZZER_FUZZ=1} fuzzes
 * (see DEVELOPERS.md, "Fuzzing").
 */
class CsvFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void csv(FuzzedDataProvider data) {
        ReadOptions o = ReadOptions.defaults().threads(1 + data.consumeInt(0, 2)).header(data.consumeBoolean())
                .trim(data.consumeBoolean()).skipLines(data.consumeInt(0, 3));
        if (data.consumeBoolean()) {
            o.delimiter(data.pickValue(new Character[] {',', ';', '\t', '|'}));
        }
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            Frame f = CsvReader.read("fuzz.csv", bytes, o, Format.CSV);
            check(f);
        } catch (InputException e) {
            message(e);
        }
    }

    /** A frame that was read can be used: every value formats, the row count matches every column. */
    static void check(Frame f) {
        for (var c : f.columns()) {
            if (c.size() != f.rowCount()) {
                throw new AssertionError("column " + c.name() + " has " + c.size() + " values for " + f.rowCount() + " rows");
            }
            for (int i = 0; i < Math.min(c.size(), 50); i++) {
                c.format(i);
            }
        }
    }

    /**
     * A clear error has a message. (Its wording cannot be checked further here: the message echoes the input, which
     * may hold any text, "{{" and "Source:" included.)
     */
    static void message(InputException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            throw new AssertionError("an error without a message", e);
        }
    }
}
