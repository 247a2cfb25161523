package dev.probity.bench;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticTableTest {
    /** The generator reproduces the published table byte for byte (sha256 of the 60,000,020-byte CSV). */
    @Test
    void generatorMatchesThePublishedChecksum() throws Exception {
        long[] bytes = {0};
        String sha = SyntheticTable.writeCsv(SyntheticTable.ROWS, SyntheticTable.SEED, new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        });
        assertThat(bytes[0]).isEqualTo(60_000_020L);
        assertThat(sha).isEqualTo(SyntheticTable.SHA256_10M);
    }
}
