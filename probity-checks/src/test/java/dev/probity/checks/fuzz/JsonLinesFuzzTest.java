package dev.probity.checks.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.probity.core.InputException;
import dev.probity.core.io.JsonLinesReader;
import dev.probity.core.io.ReadOptions;

/** The JSON-lines reader meets any bytes with a frame or a clear error ({@link InputException}). */
class JsonLinesFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void jsonLines(byte[] bytes) {
        try {
            CsvFuzzTest.check(JsonLinesReader.read("fuzz.jsonl", bytes, ReadOptions.defaults()));
        } catch (InputException e) {
            CsvFuzzTest.message(e);
        }
    }

}
