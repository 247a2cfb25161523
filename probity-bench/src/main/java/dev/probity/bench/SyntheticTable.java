package dev.probity.bench;

import dev.probity.core.stats.SplitMix64;
import dev.probity.fairness.stats.AuditData;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The seeded benchmark table of shared/bench/synthetic-audit-table.md: N rows (group, y_true, y_pred) from
 * a counter-based generator, so that any implementation regenerates the identical rows. For N = 10,000,000
 * and seed 20240601 the CSV is 60,000,020 bytes with sha256 {@value #SHA256_10M}.
 */
public final class SyntheticTable {
    public static final long SEED = 20240601L;
    public static final int ROWS = 10_000_000;
    public static final String SHA256_10M = "d1576ca205834643747159e3353cb94fdb2594d5fdc7a7e8f15d57e53bb21b9a";

    private static final double[] BASE = {0.30, 0.40, 0.50};
    private static final double[] TPR = {0.80, 0.70, 0.60};
    private static final double[] FPR = {0.10, 0.20, 0.30};

    private SyntheticTable() {
    }

    /** u(j) = (mix(SEED + (j + 1)·GOLDEN) >>> 11)·2⁻⁵³. */
    static double u(long seed, long j) {
        return (SplitMix64.mix(seed + (j + 1) * SplitMix64.GOLDEN) >>> 11) * 0x1.0p-53;
    }

    /** Group codes (A = 0, B = 1, C = 2), labels and predictions of rows {@code [0, rows)}. */
    public static AuditData generate(int rows, long seed) {
        int[] g = new int[rows];
        byte[] y = new byte[rows];
        byte[] p = new byte[rows];
        for (int i = 0; i < rows; i++) {
            int row = draw(seed, i);
            g[i] = row >> 2;
            y[i] = (byte) (row >> 1 & 1);
            p[i] = (byte) (row & 1);
        }
        return AuditData.binary(List.of("group"), List.of(List.of("A"), List.of("B"), List.of("C")), g, y, p);
    }

    /** Row {@code i}: group·4 + label·2 + prediction, drawn as the benchmark definition says. */
    static int draw(long seed, long i) {
        long j = 3L * i;
        double a = u(seed, j);
        int group = a < 0.5 ? 0 : a < 0.8 ? 1 : 2;
        int label = u(seed, j + 1) < BASE[group] ? 1 : 0;
        double c = u(seed, j + 2);
        int pred = (label == 1 ? c < TPR[group] : c < FPR[group]) ? 1 : 0;
        return group << 2 | label << 1 | pred;
    }

    /**
     * Writes the CSV of {@code rows} rows straight from the generator, without holding the rows (a 3 GB table of 500
     * million rows needs no heap), and returns its sha256; for 10,000,000 rows it is the published file.
     */
    public static String writeCsv(long rows, long seed, OutputStream out) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] header = "group,y_true,y_pred\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        sha.update(header);
        out.write(header);
        byte[] buf = new byte[6 * 65536];
        int n = 0;
        for (long i = 0; i < rows; i++) {
            int row = draw(seed, i);
            buf[n++] = (byte) ('A' + (row >> 2));
            buf[n++] = ',';
            buf[n++] = (byte) ('0' + (row >> 1 & 1));
            buf[n++] = ',';
            buf[n++] = (byte) ('0' + (row & 1));
            buf[n++] = '\n';
            if (n == buf.length) {
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
                n = 0;
            }
        }
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The CSV of {@code rows} rows at {@code path} (6 bytes a row and a 20-byte header), generated when absent or short;
     * the 10-million-row table's sha256 is checked against the published value.
     */
    public static Path ensureCsv(Path path, long rows) throws IOException {
        if (Files.exists(path) && Files.size(path) == 6 * rows + 20) {
            return path;
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        String sha;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            sha = writeCsv(rows, SEED, out);
        }
        if (rows == ROWS && !sha.equals(SHA256_10M)) {
            Files.deleteIfExists(tmp);
            throw new IllegalStateException("generated table has sha256 " + sha + ", expected " + SHA256_10M);
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return path;
    }

    /** The 10-million-row CSV at {@code path}, generated when absent; its sha256 is checked against the published value. */
    public static Path ensureCsv(Path path) throws IOException {
        return ensureCsv(path, ROWS);
    }
}
