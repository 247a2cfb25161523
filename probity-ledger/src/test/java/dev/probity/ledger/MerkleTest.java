package dev.probity.ledger;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RFC 6962 / 9162 against the test vectors of transparency-dev/merkle (proof/verify_test.go, rfc6962/rfc6962_test.go),
 * and the negative cases those tests apply to every proof.
 */
class MerkleTest {
    static final HexFormat HEX = HexFormat.of();
    static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
    static final String[] ROOTS = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    static List<byte[]> leafHashes() {
        List<byte[]> out = new ArrayList<>();
        for (String l : LEAVES) {
            out.add(Merkle.leafHash(HEX.parseHex(l)));
        }
        return out;
    }

    static List<byte[]> hashes(String... hex) {
        List<byte[]> out = new ArrayList<>();
        for (String h : hex) {
            out.add(HEX.parseHex(h));
        }
        return out;
    }

    static byte[] root(int n) {
        return HEX.parseHex(ROOTS[n - 1]);
    }

    @Test
    void hashesEqualTheRfc6962Vectors() {
        assertThat(HEX.formatHex(Merkle.EMPTY_ROOT)).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(HEX.formatHex(Merkle.leafHash(new byte[0]))).isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(HEX.formatHex(Merkle.leafHash("L123456".getBytes()))).isEqualTo("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56");
        assertThat(HEX.formatHex(Merkle.nodeHash("N123".getBytes(), "N456".getBytes())))
                .isEqualTo("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb");
    }

    @Test
    void rootsOfEveryPrefixEqualThePublishedOnes() {
        List<byte[]> l = leafHashes();
        Merkle.Stack stack = new Merkle.Stack();
        for (int n = 1; n <= 8; n++) {
            stack.push(l.get(n - 1));
            assertThat(HEX.formatHex(Merkle.root(Merkle.of(l), 0, n))).as("size %d", n).isEqualTo(ROOTS[n - 1]);
            assertThat(HEX.formatHex(stack.root())).as("stack, size %d", n).isEqualTo(ROOTS[n - 1]);
        }
        assertThat(Merkle.root(Merkle.of(l), 0, 0)).isEqualTo(Merkle.EMPTY_ROOT);
    }

    record Inclusion(int index, int size, List<byte[]> proof) {}

