package dev.probity.core.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Scans of CSV text for line feeds and quotes, eight bytes at a time: each word is tested for the two bytes with
 * arithmetic on a {@code long} (no branch per byte), and only a word that holds a quote, or the line feed where a scan
 * stops, is looked at byte by byte. The chunked reader cuts every chunk with {@link #recordEnd} on one thread while the
 * parser's threads wait, so its speed bounds how far reading scales with cores.
 */
final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long FEEDS = '\n' * ONES;

    private ByteScan() {
    }

    /** The high bit of each byte of {@code x} that is zero, and no other bit (exact: no borrow between bytes). */
    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /**
     * The end of a run of whole records in {@code d[from, to)}, {@code from} being a record's start: just after the first
     * line feed that ends a record (one with an even number of quotes before it since {@code from}) and is at least the
     * {@code maxFeeds}-th line feed, or else after the last line feed that ends a record; {@code from} when none does.
     * {@code lines[0]} receives the line feeds before the end.
     */
    static int recordEnd(byte[] d, int from, int to, byte quote, int[] lines, int maxFeeds) {
        final long quotes = (quote & 0xFFL) * ONES;
        int odd = 0;
        int feeds = 0;
        int cut = from;
        int cutFeeds = 0;
        int i = from;
        final int lastWord = to - 8;
        while (i < to) {
            if (i <= lastWord) {
                long w = (long) LONGS.get(d, i);
                long nl = zeroBytes(w ^ FEEDS);
                long q = zeroBytes(w ^ quotes);
                if (q == 0) {
                    int n = Long.bitCount(nl);
                    if (odd == 1 || n == 0) {
                        feeds += n; // none, or inside a quoted field, where line feeds end no record
                        i += 8;
                        continue;
                    }
                    if (feeds + n < maxFeeds) {
                        feeds += n;
                        cut = i + 8 - (Long.numberOfLeadingZeros(nl) >>> 3);
                        cutFeeds = feeds;
                        i += 8;
                        continue;
                    }
                }
            }
            // a quote in the word, the limit within it, or the last bytes: byte by byte
            for (int e = Math.min(i + 8, to); i < e; i++) {
                byte b = d[i];
                if (b == quote) {
                    odd ^= 1;
                } else if (b == '\n') {
                    feeds++;
                    if (odd == 0) {
                        cut = i + 1;
                        cutFeeds = feeds;
                        if (feeds >= maxFeeds) {
                            lines[0] = cutFeeds;
                            return cut;
                        }
                    }
                }
            }
        }
        lines[0] = cutFeeds;
        return cut;
    }

    /** The quotes ({@code quote}) and line feeds in {@code d[from, to)}: quotes in the high 32 bits, line feeds in the low. */
    static long quotesAndFeeds(byte[] d, int from, int to, byte quote) {
        final long quotes = (quote & 0xFFL) * ONES;
        long q = 0;
        long n = 0;
        int i = from;
        // (a line feed as the quote character counts as a quote only, byte by byte)
        for (final int lastWord = quote == '\n' ? from - 1 : to - 8; i <= lastWord; i += 8) {
            long w = (long) LONGS.get(d, i);
            n += Long.bitCount(zeroBytes(w ^ FEEDS));
            q += Long.bitCount(zeroBytes(w ^ quotes));
        }
        for (; i < to; i++) {
            if (d[i] == quote) {
                q++;
            } else if (d[i] == '\n') {
                n++;
            }
        }
        return q << 32 | n;
    }

    /** The line feeds in {@code d[from, to)}. */
    static int newlines(byte[] d, int from, int to) {
        int n = 0;
        int i = from;
        for (final int lastWord = to - 8; i <= lastWord; i += 8) {
            n += Long.bitCount(zeroBytes((long) LONGS.get(d, i) ^ FEEDS));
        }
        for (; i < to; i++) {
            if (d[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
