package dev.probity.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 / RFC 9162 §2.1 over SHA-256: a leaf hashes as SHA-256(0x00 ‖ data), a node as
 * SHA-256(0x01 ‖ left ‖ right); the tree of n leaves splits at the largest power of two below n; the empty tree's hash
 * is SHA-256 of nothing. Proofs are verified as RFC 9162 §2.1.3.2 and §2.1.4.2 say, with these choices for the cases
 * outside the RFC's algorithm: a consistency proof between equal sizes is empty and needs equal roots; one from the empty
 * tree is refused (it proves nothing, as transparency-dev's current verifier holds).
 */
public final class Merkle {
    public static final int HASH_BYTES = 32;
    /** SHA-256 of the empty string: the root of the empty tree. */
    public static final byte[] EMPTY_ROOT = sha256(new byte[0]);

    private Merkle() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    static byte[] sha256(byte[] b) {
        return digest().digest(b);
    }

    /** One digest per thread: {@code MessageDigest.getInstance} costs more than hashing a small entry. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Merkle::digest);

    public static byte[] leafHash(byte[] data) {
        MessageDigest d = DIGEST.get();
        d.reset();
        d.update((byte) 0);
        d.update(data);
        return d.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = DIGEST.get();
        d.reset();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** The largest power of two strictly below n (n ≥ 2). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** Where the hashes of a tree's leaves come from. */
    public interface Leaves {
        byte[] leafHash(long index);

        /**
         * The hash of the perfect subtree of 2^level leaves starting at {@code start} (a multiple of 2^level), or null
         * when not stored; the default computes it.
         */
        default byte[] perfect(long start, int level) {
            return null;
        }
    }

    /** MTH(D[from:to]) for leaves given by their hashes. */
    public static byte[] root(Leaves leaves, long from, long to) {
        long n = to - from;
        if (n == 0) {
            return EMPTY_ROOT.clone();
        }
        if (n == 1) {
            return leaves.leafHash(from);
        }
        if (Long.bitCount(n) == 1 && from % n == 0) {
            byte[] stored = leaves.perfect(from, Long.numberOfTrailingZeros(n));
            if (stored != null) {
                return stored;
            }
        }
        long k = split(n);
        return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** The root of a list of leaf hashes, in one pass with a stack of perfect subtrees (O(log n) memory). */
    public static byte[] root(List<byte[]> leafHashes) {
        Stack s = new Stack();
        for (byte[] h : leafHashes) {
            s.push(h);
        }
        return s.root();
    }

    /** Perfect subtrees of the leaves pushed so far, merged like a binary counter: the root of any prefix in O(log n). */
    public static final class Stack {
        private final List<byte[]> hashes = new ArrayList<>();
        private final List<Long> sizes = new ArrayList<>();
        private long count;

        public void push(byte[] leafHash) {
            byte[] h = leafHash;
            long size = 1;
            while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == size) {
                h = nodeHash(hashes.remove(hashes.size() - 1), h);
                sizes.remove(sizes.size() - 1);
                size *= 2;
            }
            hashes.add(h);
            sizes.add(size);
            count++;
        }

        public long size() {
            return count;
        }

        /** MTH of everything pushed: the perfect subtrees folded from the right. */
        public byte[] root() {
            if (hashes.isEmpty()) {
                return EMPTY_ROOT.clone();
            }
            byte[] acc = hashes.get(hashes.size() - 1);
            for (int i = hashes.size() - 2; i >= 0; i--) {
                acc = nodeHash(hashes.get(i), acc);
            }
            return acc;
        }
    }

    /** PATH(m, D[n]) (RFC 9162 §2.1.3.1), siblings from the leaf up. */
    public static List<byte[]> inclusionProof(Leaves leaves, long index, long size) {
        if (size <= 0 || index < 0 || index >= size) {
            throw new IllegalArgumentException("no inclusion proof for index " + index + " in a tree of size " + size);
        }
        List<byte[]> out = new ArrayList<>();
        path(leaves, index, 0, size, out);
        return out;
    }

    private static void path(Leaves leaves, long m, long from, long to, List<byte[]> out) {
        long n = to - from;
        if (n <= 1) {
            return;
        }
        long k = split(n);
        if (m < k) {
            path(leaves, m, from, from + k, out);
            out.add(root(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /** PROOF(m, D[n]) (RFC 9162 §2.1.4.1) for 0 &lt; m ≤ n; empty when m = n. */
    public static List<byte[]> consistencyProof(Leaves leaves, long m, long n) {
        if (m <= 0 || m > n) {
            throw new IllegalArgumentException("no consistency proof from size " + m + " to size " + n);
        }
        List<byte[]> out = new ArrayList<>();
        if (m < n) {
            subproof(leaves, m, 0, n, true, out);
        }
        return out;
    }

    private static void subproof(Leaves leaves, long m, long from, long to, boolean whole, List<byte[]> out) {
        long n = to - from;
        if (m == n) {
            if (!whole) {
                out.add(root(leaves, from, to));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(leaves, m, from, from + k, whole, out);
            out.add(root(leaves, from + k, to));
        } else {
            subproof(leaves, m - k, from + k, to, false, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /** RFC 9162 §2.1.3.2: whether {@code proof} shows the leaf hash at {@code index} in the tree of {@code size} with {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || size <= 0 || index >= size || !isHash(leafHash) || !isHash(root)) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (!isHash(p) || sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** RFC 9162 §2.1.4.2, with equal sizes (empty proof, equal roots) allowed and the empty tree refused. */
    public static boolean verifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> proof) {
        if (first <= 0 || first > second || !isHash(firstHash) || !isHash(secondHash)) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstHash, secondHash);
        }
        if (proof.isEmpty()) {
            return false;
        }
        for (byte[] p : proof) {
            if (!isHash(p)) {
                return false;
            }
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstHash);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return MessageDigest.isEqual(fr, firstHash) && MessageDigest.isEqual(sr, secondHash) && sn == 0;
    }

    static boolean isHash(byte[] h) {
        return h != null && h.length == HASH_BYTES;
    }

    /** Leaves held in memory (for tests and small trees). */
    public static Leaves of(List<byte[]> leafHashes) {
        return i -> leafHashes.get(Math.toIntExact(i));
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
