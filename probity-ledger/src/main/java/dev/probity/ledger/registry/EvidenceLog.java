package dev.probity.ledger.registry;

import dev.probity.core.InputException;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.Jcs;
import dev.probity.ledger.Ledger;
import dev.probity.ledger.LedgerVerifier;
import dev.probity.ledger.NoteKey;
import dev.probity.ledger.Merkle;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The events of an evidence log, read once, in order, with what is needed to prove any of them: the log's latest signed
 * checkpoint and inclusion proofs against it. Opaque entries and entries of other schemas are skipped (and counted).
 */
public final class EvidenceLog {
    private final Ledger ledger;
    private final List<Event> events;
    private final long size;
    private final int skipped;
    private final String trust;

    private EvidenceLog(Ledger ledger, List<Event> events, long size, int skipped, String trust) {
        this.ledger = ledger;
        this.events = events;
        this.size = size;
        this.skipped = skipped;
        this.trust = trust;
    }

    /** Reads every event of an open log, without verifying it first (see {@link #verified}). */
    public static EvidenceLog read(Ledger ledger) {
        return read(ledger, ledger.size(), "not verified");
    }

    /**
     * Verifies the log (every entry's checksum and hash, every signed checkpoint, against {@code trusted} keys or, when
     * none is given, the log's own key.pub) and reads its events; a log that does not verify is refused, so that no
     * verdict is ever given on a damaged or rewritten history. Without the log's signer key (a copy handed to an
     * auditor), only the entries its latest signed checkpoint covers are read, since only they can be proven.
     */
    public static EvidenceLog verified(Ledger ledger, List<NoteKey> trusted) {
        LedgerVerifier.Report r = LedgerVerifier.verify(ledger.dir(), trusted);
        if (!r.ok()) {
            throw new InputException("the evidence log in " + ledger.dir() + " does not verify"
                    + (r.firstBadEntry() >= 0 ? " (first bad entry " + r.firstBadEntry() + ")" : "") + ": "
                    + (r.problems().isEmpty() ? "" : r.problems().get(0)) + "; run 'probity ledger verify' — no verdict is given on a damaged log");
        }
        String trust = trusted.isEmpty() ? "verified against the log's own key.pub (not an independent check: give the key you were handed)"
                : "verified against the key" + (trusted.size() > 1 ? "s" : "") + " given (" + String.join(", ",
                trusted.stream().map(k -> k.name() + "+" + String.format("%08x", k.keyId())).toList()) + ")";
        long n = ledger.size();
        if (!ledger.canSign()) {
            long signed = ledger.latestCheckpoint().size();
            if (signed < n) {
                trust += "; the last " + (n - signed) + " entries are after the latest signed checkpoint and are not used";
                n = signed;
            }
        }
        return read(ledger, n, trust);
    }

    private static EvidenceLog read(Ledger ledger, long n, String trust) {
        if (n > Integer.MAX_VALUE) {
            throw new InputException("a log of " + n + " entries is too large to read as events in one piece");
        }
        // parsing is most of the work: entries are read by position and parsed on every core, then kept in log order
        Event[] parsed = new Event[(int) n];
        java.util.stream.IntStream.range(0, (int) n).parallel().forEach(i -> parsed[i] = parse(i, ledger.entry(i)));
        List<Event> out = new ArrayList<>(parsed.length);
        int skipped = 0;
        for (Event e : parsed) {
            if (e == null) {
                skipped++;
            } else {
                out.add(e);
            }
        }
        return new EvidenceLog(ledger, Collections.unmodifiableList(out), n, skipped, trust);
    }

    /** An entry as an event, or null when it is not a {@code probity.evidence/v1} event. */
    @SuppressWarnings("unchecked")
    public static Event parse(long index, byte[] entry) {
        Object v;
        try {
            v = Jcs.parse(new String(entry, StandardCharsets.UTF_8));
        } catch (InputException e) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m) || !Evidence.SCHEMA.equals(m.get("schema")) || !(m.get("type") instanceof String type)) {
            return null;
        }
        Instant time;
        try {
            time = Instant.parse(String.valueOf(m.get("time")));
        } catch (DateTimeParseException e) {
            return null;
        }
        Evidence.Signed signed = m.containsKey("signature") ? Evidence.checkSignature(entry) : Evidence.Signed.NOT_SIGNED;
        return new Event(index, type, String.valueOf(m.get("actor")), time, (Map<String, Object>) m, signed);
    }

    public List<Event> events() {
        return events;
    }

    /** How the log was checked before it was read, in words (for every report built on it). */
    public String trust() {
        return trust;
    }

    /**
     * The same log as it stood at {@code time}: only events recorded then or before (proofs are still against the
     * whole log's checkpoint, which includes them).
     */
    public EvidenceLog asOf(Instant time) {
        List<Event> kept = events.stream().filter(e -> !e.time().isAfter(time)).toList();
        return new EvidenceLog(ledger, kept, size, skipped, trust + "; evidence recorded up to " + time + " only");
    }

    /** Entries in the log (events and opaque entries). */
    public long size() {
        return size;
    }

    /** Entries that are not events of this schema. */
    public int skipped() {
        return skipped;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** An inclusion proof of an entry, against the tree of the whole log as read. */
    public Proof prove(long index) {
        List<byte[]> hashes = ledger.inclusionProof(index, size);
        HexFormat hex = HexFormat.of();
        return new Proof(index, size, hex.formatHex(ledger.leafHash(index)), hashes.stream().map(hex::formatHex).toList(),
                hex.formatHex(ledger.root(size)));
    }

    /**
     * A signed checkpoint note of the log as read: the latest one if it covers exactly these entries, else a new one
     * signed now (which needs the log's signer key).
     */
    public String checkpoint() {
        if (ledger.latestCheckpoint().size() == size || !ledger.canSign()) {
            try {
                return java.nio.file.Files.readString(ledger.dir().resolve("checkpoint"));
            } catch (java.io.IOException e) {
                throw new InputException("cannot read the checkpoint of " + ledger.dir() + ": " + e.getMessage(), e);
            }
        }
        return ledger.checkpoint();
    }

    /**
     * An inclusion proof: the entry's leaf hash, the RFC 9162 audit path and the root of the tree of {@code size}
     * entries it proves membership in (the root of the signed checkpoint of that size).
     */
    public record Proof(long index, long size, String leafHash, List<String> hashes, String root) {
        /** Checks the proof (as a reader of a card would, from these hex strings alone). */
        public boolean verify() {
            HexFormat hex = HexFormat.of();
            return Merkle.verifyInclusion(index, size, hex.parseHex(leafHash), hashes.stream().map(hex::parseHex).toList(),
                    hex.parseHex(root));
        }
    }
}
