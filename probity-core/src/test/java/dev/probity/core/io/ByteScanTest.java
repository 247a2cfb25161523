package dev.probity.core.io;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The word-at-a-time scans give what the obvious byte-at-a-time loops give, at every alignment and limit. */
class ByteScanTest {
    /** The definition, one byte at a time. */
    static int recordEndByBytes(byte[] d, int from, int to, byte quote, int[] lines, int maxFeeds) {
        boolean odd = false;
        int feeds = 0;
        int cut = from;
        int cutFeeds = 0;
        for (int i = from; i < to; i++) {
            if (d[i] == quote) {
                odd = !odd;
            } else if (d[i] == '\n') {
                feeds++;
                if (!odd) {
                    cut = i + 1;
                    cutFeeds = feeds;
                    if (feeds >= maxFeeds) {
                        break;
                    }
                }
            }
        }
        lines[0] = cutFeeds;
        return cut;
    }

    @Test
    void randomTextAtEveryAlignmentAndLimit() {
        Random rnd = new Random(42);
        byte[][] alphabets = {
            {'a', ',', '"', '\n'},
            {'a', 'b', 'c', ',', '\n'},        // no quotes: the fast path throughout
            {'x', 'y', 'z', '"', '\n', '\r', (byte) 0xC3, (byte) 0x8A, 0, 0x0B, '#', '&'}, // 0x0B, '#', '&': one above a line feed or a quote
        };
        for (int t = 0; t < 3000; t++) {
            byte[] alphabet = alphabets[t % alphabets.length];
            byte[] d = new byte[rnd.nextInt(200)];
            int sparse = 1 + rnd.nextInt(12); // mostly letters, some structure
            for (int i = 0; i < d.length; i++) {
                d[i] = rnd.nextInt(sparse) == 0 ? alphabet[rnd.nextInt(alphabet.length)] : (byte) 'q';
            }
            int from = d.length == 0 ? 0 : rnd.nextInt(d.length);
            int to = from + rnd.nextInt(d.length - from + 1);
            byte quote = t % 7 == 0 ? (byte) '\'' : (byte) '"';
            int maxFeeds = rnd.nextInt(4) == 0 ? Integer.MAX_VALUE : 1 + rnd.nextInt(12);
            int[] want = new int[1];
            int[] got = new int[1];
            int expected = recordEndByBytes(d, from, to, quote, want, maxFeeds);
            assertThat(ByteScan.recordEnd(d, from, to, quote, got, maxFeeds)).as("case %d", t).isEqualTo(expected);
            assertThat(got[0]).as("case %d: line feeds before the end", t).isEqualTo(want[0]);
            int q = 0;
            int n = 0;
            for (int i = from; i < to; i++) {
                q += d[i] == quote ? 1 : 0;
                n += d[i] == '\n' ? 1 : 0;
            }
            assertThat(ByteScan.quotesAndFeeds(d, from, to, quote)).as("case %d", t).isEqualTo((long) q << 32 | n);
            assertThat(ByteScan.newlines(d, from, to)).as("case %d", t).isEqualTo(n);
        }
    }

    @Test
    void theNoLimitCutIsTheLastRecordEndAsTheReaderAlwaysCut() {
        byte[] d = "a,b\n\"x\ny\",2\n3,\"open\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] lines = new int[1];
        // the last line feed is inside an open quote, and so is the one inside "x\ny": the cut is after ",2\n"
        int cut = ByteScan.recordEnd(d, 0, d.length, (byte) '"', lines, Integer.MAX_VALUE);
        assertThat(new String(d, 0, cut, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("a,b\n\"x\ny\",2\n");
        assertThat(lines[0]).isEqualTo(3);
        assertThat(ByteScan.quotesAndFeeds(d, 0, d.length, (byte) '\n')).as("a line feed as the quote counts as a quote")
                .isEqualTo(4L << 32);
    }
}
