package dev.probity.core.io;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ByteDictionaryTest {
    /**
     * The short-value cache gives the codes the table gives: 5,000 distinct values of 1 to 8 bytes (far more than the
     * cache's 256 slots, so slots are shared and overwritten), values that pack to the same long but differ in length
     * (a leading NUL byte), and values of 9 or more bytes, which bypass the cache.
     */
    @Test
    void shortValueCacheAgreesWithTheTable() {
        SplittableRandom r = new SplittableRandom(5);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            byte[] v = new byte[1 + r.nextInt(8)];
            for (int j = 0; j < v.length; j++) {
                v[j] = (byte) r.nextInt(256);
            }
            values.add(v);
        }
        values.add(new byte[] {'A'});
        values.add(new byte[] {0, 'A'});
        values.add(new byte[] {0, 0, 'A'});
        values.add("nine bytes".getBytes(StandardCharsets.US_ASCII));
        ByteDictionary cached = new ByteDictionary();
        ByteDictionary plain = new ByteDictionary();
        for (int round = 0; round < 200_000; round++) {
            byte[] v = values.get(round % 7 == 0 ? values.size() - 1 - r.nextInt(4) : r.nextInt(values.size()));
            byte[] buf = new byte[v.length + 3];
            System.arraycopy(v, 0, buf, 3, v.length);
            long packed = 0;
            for (byte b : v) {
                packed = packed << 8 | (b & 0xff);
            }
            int expected = plain.intern(buf, 3, v.length);
            int got = v.length <= 8 ? cached.internShort(buf, 3, v.length, packed) : cached.intern(buf, 3, v.length);
            assertThat(got).as("round %d", round).isEqualTo(expected);
        }
        assertThat(cached.size()).isEqualTo(plain.size()).isGreaterThan(4000);
    }
}
