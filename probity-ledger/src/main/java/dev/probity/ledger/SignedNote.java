package dev.probity.ledger;

import dev.probity.core.InputException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A signed note (c2sp.org/signed-note): text of one or more lines, each ending in a newline, then an empty line, then
 * signature lines {@code — name base64(key ID ‖ signature)} (an em dash, U+2014, and a space). Only the text is signed.
 * Opening a note verifies the signatures of the keys given: a signature by a known key that fails rejects the note; one by
 * an unknown key is kept, unverified (a witness's cosignature, a rotated key); a note no known key signed is rejected.
 */
public record SignedNote(String text, List<Signature> verified, List<Signature> unverified) {
    static final String DASH = "\u2014 ";
    /** Signatures a note may carry at most (Go's note package refuses more than 100; the spec asks verifiers to take 16). */
    static final int MAX_SIGNATURES = 100;

    public SignedNote {
        verified = List.copyOf(verified);
        unverified = List.copyOf(unverified);
    }

    /** One signature line: the key's name and ID and the raw signature bytes after the ID. */
    public record Signature(String name, int keyId, byte[] signature) {
        public String line() {
            byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
            return DASH + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
        }
    }

    /** Signs {@code text} (ending in a newline) with each key; the note's bytes are UTF-8. */
    public static String sign(String text, List<NoteKey> keys) {
        checkText(text);
        StringBuilder b = new StringBuilder(text).append('\n');
        for (NoteKey k : keys) {
            byte[] sig = k.sign(text.getBytes(StandardCharsets.UTF_8));
            b.append(new Signature(k.name(), k.keyId(), sig).line());
        }
        return b.toString();
    }

    /** Adds a signature line to a signed note (a cosignature). */
    public static String addSignature(String note, Signature s) {
        return note + s.line();
    }

    static void checkText(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("a note's text ends with a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException("a note's text has no control characters other than newlines");
            }
        }
    }

    /** Opens a note: parses it and verifies the signatures of {@code keys}. */
    public static SignedNote open(byte[] note, List<NoteKey> keys) {
        String s = new String(note, StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(s.getBytes(StandardCharsets.UTF_8), note)) {
            throw new InputException("malformed note: not UTF-8");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new InputException("malformed note: a control character at offset " + i);
            }
        }
        int split = s.lastIndexOf("\n\n");
        if (split < 0) {
            throw new InputException("malformed note: no empty line between the text and the signatures");
        }
        String text = s.substring(0, split + 1);
        String sigs = s.substring(split + 2);
        if (sigs.isEmpty() || !sigs.endsWith("\n")) {
            throw new InputException("malformed note: the signatures must end with a newline");
        }
        List<Signature> verified = new ArrayList<>();
        List<Signature> unverified = new ArrayList<>();
        String[] lines = sigs.substring(0, sigs.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new InputException("malformed note: more than " + MAX_SIGNATURES + " signatures");
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String line : lines) {
            if (!line.startsWith(DASH)) {
                throw new InputException("malformed note: a signature line must start with an em dash and a space: '"
                        + InputException.shown(line) + "'");
            }
            String rest = line.substring(DASH.length());
            int sp = rest.indexOf(' ');
            if (sp <= 0 || rest.indexOf(' ', sp + 1) >= 0) {
                throw new InputException("malformed note: a signature line is '— name base64'");
            }
            String name = rest.substring(0, sp);
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(rest.substring(sp + 1));
            } catch (IllegalArgumentException e) {
                throw new InputException("malformed note: the signature of " + name + " is not base64");
            }
            if (blob.length < 5) {
                throw new InputException("malformed note: the signature of " + name + " is too short");
            }
            int id = ByteBuffer.wrap(blob, 0, 4).getInt();
            Signature sig = new Signature(name, id, java.util.Arrays.copyOfRange(blob, 4, blob.length));
            NoteKey key = keys.stream().filter(k -> k.name().equals(name) && k.keyId() == id).findFirst().orElse(null);
            if (!seen.add(name + "+" + id)) {
                continue; // a repeated signature of the same key counts once
            }
            if (key == null) {
                unverified.add(sig);
            } else if (key.verify(message, sig.signature())) {
                verified.add(sig);
            } else {
                throw new InputException("invalid signature for key " + name + "+" + String.format("%08x", id));
            }
        }
        if (verified.isEmpty()) {
            throw new InputException("the note has no verifiable signature (known keys: "
                    + keys.stream().map(k -> k.name() + "+" + String.format("%08x", k.keyId())).toList() + ")");
        }
        return new SignedNote(text, verified, unverified);
    }
}
