package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** probity keys, encrypt, decrypt, share and combine, as a consortium would use them. */
class CryptoCommandsTest {
    @Test
    void filesAreEncryptedRotatedAndRefusedWhenChanged(@TempDir Path dir) throws Exception {
        Path pass = dir.resolve("pass.txt");
        Files.writeString(pass, "a long passphrase for the test\n");
        Path kek = dir.resolve("kek.keyset");
        Cli create = Cli.run("keys", "create", "--purpose", "aead", "--out", kek.toString(), "--passphrase-file", pass.toString());
        assertThat(create.code()).as(create.err()).isZero();
        assertThat(create.out()).contains("aead keyset, 1 key", "primary");
        assertThat(Files.readString(kek)).contains("protection: passphrase").doesNotContain("AES");
        Path plain = dir.resolve("notes.txt");
        Files.writeString(plain, "patient 17: triage level 2\n".repeat(1000));
        Path enc = dir.resolve("notes.enc");
        assertThat(Cli.run("encrypt", "--input", plain.toString(), "--out", enc.toString(), "--key", kek.toString(), "--passphrase-file",
                pass.toString(), "-q").code()).isZero();
        assertThat(Files.readString(enc, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("patient");
        Cli rotate = Cli.run("keys", "rotate", "--key", kek.toString(), "--passphrase-file", pass.toString());
        assertThat(rotate.out()).contains("2 keys");
        Path back = dir.resolve("back.txt");
        Cli dec = Cli.run("decrypt", "--input", enc.toString(), "--out", back.toString(), "--key", kek.toString(), "--passphrase-file", pass.toString());
        assertThat(dec.code()).as(dec.err()).isZero();
        assertThat(Files.readString(back)).isEqualTo(Files.readString(plain));
        byte[] bad = Files.readAllBytes(enc);
        bad[bad.length - 20] ^= 4;
        Path tampered = dir.resolve("tampered.enc");
        Files.write(tampered, bad);
        Path out = dir.resolve("out.txt");
        Cli refused = Cli.run("decrypt", "--input", tampered.toString(), "--out", out.toString(), "--key", kek.toString(), "--passphrase-file",
                pass.toString());
        assertThat(refused.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("failed authentication", "nothing was written");
        assertThat(out).doesNotExist();
        Path wrong = dir.resolve("wrong.txt");
        Files.writeString(wrong, "not it\n");
        Cli wrongPass = Cli.run("decrypt", "--input", enc.toString(), "--out", out.toString(), "--key", kek.toString(), "--passphrase-file",
                wrong.toString());
        assertThat(wrongPass.err()).contains("could not be decrypted");
        Cli same = Cli.run("encrypt", "--input", plain.toString(), "--out", plain.toString(), "--key", kek.toString(), "--passphrase-file",
                pass.toString());
        assertThat(same.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Files.readString(plain)).startsWith("patient 17");
        Cli again = Cli.run("keys", "create", "--purpose", "aead", "--out", kek.toString(), "--cleartext-key");
        assertThat(again.err()).contains("never overwritten");
    }

    /** Pseudonyms under a passphrase-protected AES-SIV keyset: reversed before and after a rotation; the same value, the same token. */
    @Test
    void pseudonymsUnderAPassphraseKeysetSurviveRotation(@TempDir Path dir) throws Exception {
        Path pass = dir.resolve("pass.txt");
        Files.writeString(pass, "another long passphrase\n");
        Path key = dir.resolve("pii.keyset");
        assertThat(Cli.run("keys", "create", "--purpose", "deterministic-aead", "--out", key.toString(), "--passphrase-file", pass.toString(), "-q")
                .code()).isZero();
        Path note = dir.resolve("note.txt");
        String text = "Call Maria Garcia at maria.garcia@example.com; Maria Garcia wrote back from maria.garcia@example.com.\n";
        Files.writeString(note, text);
        Path pseudo = dir.resolve("pseudo.txt");
        Cli redact = Cli.run("pii", "redact", "--input", note.toString(), "--operator", "pseudonymize", "--key", key.toString(), "--passphrase-file",
                pass.toString(), "--out", pseudo.toString());
        assertThat(redact.code()).as(redact.err()).isZero();
        String tokens = Files.readString(pseudo);
        assertThat(tokens).doesNotContain("maria.garcia@example.com");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<EMAIL:[^>]+>").matcher(tokens);
        assertThat(m.find()).isTrue();
        String first = m.group();
        assertThat(m.find()).isTrue();
        assertThat(m.group()).isEqualTo(first);
        assertThat(Cli.run("keys", "rotate", "--key", key.toString(), "--passphrase-file", pass.toString(), "-q").code()).isZero();
        Path back = dir.resolve("back.txt");
        Cli reverse = Cli.run("pii", "reverse", "--input", pseudo.toString(), "--key", key.toString(), "--passphrase-file", pass.toString(), "--out",
                back.toString());
        assertThat(reverse.code()).as(reverse.err()).isZero();
        assertThat(Files.readString(back)).isEqualTo(text);
        Cli noPass = Cli.run("pii", "reverse", "--input", pseudo.toString(), "--key", key.toString(), "--out", dir.resolve("x.txt").toString());
        assertThat(noPass.code()).isEqualTo(ExitCode.BAD_INPUT);
    }

    /** Two hospitals, COMPAS split between them: the combined audit's JSON equals the pooled audit's in every group's counts. */
    @Test
    void twoPartiesAuditTogetherAsIfPooled(@TempDir Path dir) throws Exception {
        Path compas = Path.of("../data/compas/compas-scores-two-years-extract.csv");
        List<String> lines = Files.readAllLines(compas);
        for (int p = 0; p < 2; p++) {
            List<String> part = new ArrayList<>(List.of(lines.get(0)));
            for (int i = 1; i < lines.size(); i++) {
                if (i % 2 == p) {
                    part.add(lines.get(i));
                }
            }
            Files.write(dir.resolve("part" + p + ".csv"), part);
        }
        Path key = dir.resolve("consortium.keyset");
        assertThat(Cli.run("keys", "create", "--purpose", "mac", "--out", key.toString(), "--cleartext-key", "-q").code()).isZero();
        Path shares = Files.createDirectory(dir.resolve("shares"));
        for (int p = 0; p < 2; p++) {
            Cli s = Cli.run("share", "--data", dir.resolve("part" + p + ".csv").toString(), "--label", "two_year_recid", "--positive", "1",
                    "--prediction", "decile_score >= 5", "--protected", "race,sex",
                    "--groups", "race=African-American,Asian,Caucasian,Hispanic,Native American,Other", "--groups", "sex=Female,Male",
                    "--owner", "h" + p, "--run", "test", "--parties", "2", "--key", key.toString(), "--out", shares.toString(), "--no-progress");
            assertThat(s.code()).as(s.err()).isZero();
            assertThat(s.out()).contains("2 shares of h" + p);
        }
        for (int j = 1; j <= 2; j++) {
            Cli sum = Cli.run("combine", shares.resolve("h0." + j + "-of-2.share").toString(), shares.resolve("h1." + j + "-of-2.share").toString(),
                    "--key", key.toString(), "--out", dir.resolve("sum" + j + ".share").toString());
            assertThat(sum.code()).as(sum.err()).isZero();
        }
        Cli combined = Cli.run("combine", dir.resolve("sum1.share").toString(), dir.resolve("sum2.share").toString(), "--key", key.toString(),
                "--json", "-");
        assertThat(combined.code()).as(combined.err()).isZero();
        Cli pooled = Cli.run("audit", "--data", compas.toString(), "--label", "two_year_recid", "--positive", "1", "--prediction",
                "decile_score >= 5", "--protected", "race,sex", "--json", "-", "--no-progress");
        JsonNode c = new ObjectMapper().readTree(combined.out());
        JsonNode p = new ObjectMapper().readTree(pooled.out());
        assertThat(c.get("attributes").toString()).isEqualTo(p.get("attributes").toString());
        // one share changed: refused by its MAC
        Path share = shares.resolve("h1.2-of-2.share");
        Files.writeString(share, Files.readString(share).replace("\"parties\" : 2", "\"parties\" : 3"));
        Cli bad = Cli.run("combine", shares.resolve("h0.2-of-2.share").toString(), share.toString(), "--key", key.toString(), "--out",
                dir.resolve("x.share").toString());
        assertThat(bad.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("failed its MAC check");
        assertThat(dir.resolve("x.share")).doesNotExist();
    }
}
