package dev.probity.ledger;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signed notes against golang.org/x/mod/sumdb/note's test vectors (note_test.go): the same keys give the same bytes. */
class SignedNoteTest {
    static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    static final String TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    static final String PETER_LINE = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String ENOCH_LINE = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    @Test
    void keysAndSignaturesEqualGosNotePackage() {
        NoteKey peter = NoteKey.parseSigner(PETER_SKEY);
        assertThat(peter.verifierKey()).isEqualTo(PETER_VKEY);
        assertThat(peter.signerKey()).isEqualTo(PETER_SKEY);
        assertThat(SignedNote.sign(TEXT, List.of(peter))).isEqualTo(TEXT + "\n" + PETER_LINE);
        NoteKey enoch = NoteKey.parseVerifier(ENOCH_VKEY);
        assertThat(enoch.verifierKey()).isEqualTo(ENOCH_VKEY);
    }

    @Test
    void openingVerifiesKnownKeysAndKeepsTheOthers() {
        byte[] both = (TEXT + "\n" + PETER_LINE + ENOCH_LINE).getBytes(StandardCharsets.UTF_8);
        SignedNote n = SignedNote.open(both, List.of(NoteKey.parseVerifier(PETER_VKEY)));
        assertThat(n.text()).isEqualTo(TEXT);
        assertThat(n.verified()).extracting(SignedNote.Signature::name).containsExactly("PeterNeumann");
        assertThat(n.unverified()).extracting(SignedNote.Signature::name).containsExactly("EnochRoot");
        SignedNote m = SignedNote.open(both, List.of(NoteKey.parseVerifier(PETER_VKEY), NoteKey.parseVerifier(ENOCH_VKEY)));
        assertThat(m.verified()).hasSize(2);
        assertThatThrownBy(() -> SignedNote.open(both, List.of())).isInstanceOf(InputException.class).hasMessageContaining("no verifiable signature");
        // a signature changed by four characters fails for its key
        String bad = TEXT + "\n" + PETER_LINE.substring(0, 60) + "ABCD" + PETER_LINE.substring(60);
        assertThatThrownBy(() -> SignedNote.open(bad.getBytes(StandardCharsets.UTF_8), List.of(NoteKey.parseVerifier(PETER_VKEY))))
                .hasMessageContaining("invalid signature for key PeterNeumann+c74f20a3");
    }

    @Test
    void malformedNotesAndKeysAreRefused() {
        NoteKey peter = NoteKey.parseVerifier(PETER_VKEY);
        for (String bad : List.of(TEXT, TEXT + "\n", TEXT + "\n" + PETER_LINE.substring(0, PETER_LINE.length() - 1),
                "\u0001" + TEXT + "\n" + PETER_LINE, TEXT + "\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                TEXT + "\n" + PETER_LINE + "hello\n", TEXT + "\n" + PETER_LINE.repeat(101))) {
            assertThatThrownBy(() -> SignedNote.open(bad.getBytes(StandardCharsets.UTF_8), List.of(peter))).isInstanceOf(InputException.class);
        }
        byte[] latin = new byte[] {(byte) 0xff, 'a', '\n', '\n'};
        assertThatThrownBy(() -> SignedNote.open(latin, List.of(peter))).hasMessageContaining("not UTF-8");
        for (int i = 1; i < PETER_VKEY.length(); i++) {
            String prefix = PETER_VKEY.substring(0, i);
            assertThatThrownBy(() -> NoteKey.parseVerifier(prefix)).as(prefix).isInstanceOf(InputException.class);
        }
        assertThatThrownBy(() -> NoteKey.parseVerifier("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="))
                .isInstanceOf(InputException.class);
        assertThatThrownBy(() -> NoteKey.parseVerifier("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("unknown key algorithm");
        assertThatThrownBy(() -> SignedNote.sign("abc", List.of(NoteKey.parseSigner(PETER_SKEY)))).isInstanceOf(IllegalArgumentException.class);
    }
}
