package dev.probity.ledger;

import dev.probity.core.InputException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * Witness cosignatures (c2sp.org/tlog-cosignature): an independent witness adds its own signature line to a log's
 * checkpoint, saying "as of this time, this is the largest tree I have seen for this log, and it is consistent with
 * every one I saw before". A log owner who shows two different histories to two people cannot get both cosigned.
 *
 * <p>The line is {@code — <witness name> base64(key ID ‖ u64 time ‖ Ed25519 signature)}; the key ID is the first four
 * bytes of SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key) (signature type 0x04, so it never equals the same key's ID as a
 * plain note signer); the signed message is {@code "cosignature/v1\ntime <seconds>\n"} followed by the checkpoint's
 * text. The witness's verifier key is written {@code name+hex(key ID)+base64(0x04 ‖ public key)}.
 */
public final class Cosignature {
    /** The signature type of a timestamped Ed25519 cosignature. */
    public static final byte TYPE = 0x04;

    private Cosignature() {
    }

    /** The key ID of a witness key as a cosigner. */
    public static int keyId(NoteKey witness) {
        return NoteKey.keyId(witness.name(), TYPE, witness.publicKey());
    }

    /** The witness's verifier key for cosignatures: {@code name+hex(key ID)+base64(0x04 ‖ public key)}. */
    public static String verifierKey(NoteKey witness) {
        byte[] k = new byte[33];
        k[0] = TYPE;
        System.arraycopy(witness.publicKey(), 0, k, 1, 32);
        return witness.name() + "+" + String.format("%08x", keyId(witness)) + "+" + Base64.getEncoder().encodeToString(k);
    }

    /** A cosigner's verifier key (type 0x04), checked: its ID must match its name and key. */
    public static NoteKey parseVerifier(String vkey) {
        String[] p = vkey == null ? new String[0] : vkey.trim().split("\\+", 3);
        if (p.length != 3 || p[0].isEmpty() || !p[1].matches("[0-9a-fA-F]{8}")) {
            throw new InputException("a witness key is NAME+KEYID+BASE64 (as 'ledger witness-key' prints it)");
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(p[2]);
        } catch (IllegalArgumentException e) {
            throw new InputException("a witness key's last part is base64");
        }
        if (k.length != 33 || k[0] != TYPE) {
            throw new InputException("not a cosignature key: its algorithm byte is " + (k.length == 0 ? "missing" : k[0])
                    + " (cosignatures use 4, timestamped Ed25519)");
        }
        byte[] pub = java.util.Arrays.copyOfRange(k, 1, 33);
        int id = (int) Long.parseLong(p[1], 16);
        if (NoteKey.keyId(p[0], TYPE, pub) != id) {
            throw new InputException("a witness key whose ID does not match its name and key: " + p[0] + "+" + p[1]);
        }
        return new NoteKey(p[0], id, pub, null);
    }

    /** The message a cosignature signs. */
    static byte[] message(String checkpointText, long time) {
        return ("cosignature/v1\ntime " + time + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    /** Adds {@code witness}'s cosignature, at {@code time} (POSIX seconds), to a signed checkpoint note. */
    public static String cosign(String note, NoteKey witness, long time) {
        if (!witness.canSign()) {
            throw new IllegalArgumentException("a verifier key cannot cosign");
        }
        if (time < 0) {
            throw new IllegalArgumentException("a cosignature's time is at least 0");
        }
        String text = textOf(note);
        byte[] sig = witness.sign(message(text, time));
        byte[] blob = ByteBuffer.allocate(8 + sig.length).putLong(time).put(sig).array();
        return SignedNote.addSignature(note, new SignedNote.Signature(witness.name(), keyId(witness), blob));
    }

    /**
     * The time of {@code witness}'s valid cosignature on the note, or empty when it has none; a line with the witness's
     * name and key ID whose signature does not hold is an error (the note has been tampered with).
     */
    public static OptionalLong verify(String note, NoteKey witness) {
        String text = textOf(note);
        String sigs = note.substring(text.length() + 1);
        for (String line : sigs.split("\n")) {
            if (!line.startsWith(SignedNote.DASH)) {
                continue;
            }
            String[] nb = line.substring(SignedNote.DASH.length()).split(" ", 2);
            if (nb.length != 2 || !nb[0].equals(witness.name())) {
                continue;
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(nb[1]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (blob.length != 4 + 8 + 64 || ByteBuffer.wrap(blob).getInt() != keyId(witness)) {
                continue;
            }
            long time = ByteBuffer.wrap(blob, 4, 8).getLong();
            byte[] sig = java.util.Arrays.copyOfRange(blob, 12, 76);
            if (time < 0 || !witness.verify(message(text, time), sig)) {
                throw new InputException("the cosignature of " + witness.name() + " does not hold: the checkpoint was changed after it was cosigned");
            }
            return OptionalLong.of(time);
        }
        return OptionalLong.empty();
    }

    private static String textOf(String note) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new InputException("malformed note: no empty line between the text and the signatures");
        }
        return note.substring(0, split + 1);
    }
}
