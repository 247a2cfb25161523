package dev.probity.ledger;

import dev.probity.core.InputException;

import java.util.Base64;
import java.util.List;

/**
 * A checkpoint (c2sp.org/tlog-checkpoint): the text of a signed note with the log's origin, its size in decimal and its
 * RFC 6962 root in base64, each on its own line; standard transparency-log tooling reads it.
 */
public record Checkpoint(String origin, long size, byte[] root) {
    public Checkpoint {
        NoteKey.checkName(origin);
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is at least 0");
        }
        if (root.length != Merkle.HASH_BYTES) {
            throw new IllegalArgumentException("a root is 32 bytes");
        }
        root = root.clone();
    }

    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** The checkpoint in a signed note's text (extension lines after the third are allowed and ignored). */
    public static Checkpoint parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !text.endsWith("\n")) {
            throw new InputException("malformed checkpoint: it needs an origin, a size and a root hash, each on its own line");
        }
        long size;
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new InputException("malformed checkpoint: the size '" + InputException.shown(lines[1]) + "' is not a decimal number");
        }
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new InputException("malformed checkpoint: the size " + lines[1] + " is larger than any log can be");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new InputException("malformed checkpoint: the root hash is not base64");
        }
        if (root.length != Merkle.HASH_BYTES) {
            throw new InputException("malformed checkpoint: the root hash has " + root.length + " bytes, not 32");
        }
        return new Checkpoint(lines[0], size, root);
    }

    /** A signed checkpoint note. */
    public String sign(NoteKey key) {
        return SignedNote.sign(text(), List.of(key));
    }

    /** Opens and verifies a signed checkpoint note. */
    public static Checkpoint open(byte[] note, List<NoteKey> keys) {
        return parse(SignedNote.open(note, keys).text());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && java.util.Arrays.equals(c.root, root);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size);
    }
}
