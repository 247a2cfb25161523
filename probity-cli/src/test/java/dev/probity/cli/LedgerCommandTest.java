package dev.probity.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerCommandTest {
    @Test
    void appendProveVerifyAndDetectTampering(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("evidence");
        Cli init = Cli.run("ledger", "init", "--log", log.toString(), "--origin", "bank.example/models");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("verifier key", "bank.example/models+");
        Path a = Files.writeString(dir.resolve("a.json"), "{\"event\":\"audit\"}\n");
        Path b = Files.writeString(dir.resolve("b.json"), "{\"event\":\"approval\"}\n");
        assertThat(Cli.run("ledger", "append", "--log", log.toString(), "--data-file", a.toString()).out().trim()).isEqualTo("0");
        assertThat(Cli.run("ledger", "append", "--log", log.toString(), "--data-file", b.toString()).out().trim()).isEqualTo("1");
        Cli cp = Cli.run("ledger", "checkpoint", "--log", log.toString());
        assertThat(cp.out()).startsWith("bank.example/models\n2\n").contains("\n\n\u2014 bank.example/models ");
        String root = Cli.run("ledger", "root", "--log", log.toString()).out().trim();
        assertThat(root).hasSize(64);
        Cli proof = Cli.run("ledger", "prove", "inclusion", "--log", log.toString(), "--index", "1", "--json");
        assertThat(proof.out()).startsWith("{\"hashes\": [\"");
        Path p = Files.writeString(dir.resolve("p.json"), proof.out());
        Cli ok = Cli.run("ledger", "verify-proof", "inclusion", "--index", "1", "--size", "2", "--root", root, "--data-file", b.toString(),
                "--proof", p.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("valid");
        Cli wrong = Cli.run("ledger", "verify-proof", "inclusion", "--index", "1", "--size", "2", "--root", root, "--data-file", a.toString(),
                "--proof", p.toString());
        assertThat(wrong.code()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(wrong.out()).contains("INVALID");
        Cli cons = Cli.run("ledger", "prove", "consistency", "--log", log.toString(), "--from", "1", "--to", "2", "--json");
        Path c = Files.writeString(dir.resolve("c.json"), cons.out());
        String root1 = Cli.run("ledger", "root", "--log", log.toString(), "--size", "1").out().trim();
        assertThat(Cli.run("ledger", "verify-proof", "consistency", "--from", "1", "--to", "2", "--old-root", root1, "--new-root", root,
                "--proof", c.toString()).code()).isZero();
        Cli verify = Cli.run("ledger", "verify", "--log", log.toString());
        assertThat(verify.code()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("OK");
        // one byte changed in the second entry: named
        byte[] e = Files.readAllBytes(log.resolve("entries"));
        e[e.length - 10] ^= 1;
        Files.write(log.resolve("entries"), e);
        Cli bad = Cli.run("ledger", "verify", "--log", log.toString());
        assertThat(bad.code()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(bad.out()).contains("FAILED at entry 1", "checksum fails");
    }

    @Test
    void mistakesAreRefused(@TempDir Path dir) throws Exception {
        Cli none = Cli.run("ledger", "append", "--log", dir.resolve("nothing").toString(), "--data-file", "x");
        assertThat(none.code()).isEqualTo(ExitCode.BAD_INPUT);
        Path log = dir.resolve("l");
        Cli.run("ledger", "init", "--log", log.toString(), "--origin", "a.example/l");
        assertThat(Cli.run("ledger", "init", "--log", log.toString()).err()).contains("not empty");
        assertThat(Cli.run("ledger", "prove", "inclusion", "--log", log.toString(), "--index", "0").err()).contains("no entry 0");
        assertThat(Cli.run("ledger", "verify-proof", "inclusion", "--index", "0", "--size", "1", "--root", "abc", "--leaf-hash",
                "00".repeat(32), "--proof", dir.resolve("none.json").toString()).err()).contains("--root must be a 32-byte hash");
        assertThat(Cli.run("ledger", "init", "--log", dir.resolve("m").toString(), "--origin", "has space").err()).contains("key name");
        assertThat(Cli.run("ledger", "verify", "--log", log.toString(), "--key", "garbage").code()).isEqualTo(ExitCode.BAD_INPUT);
        Cli stranger = Cli.run("ledger", "verify", "--log", log.toString(), "--key",
                "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
        assertThat(stranger.code()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(stranger.out()).contains("no verifiable signature");
    }

    @Test
    void aRunAndAnApprovalAreRecordedAsEvidence(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("evidence");
        Cli.run("ledger", "init", "--log", log.toString(), "--origin", "bank.example/ev", "-q");
        Path json = dir.resolve("audit.json");
        Cli audit = Cli.run("audit", "--data", "compas", "--label", "two_year_recid", "--prediction", "decile_score >= 5", "--protected", "race",
                "--json", json.toString(), "--ledger", log.toString(), "--actor", "analyst", "-q");
        assertThat(audit.code()).as(audit.err()).isZero();
        assertThat(audit.err()).contains("recorded as entry 0");
        Cli show = Cli.run("ledger", "show", "--log", log.toString(), "--index", "0");
        String sha = dev.probity.ledger.Evidence.sha256(json);
        assertThat(show.out()).contains("\"type\":\"run\"", "\"actor\":\"analyst\"", "\"sha256\":\"" + sha + "\"", "\"exit\":0",
                "\"schema\":\"probity.evidence/v1\"", "\"command\":[\"audit\",\"--data\",\"compas\"");
        Path appr = Files.writeString(dir.resolve("a.json"), "{\"model\": \"credit-v3\", \"decision\": \"approved\"}");
        Cli rec = Cli.run("ledger", "record", "--log", log.toString(), "--type", "review", "--json-file", appr.toString(), "--actor", "j.doe");
        assertThat(rec.out().trim()).isEqualTo("1");
        assertThat(Cli.run("ledger", "show", "--log", log.toString(), "--index", "1").out())
                .contains("{\"actor\":\"j.doe\",\"decision\":\"approved\",\"model\":\"credit-v3\",\"schema\":\"probity.evidence/v1\"");
        // a log that is not there is refused before any work, and nothing is written
        Path out2 = dir.resolve("b.json");
        Cli none = Cli.run("audit", "--data", "compas", "--label", "two_year_recid", "--prediction", "decile_score >= 5", "--protected", "race",
                "--json", out2.toString(), "--ledger", dir.resolve("nowhere").toString());
        assertThat(none.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(none.err()).contains("is not an evidence log");
        assertThat(out2).doesNotExist();
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"type\": \"x\"}");
        assertThat(Cli.run("ledger", "record", "--log", log.toString(), "--type", "review", "--json-file", bad.toString()).err())
                .contains("'type' is set by the log");
        // the registry's own event types are written by the registry, through its gates
        Cli reserved = Cli.run("ledger", "record", "--log", log.toString(), "--type", "deployment", "--json-file", appr.toString());
        assertThat(reserved.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(reserved.err()).contains("written by the registry");
        // an output inside the log's folder would destroy the log: refused before any work
        Cli inside = Cli.run("audit", "--data", "compas", "--label", "two_year_recid", "--prediction", "decile_score >= 5", "--protected", "race",
                "--json", log.resolve("entries").toString(), "--ledger", log.toString());
        assertThat(inside.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(inside.err()).contains("inside the evidence log's folder");
        assertThat(Cli.run("ledger", "verify", "--log", log.toString()).code()).isZero();
    }

    @Test
    void anApproverSignsWithTheirOwnKey(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("evidence");
        Cli.run("ledger", "init", "--log", log.toString(), "--origin", "bank.example/ev", "-q");
        Path key = dir.resolve("ann.key");
        Cli kg = Cli.run("ledger", "keygen", "--name", "ann@bank.example", "--out", key.toString());
        assertThat(kg.code()).as(kg.err()).isZero();
        assertThat(kg.out()).startsWith("ann@bank.example+");
        assertThat(Cli.run("ledger", "keygen", "--name", "x", "--out", key.toString()).err()).contains("never overwritten");
        Path appr = Files.writeString(dir.resolve("a.json"), "{\"model\": \"credit-v3\", \"decision\": \"approved\"}");
        Cli rec = Cli.run("ledger", "record", "--log", log.toString(), "--type", "review", "--json-file", appr.toString(), "--sign-key", key.toString());
        assertThat(rec.code()).as(rec.err()).isZero();
        assertThat(Cli.run("ledger", "show", "--log", log.toString(), "--index", "0").out()).contains("signed, signature valid",
                "\"actor\":\"ann@bank.example\"");
        assertThat(Cli.run("ledger", "record", "--log", log.toString(), "--type", "review", "--json-file", appr.toString(), "--sign-key",
                key.toString(), "--actor", "bob").err()).contains("not the signing key's name");
        assertThat(Cli.run("ledger", "verify", "--log", log.toString()).code()).isZero();
    }

    @Test
    void aWitnessCosignsOnlyAHistoryThatExtendsWhatItSaw(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        Cli.run("ledger", "init", "--log", log.toString(), "--origin", "bank.example/w", "-q");
        Path wkey = dir.resolve("w.key");
        String wv = Cli.run("ledger", "keygen", "--name", "witness.example/1", "--out", wkey.toString(), "--witness").out().trim();
        assertThat(wv).startsWith("witness.example/1+");
        Path state = dir.resolve("w.state");
        Path cos = dir.resolve("cosigned.txt");
        for (int i = 0; i < 3; i++) {
            Cli.run("ledger", "append", "--log", log.toString(), "--data-file", Files.writeString(dir.resolve("e" + i), "entry " + i).toString());
        }
        Cli.run("ledger", "checkpoint", "--log", log.toString(), "-q");
        Cli w = Cli.run("ledger", "witness", "--log", log.toString(), "--key", wkey.toString(), "--state", state.toString(), "--out", cos.toString());
        assertThat(w.code()).as(w.err()).isZero();
        assertThat(w.out()).contains("\n\u2014 bank.example/w ", "\u2014 witness.example/1 ");
        Cli v = Cli.run("ledger", "verify", "--log", log.toString(), "--cosigned", cos.toString(), "--witness", wv);
        assertThat(v.code()).as(v.out()).isZero();
        assertThat(v.out()).contains("cosigned by witness.example/1", "the cosigned checkpoint is this log's tree");

        // the owner rewrites history under the same key: the witness refuses, and the cosigned checkpoint exposes the copy
        try (var l = dev.probity.ledger.Ledger.create(dir.resolve("tmp"), dev.probity.ledger.NoteKey.parseSigner(Files.readString(log.resolve("key")).trim()))) {
            for (int i = 0; i < 4; i++) {
                l.append(("other " + i).getBytes());
            }
            l.checkpoint();
        }
        Cli refused = Cli.run("ledger", "witness", "--log", dir.resolve("tmp").toString(), "--key", wkey.toString(), "--state", state.toString());
        assertThat(refused.code()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(refused.err()).contains("refused: inconsistent");
        Cli exposed = Cli.run("ledger", "verify", "--log", dir.resolve("tmp").toString(), "--cosigned", cos.toString(), "--witness", wv);
        assertThat(exposed.code()).isEqualTo(ExitCode.RULE_BROKEN);
        assertThat(exposed.out()).contains("does not have the cosigned root");
        assertThat(Cli.run("ledger", "witness", "--log", log.toString(), "--key", wkey.toString(), "--state", log.resolve("checkpoint").toString())
                .err()).contains("inside the log's folder");
        assertThat(Cli.run("ledger", "verify", "--log", log.toString(), "--witness", wv).err()).contains("--cosigned");
    }
}
