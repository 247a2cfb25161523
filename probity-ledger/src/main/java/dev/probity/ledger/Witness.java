package dev.probity.ledger;

import dev.probity.core.InputException;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A witness (c2sp.org/tlog-witness, in essence): it remembers the last checkpoint it cosigned for a log and cosigns a
 * new one only if the log's signature holds and the new tree extends the old one — the same size with the same root,
 * or a larger size with a consistency proof between them. A log that rolled back, forked or rewrote its history is
 * refused, so an owner who shows different histories to different people cannot have both cosigned by the same
 * witness.
 */
public final class Witness {
    private Witness() {
    }

    /** Why a witness refused: the log's signature, a rollback, a fork, or an inconsistent history. */
    public static final class Refused extends InputException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Cosigns {@code note} if it extends {@code previous} (the witness's last cosigned note for this log, or null).
     *
     * @param logKey  the log's verifier key, as the witness was handed it
     * @param prover  (old size, new size) → the consistency proof, from the log
     * @param time    the cosignature's time, POSIX seconds
     */
    public static String cosign(String note, NoteKey logKey, NoteKey witness, String previous,
                                BiFunction<Long, Long, List<byte[]>> prover, long time) {
        Checkpoint now;
        try {
            now = Checkpoint.open(note.getBytes(java.nio.charset.StandardCharsets.UTF_8), List.of(logKey));
        } catch (InputException e) {
            throw new Refused("the log's signature on the checkpoint does not hold: " + e.getMessage());
        }
        if (previous != null) {
            Checkpoint before = Checkpoint.open(previous.getBytes(java.nio.charset.StandardCharsets.UTF_8), List.of(logKey));
            if (!before.origin().equals(now.origin())) {
                throw new InputException("the witness's state is for the log " + before.origin() + ", not " + now.origin());
            }
            if (now.size() < before.size()) {
                throw new Refused("rollback: the log shows " + now.size() + " entries, but " + before.size() + " were cosigned before");
            }
            if (now.size() == before.size() && !Arrays.equals(now.root(), before.root())) {
                throw new Refused("fork: the log shows a different tree of the same size (" + now.size() + ") as the one cosigned before");
            }
            if (now.size() > before.size() && before.size() > 0) {
                List<byte[]> proof = prover.apply(before.size(), now.size());
                if (!Merkle.verifyConsistency(before.size(), now.size(), before.root(), now.root(), proof)) {
                    throw new Refused("inconsistent: the tree of " + now.size() + " entries does not extend the one of " + before.size()
                            + " cosigned before; the log's history was rewritten");
                }
            }
        }
        return Cosignature.cosign(note, witness, time);
    }

    /**
     * Checks a cosigned checkpoint against a log's files: the log's signature, each witness's cosignature, and that the
     * log's first {@code size} entries have the cosigned root. Returns each witness's cosignature time, in order.
     */
    public static long[] check(String cosigned, Ledger log, NoteKey logKey, List<NoteKey> witnesses) {
        Checkpoint c = Checkpoint.open(cosigned.getBytes(java.nio.charset.StandardCharsets.UTF_8), List.of(logKey));
        long[] times = new long[witnesses.size()];
        for (int i = 0; i < witnesses.size(); i++) {
            NoteKey w = witnesses.get(i);
            times[i] = Cosignature.verify(cosigned, w).orElseThrow(() -> new InputException("no cosignature by " + w.name()));
        }
        if (c.size() > log.size()) {
            throw new Refused("the cosigned checkpoint has " + c.size() + " entries; this copy of the log has only " + log.size()
                    + " — entries were removed");
        }
        if (!Arrays.equals(log.root(c.size()), c.root())) {
            throw new Refused("this copy of the log's first " + c.size() + " entries does not have the cosigned root: "
                    + "its history differs from the one the witness saw");
        }
        return times;
    }
}
