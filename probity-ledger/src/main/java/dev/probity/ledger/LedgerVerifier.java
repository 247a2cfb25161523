package dev.probity.ledger;

import dev.probity.core.InputException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a log from its files alone: every entry's framing and checksum, every entry against its leaf hash, and the tree
 * of the first n entries against every checkpoint signed at size n (each signature checked with the trusted keys). Any
 * changed, removed or reordered byte of the entries makes it fail, naming the first entry it can pin the change to.
 */
public final class LedgerVerifier {
    private LedgerVerifier() {
    }

    /**
     * The outcome. {@code firstBadEntry} is the first entry found wrong, or −1; {@code problems} say what is wrong in
     * words; {@code uncovered} entries come after the last signed checkpoint (appended, not yet signed).
     */
    public record Report(boolean ok, long entries, long checkpointSize, long firstBadEntry, List<String> problems, long uncovered,
                         int checkpoints) {
        public Report {
            problems = List.copyOf(problems);
        }
    }

    private record Signed(long size, byte[] root, int ordinal) {}

    /** Verifies the log in {@code dir} with the keys trusted (its own {@code key.pub} when none is given). */
    public static Report verify(Path dir, List<NoteKey> trusted) {
        List<NoteKey> keys = trusted.isEmpty() ? List.of(Ledger.publicKey(dir)) : trusted;
        List<String> problems = new ArrayList<>();
        List<Signed> checkpoints = readCheckpoints(dir, keys, problems);
        long firstBad = -1;
        long count = 0;
        Merkle.Stack stack = new Merkle.Stack();
        int next = 0;
        while (next < checkpoints.size() && checkpoints.get(next).size() == 0) {
            if (!MessageDigest.isEqual(checkpoints.get(next).root(), Merkle.EMPTY_ROOT)) {
                problems.add("checkpoint " + checkpoints.get(next).ordinal() + " signs an empty log with a root that is not the empty tree's");
            }
            next++;
        }
        Path entriesFile = dir.resolve(Ledger.ENTRIES);
        Path leavesFile = dir.resolve(Ledger.LEAVES);
        long leavesCount;
        try {
            leavesCount = Files.size(leavesFile) / Merkle.HASH_BYTES;
            if (Files.size(leavesFile) % Merkle.HASH_BYTES != 0) {
                problems.add(Ledger.LEAVES + " has " + Files.size(leavesFile) + " bytes, not a multiple of 32");
            }
        } catch (IOException e) {
            throw new InputException("cannot read " + leavesFile + ": " + e.getMessage(), e);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(entriesFile), 1 << 20));
             InputStream leaves = new BufferedInputStream(Files.newInputStream(leavesFile), 1 << 16)) {
            long pos = 0;
            byte[] stored = new byte[Merkle.HASH_BYTES];
            while (true) {
                int len;
                try {
                    len = in.readInt();
                } catch (EOFException e) {
                    if (in.available() > 0 || peekPartial(entriesFile, pos)) {
                        problems.add("entry " + count + " (byte " + pos + "): the file ends inside its length");
                        firstBad = count;
                    }
                    break;
                }
                if (len < 0 || len > Ledger.MAX_ENTRY) {
                    problems.add("entry " + count + " (byte " + pos + "): impossible length " + len + " (bytes removed, added or changed here)");
                    firstBad = count;
                    break;
                }
                byte[] data = new byte[len];
                int crc;
                try {
                    in.readFully(data);
                    crc = in.readInt();
                } catch (EOFException e) {
                    problems.add("entry " + count + " (byte " + pos + "): the file ends inside it");
                    firstBad = count;
                    break;
                }
                if (crc != Ledger.crc(len, data)) {
                    problems.add("entry " + count + " (byte " + pos + "): its checksum fails: its bytes were changed");
                    firstBad = count;
                    break;
                }
                byte[] h = Merkle.leafHash(data);
                if (count < leavesCount) {
                    readFully(leaves, stored);
                    if (!MessageDigest.isEqual(h, stored)) {
                        problems.add("entry " + count + " (byte " + pos + ") does not match its leaf hash: it was changed, moved or"
                                + " replaced after it was written");
                        firstBad = count;
                        break;
                    }
                }
                if (mayBeSigned(data) && Evidence.checkSignature(data) == Evidence.Signed.INVALID) {
                    problems.add("entry " + count + " (byte " + pos + "): a signed event whose signature does not verify against the key it"
                            + " names (or whose actor is not that key's name)");
                    firstBad = count;
                    break;
                }
                stack.push(h);
                count++;
                pos += 8 + len;
                while (next < checkpoints.size() && checkpoints.get(next).size() == count) {
                    if (!MessageDigest.isEqual(stack.root(), checkpoints.get(next).root())) {
                        problems.add("the first " + count + " entries do not match checkpoint " + checkpoints.get(next).ordinal()
                                + ", signed at that size: entries before " + count + " were changed, removed or reordered");
                        firstBad = firstBad < 0 ? count - 1 : firstBad;
                    }
                    next++;
                }
                if (firstBad >= 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new InputException("cannot read " + entriesFile + ": " + e.getMessage(), e);
        }
        if (firstBad < 0 && next < checkpoints.size()) {
            Signed s = checkpoints.get(next);
            problems.add("checkpoint " + s.ordinal() + " was signed at size " + s.size() + ", but the log holds only " + count
                    + " entries: entries were removed");
            firstBad = count;
        }
        if (firstBad < 0 && leavesCount > count) {
            problems.add(Ledger.LEAVES + " holds " + leavesCount + " hashes for " + count + " entries: entries were removed");
            firstBad = count;
        }
        long signedSize = checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).size();
        return new Report(problems.isEmpty(), count, signedSize, firstBad, problems, Math.max(0, count - signedSize), checkpoints.size());
    }

    private static boolean peekPartial(Path f, long pos) throws IOException {
        return Files.size(f) > pos;
    }

    private static void readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int r = in.read(b, off, b.length - off);
            if (r < 0) {
                throw new EOFException();
            }
            off += r;
        }
    }

    /** Every checkpoint signed, in order, each verified; sizes never shrink; the latest equals {@code checkpoint}. */
    private static List<Signed> readCheckpoints(Path dir, List<NoteKey> keys, List<String> problems) {
        List<Signed> out = new ArrayList<>();
        Path file = dir.resolve(Ledger.CHECKPOINTS);
        if (!Files.exists(file)) {
            problems.add("no " + Ledger.CHECKPOINTS + " file: the log has no signed history");
            return out;
        }
        byte[] all;
        try {
            all = dev.probity.core.io.FileBytes.read(file);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all);
        byte[] last = null;
        long lastSize = -1;
        String origin = keys.get(0).name();
        while (b.remaining() >= 4) {
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                problems.add(Ledger.CHECKPOINTS + ": checkpoint " + out.size() + " is cut short (the file was truncated or changed)");
                return out;
            }
            byte[] note = new byte[len];
            b.get(note);
            try {
                Checkpoint c = Checkpoint.open(note, keys);
                if (!c.origin().equals(origin) && keys.size() == 1) {
                    problems.add("checkpoint " + out.size() + " is for the log '" + c.origin() + "', not '" + origin + "'");
                }
                if (c.size() < lastSize) {
                    problems.add("checkpoint " + out.size() + " signs size " + c.size() + " after one of size " + lastSize + ": a log only grows");
                }
                lastSize = c.size();
                out.add(new Signed(c.size(), c.root(), out.size()));
                last = note;
            } catch (InputException e) {
                problems.add("checkpoint " + out.size() + ": " + e.getMessage());
                return out;
            }
        }
        if (b.hasRemaining()) {
            problems.add(Ledger.CHECKPOINTS + " ends with " + b.remaining() + " stray bytes");
        }
        try {
            byte[] latest = dev.probity.core.io.FileBytes.read(dir.resolve(Ledger.CHECKPOINT));
            if (last != null && !java.util.Arrays.equals(latest, last)) {
                problems.add(Ledger.CHECKPOINT + " is not the last checkpoint of " + Ledger.CHECKPOINTS);
            }
        } catch (IOException e) {
            problems.add("cannot read " + Ledger.CHECKPOINT + ": " + e.getMessage());
        }
        return out;
    }

    private static final byte[] SIGNATURE = "\"signature\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Whether an entry could be a signed event: a JSON object holding the member name "signature" (a canonical event is
     * written without spaces and its member names unescaped). Only those are parsed and checked, so that verifying a log
     * of opaque or unsigned entries costs no JSON parsing.
     */
    static boolean mayBeSigned(byte[] data) {
        if (data.length < 2 || data[0] != '{') {
            return false;
        }
        outer:
        for (int i = 0; i + SIGNATURE.length <= data.length; i++) {
            for (int j = 0; j < SIGNATURE.length; j++) {
                if (data[i + j] != SIGNATURE[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
