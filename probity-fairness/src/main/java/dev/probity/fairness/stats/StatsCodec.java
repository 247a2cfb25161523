package dev.probity.fairness.stats;

import dev.probity.core.model.TaskKind;
import dev.probity.core.InputException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary form of group statistics, so executors, partitions, services and time windows can ship and
 * store them and merge them later. Big-endian, as {@link DataOutputStream} writes:
 * <pre>
 *   preamble   "PRBS" · format version (1 byte, now 1) · family (1 byte: 1 binary, 2 multiclass, 3 regression)
 *              · flags (1 byte: 1 weighted, 2 with scores)
 *   table      attributes (int n, n strings) · classes (int n, n strings) · cells (int n, then per cell its key,
 *              one string per attribute, and its group statistics)
 *   group      cell counts (int n, n longs) · if weighted: n weight sums, n sums of squared weights ·
 *              if with scores: the score histogram (int d; d scores; 4d weights; 4d counts) ·
 *              if regression: the moments (count, weight, mean label, M2 label, mean prediction, mean residual,
 *              M2 residual, sum |residual|) and the quantile sketch of predictions (a byte: 0 absent, 1 present;
 *              then α, count, min, max, zeros, and for the positive then the negative store its first bucket index
 *              and its counts (int n, n longs))
 * </pre>
 * Strings are UTF-8 with a 4-byte length. Doubles are written bit for bit, so statistics read back equal the ones
 * written; a reader refuses another family or a newer version with a message that says which.
 */
public final class StatsCodec {
    static final byte[] MAGIC = {'P', 'R', 'B', 'S'};
    public static final int VERSION = 1;

    private StatsCodec() {
    }

