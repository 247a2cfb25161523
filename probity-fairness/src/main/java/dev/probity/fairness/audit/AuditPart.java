package dev.probity.fairness.audit;

import dev.probity.core.InputException;
import dev.probity.fairness.stats.StatsTable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The audit of one part of the rows — a Spark partition, one of several files, a chunk of a stream — before the
 * parts are merged: the group statistics of the part's audited rows and the row counts the audit reports. Parts
 * merge by value ({@link #merge}; a group is keyed by its attribute values, not by any per-part code), and the
 * merged part is audited once with {@link Audit#fromPart}, which gives the same result as {@link Audit#run} over
 * all the rows together: the same counts, the same metrics (to floating-point rounding where weights or regression
 * moments are summed in another order), and the same bootstrap when parts are merged in row order.
 *
 * <p>A part may be empty, or lose all its rows to the filter or to missing values: its statistics are then null.
 * A part that never holds the positive value counts all its rows negative; only the merged whole can say that the
 * value occurs nowhere, and {@link Audit#fromPart} refuses it then, as {@link Audit#run} does.
 *
 * @param statistics the part's group statistics, or null when no audited row is left in it
 * @param rowsRead rows in the part before the filter
 * @param rowsAfterFilter rows the filter kept
 * @param rowsDropped rows left out for a missing label, prediction, score or weight
 * @param positiveLabel the label value taken as positive (binary tasks), or null when unknown
 * @param positivePrediction the prediction value taken as positive (binary tasks), or null when unknown
 * @param labelPositiveSeen whether some row's label holds the positive value (true when that cannot be refused)
 * @param predictionPositiveSeen whether some row's prediction holds its positive value (true when that cannot be refused)
 */
public record AuditPart(StatsTable statistics, long rowsRead, long rowsAfterFilter, long rowsDropped, String positiveLabel,
                        String positivePrediction, boolean labelPositiveSeen, boolean predictionPositiveSeen) {

    /** A part without rows: what merging starts from. */
    public static AuditPart empty() {
        return new AuditPart(null, 0, 0, 0, null, null, false, false);
    }

    /**
     * Both parts' rows, {@code this} first; neither part changes. The order matters only for the order of the groups,
     * which the bootstrap's resampling follows: merge parts in row order for the bootstrap of {@link Audit#run}.
     */
    public AuditPart merge(AuditPart o) {
        StatsTable s = statistics == null ? o.statistics : o.statistics == null ? statistics : statistics.merge(o.statistics);
        return new AuditPart(s, rowsRead + o.rowsRead, rowsAfterFilter + o.rowsAfterFilter, rowsDropped + o.rowsDropped,
                positiveLabel != null ? positiveLabel : o.positiveLabel,
                positivePrediction != null ? positivePrediction : o.positivePrediction,
                labelPositiveSeen || o.labelPositiveSeen, predictionPositiveSeen || o.predictionPositiveSeen);
    }

    private static final byte[] MAGIC = {'P', 'R', 'B', 'P'};
    private static final int VERSION = 1;

    /** A compact binary form: a preamble, the counts and positive values, then the statistics' own form. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(rowsRead);
            out.writeLong(rowsAfterFilter);
            out.writeLong(rowsDropped);
            writeText(out, positiveLabel);
            writeText(out, positivePrediction);
            out.writeByte((labelPositiveSeen ? 1 : 0) | (predictionPositiveSeen ? 2 : 0));
            if (statistics == null) {
                out.writeInt(-1);
            } else {
                byte[] s = statistics.toBytes();
                out.writeInt(s.length);
                out.write(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A part from its binary form; foreign, truncated or damaged bytes are an error that says which. */
    public static AuditPart fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = new byte[4];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new InputException("these bytes are not the statistics of an audit part (no 'PRBP' preamble)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new InputException("the audit part's format version " + version + " is not one this version reads ("
                        + VERSION + ")");
            }
            long read = in.readLong();
            long kept = in.readLong();
            long dropped = in.readLong();
            String pl = readText(in);
            String pp = readText(in);
            int flags = in.readByte();
            int n = in.readInt();
            StatsTable s = null;
            if (n >= 0) {
                byte[] b = new byte[n];
                in.readFully(b);
                s = StatsTable.fromBytes(b);
            }
            if (in.available() > 0) {
                throw new InputException("the audit part's bytes go on after its end (" + in.available() + " bytes more)");
            }
            return new AuditPart(s, read, kept, dropped, pl, pp, (flags & 1) != 0, (flags & 2) != 0);
        } catch (IOException e) {
            throw new InputException("the audit part's bytes end too early (" + bytes.length + " bytes)", e);
        }
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
