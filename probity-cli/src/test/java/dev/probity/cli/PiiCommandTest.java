package dev.probity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PiiCommandTest {
    static final Path TEXT = Cli.repo().resolve("data/pii/sample.txt");
    static final Path CSV = Cli.repo().resolve("data/pii/sample.csv");

    @Test
    void scanWritesEntitiesWithOffsetsIntoTheText(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("scan.json");
        Cli r = Cli.run("pii", "scan", "--input", TEXT.toString(), "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Personal data in").contains("CREDIT_CARD").contains("Entities: ");
        JsonNode d = new ObjectMapper().readTree(json.toFile());
        assertThat(d.get("schema").asText()).isEqualTo("probity.pii-scan/v1");
        String text = Files.readString(TEXT);
        boolean sawCard = false;
        for (JsonNode e : d.get("entities")) {
            String value = text.substring(e.get("start").asInt(), e.get("end").asInt());
            if (e.get("type").asText().equals("CREDIT_CARD")) {
                assertThat(value).isEqualTo("4111 1111 1111 1111");
                assertThat(e.get("recognizer").asText()).isEqualTo("credit-card");
                sawCard = true;
            }
            assertThat(value).doesNotContain("4155550123", "1.2.3.4", "1112");
        }
        assertThat(sawCard).isTrue();
        assertThat(d.get("summary").get("entities").asInt()).isEqualTo(d.get("entities").size());
    }

    @Test
    void tablesGetRowsColumnsAndColumnFindings(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("scan.json");
        Cli r = Cli.run("pii", "scan", "--input", CSV.toString(), "--json", json.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        JsonNode d = new ObjectMapper().readTree(json.toFile());
        assertThat(d.get("input").get("format").asText()).isEqualTo("csv");
        boolean emailColumn = false;
        for (JsonNode c : d.get("columns")) {
            if (c.get("column").asText().equals("email")) {
                assertThat(c.get("type").asText()).isEqualTo("EMAIL");
                assertThat(c.get("matched").asInt()).isEqualTo(4);
                emailColumn = true;
            }
        }
        assertThat(emailColumn).isTrue();
        JsonNode first = d.get("entities").get(0);
        assertThat(first.get("row").asInt()).isEqualTo(1);
        assertThat(first.has("column")).isTrue();
    }

    @Test
    void pseudonymizeReverseRoundTripAndATamperedTokenIsRefused(@TempDir Path dir) throws Exception {
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        Path pass = secrets.resolve("pass.txt");
        Files.writeString(pass, "correct horse battery staple\n");
        Path key = dir.resolve("pii.keyset");
        Cli made = Cli.run("pii", "keygen", "--out", key.toString(), "--passphrase-file", pass.toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("under the passphrase");
        // the keyset of probity keys, under the passphrase: no key material in clear
        String stored = Files.readString(key);
        assertThat(stored).startsWith("probity-keyset/v1\n").contains("purpose: deterministic-aead").contains("protection: passphrase")
                .doesNotContain("AesSivKey", "keyMaterialType");
        assertThat(dev.probity.privacy.crypto.Keysets.protectionOf(key)).isEqualTo("passphrase");
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("pii.keyset", "secrets");
        }
        Cli again = Cli.run("pii", "keygen", "--out", key.toString(), "--passphrase-file", pass.toString());
        assertThat(again.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err()).contains("never overwritten");
        assertThat(Files.readString(key)).isEqualTo(stored);
        Path pseudo = dir.resolve("pseudo.txt");
        Cli p = Cli.run("pii", "redact", "--input", TEXT.toString(), "--operator", "pseudonymize", "--key", key.toString(),
                "--passphrase-file", pass.toString(), "--out", pseudo.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(Files.readString(pseudo)).doesNotContain("maria.lopez@example.com", "123-45-6789");
        Path back = dir.resolve("back.txt");
        Cli rev = Cli.run("pii", "reverse", "--input", pseudo.toString(), "--key", key.toString(), "--passphrase-file", pass.toString(),
                "--out", back.toString(), "-q");
        assertThat(rev.code()).as(rev.err()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(TEXT));
        // the wrong passphrase opens nothing
        Path wrong = secrets.resolve("wrong.txt");
        Files.writeString(wrong, "incorrect horse\n");
        Path back3 = dir.resolve("back3.txt");
        Cli refused = Cli.run("pii", "reverse", "--input", pseudo.toString(), "--key", key.toString(), "--passphrase-file", wrong.toString(),
                "--out", back3.toString());
        assertThat(refused.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(back3).doesNotExist();

        String s = Files.readString(pseudo);
        int at = s.indexOf("<EMAIL:") + 12;
        Files.writeString(pseudo, s.substring(0, at) + (s.charAt(at) == 'A' ? 'B' : 'A') + s.substring(at + 1));
        Path back2 = dir.resolve("back2.txt");
        Cli bad = Cli.run("pii", "reverse", "--input", pseudo.toString(), "--key", key.toString(), "--passphrase-file", pass.toString(),
                "--out", back2.toString());
        assertThat(bad.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("does not decrypt").contains("line 3");
        assertThat(back2).doesNotExist();
    }

    @Test
    void keygenAsksForAPassphraseUnlessTheKeyIsToBeInClear(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("pii.keyset");
        if (System.getenv(KeyOptions.DEFAULT_VARIABLE) == null) {
            Cli none = Cli.run("pii", "keygen", "--out", key.toString());
            assertThat(none.code()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(none.err()).contains("PROBITY_PASSPHRASE").contains("--passphrase-file").contains("--cleartext-key");
            assertThat(key).doesNotExist();
        }
        Cli unset = Cli.run("pii", "keygen", "--out", key.toString(), "--passphrase-env", "PROBITY_TEST_NO_SUCH_VARIABLE");
        assertThat(unset.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unset.err()).contains("PROBITY_TEST_NO_SUCH_VARIABLE");
        assertThat(key).doesNotExist();

        Cli clear = Cli.run("pii", "keygen", "--out", key.toString(), "--cleartext-key");
        assertThat(clear.code()).as(clear.err()).isZero();
        assertThat(clear.out()).contains("in clear");
        assertThat(dev.probity.privacy.crypto.Keysets.protectionOf(key)).isEqualTo("cleartext");
        Path pseudo = dir.resolve("pseudo.txt");
        assertThat(Cli.run("pii", "redact", "--input", TEXT.toString(), "--operator", "pseudonymize", "--key", key.toString(),
                "--out", pseudo.toString(), "-q").code()).isZero();
        Path back = dir.resolve("back.txt");
        assertThat(Cli.run("pii", "reverse", "--input", pseudo.toString(), "--key", key.toString(), "--out", back.toString(), "-q")
                .code()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(TEXT));

        // a hash key is hexadecimal in clear: the passphrase options are refused rather than ignored
        Cli hash = Cli.run("pii", "keygen", "--operator", "hash", "--cleartext-key", "--out", dir.resolve("hash.key").toString());
        assertThat(hash.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(hash.err()).contains("for --operator pseudonymize");
        assertThat(dir.resolve("hash.key")).doesNotExist();
    }

    @Test
    void keysOfEarlierVersionsInTinksJsonStillWork(@TempDir Path dir) throws Exception {
        // what pii keygen wrote before its keysets had a passphrase
        Path key = dir.resolve("old.keyset");
        Files.writeString(key, dev.probity.privacy.pii.Pseudonymizer.newKeyset() + "\n");
        Path pseudo = dir.resolve("pseudo.txt");
        Cli p = Cli.run("pii", "redact", "--input", TEXT.toString(), "--operator", "pseudonymize", "--key", key.toString(),
                "--out", pseudo.toString(), "-q");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(Files.readString(pseudo)).contains("<EMAIL:").doesNotContain("maria.lopez@example.com");
        Path back = dir.resolve("back.txt");
        Cli rev = Cli.run("pii", "reverse", "--input", pseudo.toString(), "--key", key.toString(), "--out", back.toString(), "-q");
        assertThat(rev.code()).as(rev.err()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(TEXT));
    }

    @Test
    void operatorsOnTablesAndOutputSafety(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("hash.key");
        assertThat(Cli.run("pii", "keygen", "--operator", "hash", "--out", key.toString(), "-q").code()).isZero();
        Path out = dir.resolve("hashed.csv");
        Cli h = Cli.run("pii", "redact", "--input", CSV.toString(), "--operator", "hash", "--key", key.toString(), "--columns", "email,phone",
                "--out", out.toString());
        assertThat(h.code()).as(h.err()).isZero();
        String csv = Files.readString(out);
        assertThat(csv).contains("<EMAIL#").contains("<PHONE#").contains("Maria Lopez").doesNotContain("maria.lopez@example.com");

        Cli noKey = Cli.run("pii", "redact", "--input", CSV.toString(), "--operator", "hash", "--out", out.toString());
        assertThat(noKey.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noKey.err()).contains("needs --key");
        Cli same = Cli.run("pii", "redact", "--input", TEXT.toString(), "--operator", "mask", "--out", TEXT.toString());
        assertThat(same.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(same.err()).contains("same file as the input");
        Cli folder = Cli.run("pii", "redact", "--input", TEXT.toString(), "--operator", "mask", "--out", dir.resolve("no/such/x.txt").toString());
        assertThat(folder.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(folder.err()).contains("does not exist");
        Cli col = Cli.run("pii", "redact", "--input", CSV.toString(), "--operator", "mask", "--columns", "emial", "--out", out.toString());
        assertThat(col.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(col.err()).contains("no column 'emial'").contains("--columns");
    }

    @Test
    void parquetColumnsAreScannedToo(@TempDir Path dir) throws Exception {
        Path parquet = dir.resolve("people.parquet");
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM read_csv('" + CSV.toString().replace("'", "''") + "', all_varchar = true)) TO '"
                    + parquet.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
        Path json = dir.resolve("scan.json");
        Cli r = Cli.run("pii", "scan", "--input", parquet.toString(), "--json", json.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode d = new ObjectMapper().readTree(json.toFile());
        assertThat(d.get("input").get("format").asText()).isEqualTo("parquet");
        assertThat(d.get("columns").toString()).contains("\"column\":\"email\"").contains("\"type\":\"EMAIL\"");

        Path out = dir.resolve("redacted.parquet");
        Cli red = Cli.run("pii", "redact", "--input", parquet.toString(), "--operator", "replace", "--columns", "email", "--out", out.toString(), "-q");
        assertThat(red.code()).as(red.err()).isZero();
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement();
                var rs = st.executeQuery("SELECT email, name FROM read_parquet('" + out.toString().replace("'", "''") + "') ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("<EMAIL>");
            assertThat(rs.getString(2)).isEqualTo("Maria Lopez");
        }
    }

    @Test
    void latin1InputIsRefusedWithLineAndByteUnlessItsEncodingIsGiven(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("notes.txt");
        Files.write(f, "Call Jos\u00e9 at +44 20 7946 0958\n".getBytes(StandardCharsets.ISO_8859_1));
        Cli bad = Cli.run("pii", "scan", "--input", f.toString());
        assertThat(bad.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("notes.txt is not valid UTF-8 text: line 1, byte offset 8").contains("--encoding");
        Cli ok = Cli.run("pii", "scan", "--input", f.toString(), "--encoding", "ISO-8859-1");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("PHONE");
    }
}
