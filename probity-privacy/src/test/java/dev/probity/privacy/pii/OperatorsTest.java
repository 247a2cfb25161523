package dev.probity.privacy.pii;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorsTest {
    private static final String TEXT = "Mail Jane Doe at jane@example.com or call +1 650-253-0000; card 4111 1111 1111 1111.";

    @Test
    void maskKeepsTheLastCharactersAndTheShape() {
        assertThat(new Operator.Mask(4).apply(PiiType.CREDIT_CARD, "4111 1111 1111 1111")).isEqualTo("**** **** **** 1111");
        assertThat(new Operator.Mask(0).apply(PiiType.EMAIL, "a.b@c.de")).isEqualTo("*.*@*.**");
        // never more than half: a 4-character value keeps 2
        assertThat(new Operator.Mask(4).apply(PiiType.PERSON, "Anna")).isEqualTo("**na");
        assertThatThrownBy(() -> new Operator.Mask(-1)).isInstanceOf(InputException.class);
    }

    @Test
    void replaceAndDrop() {
        List<Entity> found = PiiScanner.defaults().scan(TEXT);
        assertThat(Redactor.redact(TEXT, found, new Operator.Replace()))
                .isEqualTo("Mail <PERSON> at <EMAIL> or call <PHONE>; card <CREDIT_CARD>.");
        assertThat(Redactor.redact(TEXT, found, new Operator.Drop())).isEqualTo("Mail  at  or call ; card .");
    }

    /** The expected value is Python's hmac.new(bytes(range(32)), b'EMAIL\x00jane@example.com', sha256), first 16 bytes. */
    @Test
    void keyedHashIsHmacSha256OfTypeAndValue(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("hash.key");
        Files.writeString(key, "000102030405060708090a0b0c0d0e0f\n101112131415161718191a1b1c1d1e1f\n");
        KeyedHash h = KeyedHash.read(key);
        assertThat(h.token(PiiType.EMAIL, "jane@example.com")).isEqualTo("<EMAIL#63555967a63ea3d1b8667593ffb643ca>");
        assertThat(h.token(PiiType.PERSON, "jane@example.com")).isNotEqualTo(h.token(PiiType.EMAIL, "jane@example.com"));
        Files.writeString(key, "00ff");
        assertThatThrownBy(() -> KeyedHash.read(key)).isInstanceOf(InputException.class).hasMessageContaining("256 bits");
        Files.writeString(key, "not hex at all");
        assertThatThrownBy(() -> KeyedHash.read(key)).isInstanceOf(InputException.class).hasMessageContaining("hexadecimal");
        assertThat(KeyedHash.newKeyText()).matches("[0-9a-f]{64}\n");
    }

    @Test
    void pseudonymizeThenReverseGivesTheIdenticalText() {
        Pseudonymizer p = Pseudonymizer.of(Pseudonymizer.newKeyset());
        String text = TEXT + "\nAgain: jane@example.com, Jane Doe, ünïcödé Zoë Ångström.";
        List<Entity> found = PiiScanner.defaults().scan(text);
        String pseudo = Redactor.redact(text, found, new Operator.Pseudonymize(p));
        assertThat(pseudo).doesNotContain("jane@example.com", "4111", "650-253");
        assertThat(p.reverse(pseudo, "text")).isEqualTo(text);
        // the same value gives the same token
        assertThat(p.token(PiiType.EMAIL, "jane@example.com")).isEqualTo(p.token(PiiType.EMAIL, "jane@example.com"))
                .isNotEqualTo(p.token(PiiType.URL, "jane@example.com"));
        long tokens = pseudo.chars().filter(c -> c == '<').count();
        assertThat(tokens).isEqualTo(found.size());
    }

    @Test
    void aTamperedTokenOrAnotherKeyIsRefused() {
        Pseudonymizer p = Pseudonymizer.of(Pseudonymizer.newKeyset());
        String token = p.token(PiiType.EMAIL, "jane@example.com");
        String body = token.substring(token.indexOf(':') + 1, token.length() - 1);
        char c = body.charAt(10);
        String flipped = "<EMAIL:" + body.substring(0, 10) + (c == 'A' ? 'B' : 'A') + body.substring(11) + ">";
        assertThatThrownBy(() -> p.reverse("x\nsee " + flipped, "notes.txt")).isInstanceOf(InputException.class)
                .hasMessageContaining("notes.txt, line 2, column 5").hasMessageContaining("does not decrypt");
        // the type is authenticated too
        assertThatThrownBy(() -> p.reverse("<URL:" + body + ">", "t")).isInstanceOf(InputException.class);
        // another keyset
        Pseudonymizer other = Pseudonymizer.of(Pseudonymizer.newKeyset());
        assertThatThrownBy(() -> other.reverse(token, "t")).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> Pseudonymizer.of("{}")).isInstanceOf(InputException.class);
    }

    @Test
    void aKeysetWithTwoKeysReversesTokensOfBoth() throws Exception {
        // rotation: tokens made under the old primary key still reverse after a new primary is added (the keyset is
        // built here with Tink's registry, as a key management tool would; Pseudonymizer itself uses no registry)
        com.google.crypto.tink.daead.DeterministicAeadConfig.register();
        var config = com.google.crypto.tink.daead.DeterministicAeadConfig2026.get();
        var old = com.google.crypto.tink.TinkJsonProtoKeysetFormat.parseKeyset(Pseudonymizer.newKeyset(), config,
                com.google.crypto.tink.InsecureSecretKeyAccess.get());
        String oldJson = com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(old, config, com.google.crypto.tink.InsecureSecretKeyAccess.get());
        String token = Pseudonymizer.of(oldJson).token(PiiType.PHONE, "+1 650-253-0000");
        var rotated = com.google.crypto.tink.KeysetHandle.newBuilder(old)
                .addEntry(com.google.crypto.tink.KeysetHandle.generateEntryFromParameters(
                        com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters.AES256_SIV).withRandomId().makePrimary())
                .build();
        Pseudonymizer both = Pseudonymizer.of(com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(rotated, config,
                com.google.crypto.tink.InsecureSecretKeyAccess.get()));
        assertThat(both.reverse(token, "t")).isEqualTo("+1 650-253-0000");
        assertThat(both.token(PiiType.PHONE, "+1 650-253-0000")).isNotEqualTo(token);
    }
}
