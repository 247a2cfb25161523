package dev.probity.ledger.registry;

import dev.probity.core.InputException;
import dev.probity.ledger.Evidence;
import dev.probity.ledger.Jcs;
import dev.probity.ledger.Ledger;
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

    private EvidenceLog(Ledger ledger, List<Event> events, long size, int skipped) {
        this.ledger = ledger;
        this.events = events;
        this.size = size;
        this.skipped = skipped;
    }

    /** Reads every event of an open log. */
    public static EvidenceLog read(Ledger ledger) {
        long n = ledger.size();
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
        return new EvidenceLog(ledger, Collections.unmodifiableList(out), n, skipped);
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
        if (ledger.latestCheckpoint().size() == size) {
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
