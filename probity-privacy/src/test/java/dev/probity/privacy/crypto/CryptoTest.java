package dev.probity.privacy.crypto;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keysets on disk, rotation, envelope encryption of files and of cells: round trips, and every tampering refused. */
class CryptoTest {
    private static final KeyProtection PASS = new KeyProtection.Passphrase("correct horse battery staple".toCharArray());

    @Test
    void aPassphraseProtectedKeysetReadsBackAndNothingElseOpensIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kek.keyset");
        Keysets.Keyset k = Keysets.create(Keysets.Purpose.AEAD);
        Keysets.write(k, file, PASS, false);
        String text = Files.readString(file);
        assertThat(text).startsWith(Keysets.HEADER + "\n").contains("protection: passphrase", "kdf: PBKDF2WithHmacSHA256", "iterations: 600000");
        Keysets.Keyset back = Keysets.read(file, PASS);
        byte[] ct = k.aead().encrypt("hello".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThat(new String(back.aead().decrypt(ct, new byte[0]), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThatThrownBy(() -> Keysets.read(file, new KeyProtection.Passphrase("wrong".toCharArray()))).isInstanceOf(InputException.class)
                .hasMessageContaining("could not be decrypted");
        assertThatThrownBy(() -> Keysets.read(file, new KeyProtection.Cleartext())).hasMessageContaining("passphrase");
        // the purpose line is authenticated: relabelling the keyset breaks it
        Files.writeString(file, text.replace("purpose: aead", "purpose: mac"));
        assertThatThrownBy(() -> Keysets.read(file, PASS)).hasMessageContaining("could not be decrypted");
        Files.writeString(file, text);
        assertThatThrownBy(() -> Keysets.write(k, file, PASS, false)).hasMessageContaining("never overwritten");
        assertThatThrownBy(() -> Keysets.write(k, dir.resolve("no/such/k.keyset"), PASS, false)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Keysets.read(dir.resolve("none.keyset"), PASS)).hasMessageContaining("no keyset file");
    }

    @Test
    void rotationKeepsOldCiphertextsReadableAndNewOnesUseTheNewKey(@TempDir Path dir) throws Exception {
        Path kekFile = dir.resolve("kek.keyset");
        Keysets.write(Keysets.create(Keysets.Purpose.AEAD), kekFile, new KeyProtection.Cleartext(), false);
        Keysets.Keyset kek = Keysets.read(kekFile, new KeyProtection.Cleartext());
        Path plain = dir.resolve("notes.txt");
        Files.writeString(plain, "patient 17: triage level 2\n");
        Path before = dir.resolve("before.enc");
        FileCrypto.encrypt(plain, before, kek.aead());
        Keysets.Keyset rotated = Keysets.rotate(kek);
        Keysets.write(rotated, kekFile, new KeyProtection.Cleartext(), true);
        Keysets.Keyset reread = Keysets.read(kekFile, new KeyProtection.Cleartext());
        assertThat(reread.keys()).hasSize(2);
        assertThat(reread.keys().stream().filter(Keysets.KeyInfo::primary).count()).isEqualTo(1);
        assertThat(reread.keys().get(1).primary()).isTrue();
        assertThat(reread.keys()).allMatch(i -> i.status().equals("enabled"));
        Path back = dir.resolve("back.txt");
        FileCrypto.decrypt(before, back, reread.aead());
        assertThat(Files.readString(back)).isEqualTo("patient 17: triage level 2\n");
        // a file encrypted after the rotation does not open with the old keyset: it used the new key
        Path after = dir.resolve("after.enc");
        FileCrypto.encrypt(plain, after, reread.aead());
        assertThatThrownBy(() -> FileCrypto.decrypt(after, dir.resolve("x.txt"), kek.aead())).isInstanceOf(InputException.class);
        assertThat(dir.resolve("x.txt")).doesNotExist();
    }

    @Test
    void aLargeFileRoundTripsAndAnyChangeIsRefusedWithNothingWritten(@TempDir Path dir) throws Exception {
        Keysets.Keyset kek = Keysets.create(Keysets.Purpose.AEAD);
        byte[] data = new byte[3 * 1024 * 1024 + 12345]; // four 1 MB segments
        new Random(1).nextBytes(data);
        Path plain = dir.resolve("big.bin");
        Files.write(plain, data);
        Path enc = dir.resolve("big.enc");
        long size = FileCrypto.encrypt(plain, enc, kek.aead());
        assertThat(size).isGreaterThan(data.length);
        Path out = dir.resolve("out.bin");
        assertThat(FileCrypto.decrypt(enc, out, kek.aead())).isEqualTo(data.length);
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        byte[] ct = Files.readAllBytes(enc);
        // one bit flipped at the start, in the middle, and in the last segment; the head changed; truncated
        for (int at : new int[] {9, 200, ct.length / 2, ct.length - 5}) {
            byte[] bad = ct.clone();
            bad[at] ^= 1;
            Path f = dir.resolve("bad" + at + ".enc");
            Files.write(f, bad);
            Path o = dir.resolve("o" + at + ".bin");
            assertThatThrownBy(() -> FileCrypto.decrypt(f, o, kek.aead())).as("flipped byte %d", at).isInstanceOf(InputException.class)
                    .hasMessageContaining("nothing was written");
            assertThat(o).doesNotExist();
            assertThat(Files.list(dir).filter(p -> p.getFileName().toString().contains("probity-tmp")).count()).isZero();
        }
        Path cut = dir.resolve("cut.enc");
        Files.write(cut, java.util.Arrays.copyOf(ct, ct.length - 100));
        assertThatThrownBy(() -> FileCrypto.decrypt(cut, dir.resolve("c.bin"), kek.aead())).isInstanceOf(InputException.class);
        Path cutSegment = dir.resolve("cut2.enc");
        Files.write(cutSegment, java.util.Arrays.copyOf(ct, ct.length - (ct.length - 200) % (1 << 20)));
        assertThatThrownBy(() -> FileCrypto.decrypt(cutSegment, dir.resolve("c2.bin"), kek.aead())).isInstanceOf(InputException.class);
        assertThat(dir.resolve("c.bin")).doesNotExist();
        // another key, the wrong kind of file, the input as output, a missing folder
        assertThatThrownBy(() -> FileCrypto.decrypt(enc, dir.resolve("w.bin"), Keysets.create(Keysets.Purpose.AEAD).aead()))
                .hasMessageContaining("does not decrypt with this key-encryption key");
        assertThatThrownBy(() -> FileCrypto.decrypt(plain, dir.resolve("w.bin"), kek.aead())).hasMessageContaining("not a file encrypted by Probity");
        assertThatThrownBy(() -> FileCrypto.encrypt(plain, plain, kek.aead())).hasMessageContaining("destroy the input");
        assertThat(Files.readAllBytes(plain)).isEqualTo(data);
        assertThatThrownBy(() -> FileCrypto.encrypt(plain, dir.resolve("nope/x.enc"), kek.aead())).hasMessageContaining("does not exist");
    }

    @Test
    void theHeadOfOneFileCannotBeMovedOntoAnother(@TempDir Path dir) throws Exception {
        Keysets.Keyset kek = Keysets.create(Keysets.Purpose.AEAD);
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Files.writeString(a, "a".repeat(1000));
        Files.writeString(b, "b".repeat(1000));
        FileCrypto.encrypt(a, dir.resolve("a.enc"), kek.aead());
        FileCrypto.encrypt(b, dir.resolve("b.enc"), kek.aead());
        byte[] ea = Files.readAllBytes(dir.resolve("a.enc"));
        byte[] eb = Files.readAllBytes(dir.resolve("b.enc"));
        int headA = 12 + java.nio.ByteBuffer.wrap(ea, 8, 4).getInt();
        int headB = 12 + java.nio.ByteBuffer.wrap(eb, 8, 4).getInt();
        byte[] mixed = new byte[headA + eb.length - headB];
        System.arraycopy(ea, 0, mixed, 0, headA);
        System.arraycopy(eb, headB, mixed, headA, eb.length - headB);
        Files.write(dir.resolve("mixed.enc"), mixed);
        assertThatThrownBy(() -> FileCrypto.decrypt(dir.resolve("mixed.enc"), dir.resolve("m.txt"), kek.aead())).isInstanceOf(InputException.class);
    }

    @Test
    void cellsAreBoundToTheirColumn() {
        ColumnCipher c = new ColumnCipher(Keysets.create(Keysets.Purpose.AEAD).aead());
        String cell = c.encrypt("diagnosis", "J45.909");
        assertThat(cell).startsWith(ColumnCipher.PREFIX);
        assertThat(c.encrypt("diagnosis", "J45.909")).isNotEqualTo(cell);
        assertThat(c.decrypt("diagnosis", cell)).isEqualTo("J45.909");
        assertThatThrownBy(() -> c.decrypt("name", cell)).hasMessageContaining("failed authentication");
        String changed = cell.substring(0, cell.length() - 2) + (cell.endsWith("A") ? "BB" : "AA");
        assertThatThrownBy(() -> c.decrypt("diagnosis", changed)).hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> c.decrypt("diagnosis", "J45.909")).hasMessageContaining("is not encrypted");
    }

    @Test
    void aKeysetIsUsedOnlyForItsPurpose() {
        Keysets.Keyset mac = Keysets.create(Keysets.Purpose.MAC);
        assertThatThrownBy(mac::aead).hasMessageContaining("this keyset is for mac");
        assertThat(Keysets.Purpose.parse("streaming-aead")).isEqualTo(Keysets.Purpose.STREAMING_AEAD);
        assertThatThrownBy(() -> Keysets.Purpose.parse("rsa")).hasMessageContaining("aead, streaming-aead, mac or deterministic-aead");
    }
}