    static List<Inclusion> inclusions() {
        return List.of(
                new Inclusion(0, 1, List.of()),
                new Inclusion(0, 8, hashes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                new Inclusion(5, 8, hashes("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                new Inclusion(2, 3, hashes("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
                new Inclusion(1, 5, hashes("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));
    }

    record Consistency(int first, int second, List<byte[]> proof) {}

    static List<Consistency> consistencies() {
        return List.of(
                new Consistency(1, 1, List.of()),
                new Consistency(1, 8, hashes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                new Consistency(6, 8, hashes("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                new Consistency(2, 5, hashes("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
                new Consistency(6, 7, hashes("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
    }

    @Test
    void inclusionProofsAreGeneratedAndVerifiedAsPublished() {
        List<byte[]> l = leafHashes();
        for (Inclusion c : inclusions()) {
            List<byte[]> made = Merkle.inclusionProof(Merkle.of(l), c.index(), c.size());
            assertThat(made).as("proof of %d in %d", c.index(), c.size()).usingElementComparator(java.util.Arrays::compare)
                    .containsExactlyElementsOf(c.proof());
            assertThat(Merkle.verifyInclusion(c.index(), c.size(), l.get(c.index()), c.proof(), root(c.size()))).isTrue();
        }
    }

    @Test
    void everyDistortionOfAnInclusionProofFails() {
        List<byte[]> l = leafHashes();
        byte[] some = Merkle.leafHash("some".getBytes());
        for (Inclusion c : inclusions()) {
            long i = c.index();
            long n = c.size();
            byte[] leaf = l.get(c.index());
            byte[] r = root(c.size());
            List<byte[]> p = c.proof();
            assertThat(Merkle.verifyInclusion(i - 1, n, leaf, p, r)).isFalse();
            assertThat(Merkle.verifyInclusion(i + 1, n, leaf, p, r)).isFalse();
            assertThat(Merkle.verifyInclusion(i ^ 2, n, leaf, p, r)).isFalse();
            assertThat(Merkle.verifyInclusion(i, n * 2, leaf, p, r)).isFalse();
            assertThat(Merkle.verifyInclusion(i, n / 2, leaf, p, r)).isFalse();
            assertThat(Merkle.verifyInclusion(i, n, "WrongLeaf".getBytes(), p, r)).isFalse();
            assertThat(Merkle.verifyInclusion(i, n, leaf, p, Merkle.EMPTY_ROOT)).isFalse();
            assertThat(Merkle.verifyInclusion(i, n, leaf, with(p, p.size(), new byte[0]), r)).isFalse();
            assertThat(Merkle.verifyInclusion(i, n, leaf, with(p, p.size(), r), r)).isFalse();
            assertThat(Merkle.verifyInclusion(i, n, leaf, with(p, 0, new byte[0]), r)).isFalse();
            assertThat(Merkle.verifyInclusion(i, n, leaf, with(p, 0, r), r)).isFalse();
            for (int e = 0; e < p.size(); e++) {
                List<byte[]> flipped = new ArrayList<>(p);
                byte[] b = p.get(e).clone();
                b[0] ^= 8;
                flipped.set(e, b);
                assertThat(Merkle.verifyInclusion(i, n, leaf, flipped, r)).isFalse();
            }
            if (!p.isEmpty()) {
                assertThat(Merkle.verifyInclusion(i, n, leaf, p.subList(0, p.size() - 1), r)).isFalse();
                assertThat(Merkle.verifyInclusion(i, n, leaf, with(p, 1, some), r)).isFalse();
            }
        }
        assertThat(Merkle.verifyInclusion(0, 0, l.get(0), List.of(), Merkle.EMPTY_ROOT)).isFalse();
        assertThat(Merkle.verifyInclusion(2, 1, l.get(0), List.of(), l.get(0))).isFalse();
        byte[] single = Merkle.leafHash("data".getBytes());
        assertThat(Merkle.verifyInclusion(0, 1, single, List.of(), single)).isTrue();
        assertThat(Merkle.verifyInclusion(0, 1, new byte[0], List.of(), single)).isFalse();
        assertThatThrownBy(() -> Merkle.inclusionProof(Merkle.of(l), 8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Merkle.inclusionProof(Merkle.of(l), 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void consistencyProofsAreGeneratedAndVerifiedAsPublished() {
        List<byte[]> l = leafHashes();
        for (Consistency c : consistencies()) {
            List<byte[]> made = Merkle.consistencyProof(Merkle.of(l), c.first(), c.second());
            assertThat(made).as("proof %d→%d", c.first(), c.second()).usingElementComparator(java.util.Arrays::compare)
                    .containsExactlyElementsOf(c.proof());
            assertThat(Merkle.verifyConsistency(c.first(), c.second(), root(c.first()), root(c.second()), c.proof())).isTrue();
        }
    }

    @Test
    void everyDistortionOfAConsistencyProofFails() {
        for (Consistency c : consistencies()) {
            if (c.first() == c.second()) {
                continue;
            }
            long m = c.first();
            long n = c.second();
            byte[] r1 = root(c.first());
            byte[] r2 = root(c.second());
            List<byte[]> p = c.proof();
            assertThat(Merkle.verifyConsistency(m - 1, n, r1, r2, p)).isFalse();
            assertThat(Merkle.verifyConsistency(m + 1, n, r1, r2, p)).isFalse();
            assertThat(Merkle.verifyConsistency(m ^ 2, n, r1, r2, p)).isFalse();
            assertThat(Merkle.verifyConsistency(m, n * 2, r1, r2, p)).isFalse();
            assertThat(Merkle.verifyConsistency(m, n / 2, r1, r2, p)).isFalse();
            assertThat(Merkle.verifyConsistency(m, n, "WrongRoot".getBytes(), r2, p)).isFalse();
            assertThat(Merkle.verifyConsistency(m, n, r1, "WrongRoot".getBytes(), p)).isFalse();
            assertThat(Merkle.verifyConsistency(m, n, r2, r1, p)).isFalse();
            assertThat(Merkle.verifyConsistency(m, n, r1, r2, List.of())).isFalse();
            for (byte[] extra : List.of(new byte[0], r1, r2)) {
                assertThat(Merkle.verifyConsistency(m, n, r1, r2, with(p, p.size(), extra))).isFalse();
                assertThat(Merkle.verifyConsistency(m, n, r1, r2, with(p, 0, extra))).isFalse();
            }
            assertThat(Merkle.verifyConsistency(m, n, r1, r2, with(p, 0, p.get(0)))).isFalse();
            assertThat(Merkle.verifyConsistency(m, n, r1, r2, p.subList(0, p.size() - 1))).isFalse();
            for (int e = 0; e < p.size(); e++) {
                List<byte[]> flipped = new ArrayList<>(p);
                byte[] b = p.get(e).clone();
                b[0] ^= 16;
                flipped.set(e, b);
                assertThat(Merkle.verifyConsistency(m, n, r1, r2, flipped)).isFalse();
            }
        }
        // the trivial cases: equal sizes need equal roots and no proof; the empty tree proves nothing
        assertThat(Merkle.verifyConsistency(1, 1, root(1), root(1), List.of())).isTrue();
        assertThat(Merkle.verifyConsistency(1, 1, root(1), root(2), List.of())).isFalse();
        assertThat(Merkle.verifyConsistency(1, 1, root(1), root(1), List.of(root(1)))).isFalse();
        assertThat(Merkle.verifyConsistency(0, 1, Merkle.EMPTY_ROOT, root(1), List.of())).isFalse();
        assertThat(Merkle.verifyConsistency(2, 1, root(2), root(1), List.of())).isFalse();
        assertThat(Merkle.verifyConsistency(1, 2, root(1), root(2), List.of())).isFalse();
    }

    @Test
    void everyProofOfRandomTreesVerifies() {
        java.util.Random rnd = new java.util.Random(5);
        for (int n = 1; n <= 70; n++) {
            List<byte[]> l = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] d = new byte[rnd.nextInt(20)];
                rnd.nextBytes(d);
                l.add(Merkle.leafHash(d));
            }
            byte[] rootN = Merkle.root(Merkle.of(l), 0, n);
            for (int i = 0; i < n; i++) {
                assertThat(Merkle.verifyInclusion(i, n, l.get(i), Merkle.inclusionProof(Merkle.of(l), i, n), rootN)).isTrue();
            }
            for (int m = 1; m <= n; m++) {
                byte[] rootM = Merkle.root(Merkle.of(l), 0, m);
                assertThat(Merkle.verifyConsistency(m, n, rootM, rootN, Merkle.consistencyProof(Merkle.of(l), m, n))).as("%d→%d", m, n).isTrue();
            }
        }
    }

    static List<byte[]> with(List<byte[]> p, int at, byte[] x) {
        List<byte[]> out = new ArrayList<>(p);
        out.add(at, x);
        return out;
    }
}
