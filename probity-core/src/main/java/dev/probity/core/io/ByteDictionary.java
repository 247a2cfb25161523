package dev.probity.core.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns byte strings to dense int codes in order of first appearance, without allocating per lookup:
 * an open-addressing hash table over an arena of the distinct values' bytes. Used by the CSV parser to
 * dictionary-encode text columns straight from the input buffer.
 */
final class ByteDictionary {
    private byte[] arena = new byte[1024];
    private int arenaSize;
    private int[] offsets = new int[64];
    private int[] lengths = new int[64];
    private int[] hashes = new int[64];
    private int size;
    private int[] table = new int[128]; // code + 1, 0 = empty
    private int mask = 127;

    /**
     * A direct-mapped cache in front of the table for values of at most 8 bytes, keyed by the bytes packed into a long
     * (with the length, since packing drops leading zero bytes): a category column's few values are found with one
     * multiply and two compares, without hashing or comparing bytes.
     */
    private final long[] shortKey = new long[256];
    private final int[] shortLength = new int[256];
    private final int[] shortCode = new int[256];

    int size() {
        return size;
    }

    static int hash(byte[] b, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off, e = off + len; i < e; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    /** The code of {@code b[off, off+len)}, adding it when new. */
    int intern(byte[] b, int off, int len) {
        return intern(b, off, len, hash(b, off, len));
    }

    /**
     * As {@link #intern(byte[], int, int)} for a value of at most 8 bytes whose bytes, big-endian, are {@code packed}.
     */
    int internShort(byte[] b, int off, int len, long packed) {
        int slot = (int) ((packed + len) * 0x9E3779B97F4A7C15L >>> 56);
        if (shortKey[slot] == packed && shortLength[slot] == len) {
            return shortCode[slot];
        }
        int c = intern(b, off, len);
        shortKey[slot] = packed;
        shortLength[slot] = len;
        shortCode[slot] = c;
        return c;
    }

    /** As {@link #intern(byte[], int, int)}, with {@code h == hash(b, off, len)} computed by the caller. */
    int intern(byte[] b, int off, int len, int h) {
        int slot = h & mask;
        while (true) {
            int t = table[slot];
            if (t == 0) {
                return add(b, off, len, h, slot);
            }
            int c = t - 1;
            if (hashes[c] == h && lengths[c] == len && same(b, off, len, offsets[c])) {
                return c;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean same(byte[] b, int off, int len, int at) {
        if (len <= 16) {
            // Short values (categories) compare faster byte by byte than through the general mismatch routine.
            for (int i = 0; i < len; i++) {
                if (arena[at + i] != b[off + i]) {
                    return false;
                }
            }
            return true;
        }
        return Arrays.equals(arena, at, at + len, b, off, off + len);
    }

    private int add(byte[] b, int off, int len, int h, int slot) {
        if (arenaSize + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + len));
        }
        System.arraycopy(b, off, arena, arenaSize, len);
        if (size == offsets.length) {
            offsets = Arrays.copyOf(offsets, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        int c = size++;
        offsets[c] = arenaSize;
        lengths[c] = len;
        hashes[c] = h;
        arenaSize += len;
        table[slot] = c + 1;
        if (size * 2 > table.length) {
            rehash();
        }
        return c;
    }

    private void rehash() {
        int[] t = new int[table.length * 2];
        int m = t.length - 1;
        for (int c = 0; c < size; c++) {
            int s = hashes[c] & m;
            while (t[s] != 0) {
                s = (s + 1) & m;
            }
            t[s] = c + 1;
        }
        table = t;
        mask = m;
    }

    String value(int code) {
        return new String(arena, offsets[code], lengths[code], StandardCharsets.UTF_8);
    }

    boolean isValidUtf8(int code) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(arena, offsets[code], lengths[code]));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    String[] values() {
        String[] out = new String[size];
        for (int c = 0; c < size; c++) {
            out[c] = value(c);
        }
        return out;
    }
}
