package dev.probity.core.io;

import dev.probity.core.frame.Frame;

/** Reads with a very small minimum chunk size, so that small test files are cut in many places. */
final class CsvReaderTestSupport {
    private CsvReaderTestSupport() {
    }

    static Frame readWithTinyChunks(byte[] bytes, int threads) {
        int saved = CsvReader.minChunkBytes;
        CsvReader.minChunkBytes = 64;
        try {
            return CsvReader.read("p.csv", bytes, ReadOptions.defaults().threads(threads), Format.CSV);
        } finally {
            CsvReader.minChunkBytes = saved;
        }
    }
}
