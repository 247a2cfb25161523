package dev.probity.privacy.anonymize;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Assigns dense group ids to rows of small integer codes (one code per dimension): packs them into a long and
 * looks them up in an open-addressing table when they fit in 62 bits, and falls back to a hash map otherwise.
 * Reusable: {@link #reset} between groupings.
 */
final class Grouper {
    private final int[] shifts;
    private final boolean packed;
    private long[] keys;
    private int[] ids;
    private int mask;
    private int size;
    private final Map<Key, Integer> slow;

    private record Key(int[] codes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(codes, k.codes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(codes);
        }
    }

    /** @param cardinalities an upper bound (exclusive) on the codes of each dimension */
    Grouper(int[] cardinalities, int expected) {
        shifts = new int[cardinalities.length];
        int bits = 0;
        for (int d = 0; d < cardinalities.length; d++) {
            shifts[d] = bits;
            bits += 32 - Integer.numberOfLeadingZeros(Math.max(1, cardinalities[d] - 1));
        }
        packed = bits <= 62;
        slow = packed ? null : new HashMap<>();
        int cap = Integer.highestOneBit(Math.max(16, expected * 2)) * 2;
        keys = new long[cap];
        ids = new int[cap];
        mask = cap - 1;
        Arrays.fill(keys, -1L);
    }

    void reset() {
        if (packed) {
            if (size > 0) {
                Arrays.fill(keys, -1L);
            }
        } else {
            slow.clear();
        }
        size = 0;
    }

    int size() {
        return size;
    }

    /** The id of the combination {@code codes}, a new one (= the count so far) when unseen. */
    int id(int[] codes) {
        if (!packed) {
            Integer id = slow.putIfAbsent(new Key(codes.clone()), size);
            if (id == null) {
                return size++;
            }
            return id;
        }
        long key = 0;
        for (int d = 0; d < codes.length; d++) {
            key |= ((long) codes[d]) << shifts[d];
        }
        return idOf(key);
    }

    private int idOf(long key) {
        int slot = (int) mix(key) & mask;
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return ids[slot];
            }
            if (k == -1L) {
                keys[slot] = key;
                ids[slot] = size;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return size - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new long[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        Arrays.fill(keys, -1L);
        mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1L) {
                int slot = (int) mix(oldKeys[i]) & mask;
                while (keys[slot] != -1L) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                ids[slot] = oldIds[i];
            }
        }
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
