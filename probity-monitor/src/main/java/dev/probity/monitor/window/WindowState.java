package dev.probity.monitor.window;

import dev.probity.core.InputException;
import dev.probity.fairness.stats.StatsCodec;
import dev.probity.fairness.stats.StatsTable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the monitor keeps about one window — and nothing about its rows: the rows counted, each column's
 * {@link ColumnSketch}, and the audit's group statistics ({@link StatsTable}: per group confusion counts, weights and
 * score histograms), from which every metric of the window's report is computed. Windows merge (days into a week)
 * without the rows, and a window's state is written to bytes and read back ({@link #toBytes}, {@link #fromBytes}).
 *
 * @param label   the window's name
 * @param start   its first instant (null for row windows)
 * @param end     the instant after it (null for row windows)
 * @param rows    rows counted
 * @param columns each monitored column's sketch, by name
 * @param audit   the audit's statistics of the window's rows, or null (no audit asked, or none possible: see {@code note})
 * @param note    why there is no audit, or null
 */
public record WindowState(String label, Instant start, Instant end, long rows, Map<String, ColumnSketch> columns, StatsTable audit,
                          String note) {
    private static final int MAGIC = 0x50525757; // "PRWW"
    private static final int VERSION = 1;

    public WindowState {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /**
     * This window and another, as one: counts and sketches added, audit statistics merged, the label and bounds those
     * given. Both must follow the same profile. A window without audit statistics (its note says why) adds nothing to
     * the merged audit, and the merged note says so.
     */
    public WindowState merge(WindowState o, String newLabel, Instant newStart, Instant newEnd) {
        if (!columns.keySet().equals(o.columns.keySet())) {
            throw new InputException("windows of different columns cannot merge: " + columns.keySet() + " and " + o.columns.keySet());
        }
        Map<String, ColumnSketch> m = new LinkedHashMap<>();
        columns.forEach((k, v) -> m.put(k, v.merge(o.columns.get(k))));
        StatsTable a = audit == null ? o.audit : o.audit == null ? audit : audit.merge(o.audit);
        // a window whose audit could not be computed adds nothing to the merged audit: say so
        String n = note == null ? o.note : o.note == null || o.note.equals(note) ? note : note + "; " + o.note;
        if (n != null && a != null) {
            n = "the audit leaves out rows of a window it could not audit (" + n + ")";
        }
        return new WindowState(newLabel, newStart, newEnd, rows + o.rows, m, a, n);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(label);
            out.writeLong(start == null ? Long.MIN_VALUE : start.getEpochSecond());
            out.writeLong(end == null ? Long.MIN_VALUE : end.getEpochSecond());
            out.writeLong(rows);
            out.writeInt(columns.size());
            for (Map.Entry<String, ColumnSketch> e : columns.entrySet()) {
                out.writeUTF(e.getKey());
                ColumnSketch s = e.getValue();
                long[] c = s.counts();
                out.writeInt(c.length);
                for (long x : c) {
                    out.writeLong(x);
                }
                out.writeLong(s.missing());
                out.writeLong(s.wrongKind());
                StatsCodec.writeSketch(out, s.values());
            }
            out.writeBoolean(audit != null);
            if (audit != null) {
                byte[] a = audit.toBytes();
                out.writeInt(a.length);
                out.write(a);
            }
            out.writeBoolean(note != null);
            if (note != null) {
                out.writeUTF(note);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A state written by {@link #toBytes}; anything else, or a damaged one, is refused with a message. */
    public static WindowState fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new InputException("not a Probity window state (wrong magic number)");
            }
            int v = in.readInt();
            if (v != VERSION) {
                throw new InputException("a window state of version " + v + "; this Probity reads version " + VERSION);
            }
            String label = in.readUTF();
            long s = in.readLong();
            long e = in.readLong();
            long rows = in.readLong();
            int n = count(in, data.length);
            Map<String, ColumnSketch> cols = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                long[] c = new long[count(in, data.length / 8)];
                for (int j = 0; j < c.length; j++) {
                    c[j] = in.readLong();
                }
                long missing = in.readLong();
                long wrongKind = in.readLong();
                cols.put(name, new ColumnSketch(c, missing, wrongKind, StatsCodec.readSketch(in, data.length / 8)));
            }
            StatsTable audit = null;
            if (in.readBoolean()) {
                byte[] a = new byte[count(in, data.length)];
                in.readFully(a);
                audit = StatsTable.fromBytes(a);
            }
            String note = in.readBoolean() ? in.readUTF() : null;
            if (in.available() > 0) {
                throw new InputException("a window state with " + in.available() + " bytes after its end");
            }
            return new WindowState(label, s == Long.MIN_VALUE ? null : Instant.ofEpochSecond(s), e == Long.MIN_VALUE ? null : Instant.ofEpochSecond(e),
                    rows, cols, audit, note);
        } catch (java.io.EOFException ex) {
            throw new InputException("a window state that ends too early (truncated)");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int count(DataInputStream in, int limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > limit) {
            throw new InputException("a damaged window state (a count of " + n + ")");
        }
        return n;
    }

    /** The columns' names, in order. */
    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }
}
