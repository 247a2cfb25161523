package dev.probity.checks.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.probity.core.InputException;
import dev.probity.models.io.ModelFiles;

/**
 * The model-file loader meets any bytes with a model or a clear error. Seeds are real model files of several kinds
 * ({@code ModelFileFuzzTestInputs/}), so the fuzzer mutates what a damaged or hostile file would look like.
 */
class ModelFileFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void modelFile(byte[] bytes) {
        try {
            ModelFiles.fromBytes(bytes, "fuzz.json");
        } catch (InputException e) {
            CsvFuzzTest.message(e);
        }
    }
}