    public static byte[] toBytes(StatsTable t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            preamble(out, t.kind(), t.weighted(), t.withScores());
            strings(out, t.attributes());
            strings(out, t.classes());
            out.writeInt(t.cells().size());
            for (Map.Entry<List<String>, GroupStats> e : t.cells().entrySet()) {
                for (String k : e.getKey()) {
                    string(out, k);
                }
                group(out, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static StatsTable fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            Header h = preamble(in);
            List<String> attributes = strings(in);
            List<String> classes = strings(in);
            int n = count(in, data.length);
            Map<List<String>, GroupStats> cells = new LinkedHashMap<>();
            for (int c = 0; c < n; c++) {
                List<String> key = new ArrayList<>(attributes.size());
                for (int a = 0; a < attributes.size(); a++) {
                    key.add(string(in));
                }
                cells.put(List.copyOf(key), group(in, h, classes.size(), data.length));
            }
            if (in.available() > 0) {
                throw new InputException("statistics: " + in.available() + " bytes after the last cell");
            }
            return new StatsTable(attributes, h.kind, h.weighted, h.withScores, h.kind == TaskKind.MULTICLASS ? classes : null, cells);
        } catch (EOFException e) {
            throw new InputException("statistics: the bytes end before the statistics do (truncated?)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One group's statistics in the same form (with its own preamble). */
    public static byte[] toBytes(GroupStats g) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            preamble(out, g.kind(), g.weighted(), g.scores != null);
            out.writeInt(g.classes());
            group(out, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static GroupStats groupFromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            Header h = preamble(in);
            int classes = in.readInt();
            GroupStats g = group(in, h, classes, data.length);
            if (in.available() > 0) {
                throw new InputException("statistics: " + in.available() + " bytes after the group");
            }
            return g;
        } catch (EOFException e) {
            throw new InputException("statistics: the bytes end before the statistics do (truncated?)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Header(TaskKind kind, boolean weighted, boolean withScores) {
    }

    private static void preamble(DataOutputStream out, TaskKind kind, boolean weighted, boolean scores) throws IOException {
        out.write(MAGIC);
        out.writeByte(VERSION);
        out.writeByte(switch (kind) {
            case BINARY -> 1;
            case MULTICLASS -> 2;
            case REGRESSION -> 3;
        });
        out.writeByte((weighted ? 1 : 0) | (scores ? 2 : 0));
    }

    private static Header preamble(DataInputStream in) throws IOException {
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new InputException("not Probity group statistics (they start with \"PRBS\")");
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new InputException("statistics format version " + version + " is not one this Probity reads (version " + VERSION + ")");
        }
        int family = in.readUnsignedByte();
        TaskKind kind = switch (family) {
            case 1 -> TaskKind.BINARY;
            case 2 -> TaskKind.MULTICLASS;
            case 3 -> TaskKind.REGRESSION;
            default -> throw new InputException("statistics family " + family + " is unknown (1 binary, 2 multiclass, 3 regression)");
        };
        int flags = in.readUnsignedByte();
        return new Header(kind, (flags & 1) != 0, (flags & 2) != 0);
    }

    private static void group(DataOutputStream out, GroupStats g) throws IOException {
        out.writeInt(g.counts.length);
        for (long c : g.counts) {
            out.writeLong(c);
        }
        if (g.weights != null) {
            for (double w : g.weights) {
                out.writeDouble(w);
            }
            for (double w : g.weightSquares) {
                out.writeDouble(w);
            }
        }
        if (g.scores != null) {
            ScoreHistogram h = g.scores.seal();
            double[] v = h.values();
            double[] w = h.cellWeights();
            long[] c = h.cellCounts();
            out.writeInt(v.length);
            for (double x : v) {
                out.writeDouble(x);
            }
            for (double x : w) {
                out.writeDouble(x);
            }
            for (long x : c) {
                out.writeLong(x);
            }
        }
        if (g.kind() == TaskKind.REGRESSION) {
            RegressionMoments m = g.moments;
            out.writeLong(m.count);
            for (double x : new double[] {m.w, m.meanY, m.m2Y, m.meanP, m.meanR, m.m2R, m.absR}) {
                out.writeDouble(x);
            }
            writeSketch(out, g.predictionSketch);
        }
    }

    private static GroupStats group(DataInputStream in, Header h, int classes, int limit) throws IOException {
        GroupStats g = new GroupStats(h.kind, h.weighted, false, classes);
        int n = count(in, limit);
        if (n != g.counts.length) {
            throw new InputException("statistics: a group has " + n + " cells where its task has " + g.counts.length);
        }
        for (int i = 0; i < n; i++) {
            g.counts[i] = in.readLong();
        }
        if (h.weighted) {
            for (int i = 0; i < n; i++) {
                g.weights[i] = in.readDouble();
            }
            for (int i = 0; i < n; i++) {
                g.weightSquares[i] = in.readDouble();
            }
        }
        if (h.withScores && h.kind == TaskKind.BINARY) {
            int d = count(in, limit);
            double[] v = new double[d];
            double[] w = new double[d * 4];
            long[] c = new long[d * 4];
            for (int i = 0; i < d; i++) {
                v[i] = in.readDouble();
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = in.readDouble();
            }
            for (int i = 0; i < c.length; i++) {
                c[i] = in.readLong();
            }
            g.setScores(ScoreHistogram.of(v, w, c));
        }
        if (h.kind == TaskKind.REGRESSION) {
            long count = in.readLong();
            double[] x = new double[7];
            for (int i = 0; i < 7; i++) {
                x[i] = in.readDouble();
            }
            g.moments = RegressionMoments.of(count, x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
            g.predictionSketch = readSketch(in, limit);
        }
        return g;
    }

    /** A quantile sketch (or null) in the codec's layout, for other codecs that hold sketches (the monitor's windows). */
    public static void writeSketch(DataOutputStream out, QuantileSketch s) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        out.writeDouble(s.alpha());
        out.writeLong(s.count());
        out.writeDouble(s.min());
        out.writeDouble(s.max());
        out.writeLong(s.zeros());
        out.writeInt(s.positiveOffset());
        longs(out, s.positiveCounts());
        out.writeInt(s.negativeOffset());
        longs(out, s.negativeCounts());
    }

    /** A sketch written by {@link #writeSketch}; {@code limit} bounds the bucket arrays it may allocate. */
    public static QuantileSketch readSketch(DataInputStream in, int limit) throws IOException {
        int present = in.readUnsignedByte();
        if (present == 0) {
            return null;
        }
        double alpha = in.readDouble();
        long count = in.readLong();
        double min = in.readDouble();
        double max = in.readDouble();
        long zeros = in.readLong();
        int posOffset = in.readInt();
        long[] pos = longs(in, limit);
        int negOffset = in.readInt();
        long[] neg = longs(in, limit);
        try {
            return QuantileSketch.of(alpha, count, min, max, zeros, posOffset, pos, negOffset, neg);
        } catch (IllegalArgumentException e) {
            throw new InputException("statistics: a damaged quantile sketch (" + e.getMessage() + ")");
        }
    }

    private static void longs(DataOutputStream out, long[] v) throws IOException {
        out.writeInt(v.length);
        for (long x : v) {
            out.writeLong(x);
        }
    }

    private static long[] longs(DataInputStream in, int limit) throws IOException {
        long[] v = new long[count(in, limit)];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readLong();
        }
        return v;
    }

    private static int count(DataInputStream in, int limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > limit) {
            throw new InputException("statistics: a length of " + n + " in " + limit + " bytes (damaged?)");
        }
        return n;
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            string(out, s);
        }
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new InputException("statistics: a list of " + n + " names (damaged?)");
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(string(in));
        }
        return out;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new InputException("statistics: a name of " + n + " bytes where " + in.available() + " remain (damaged?)");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
