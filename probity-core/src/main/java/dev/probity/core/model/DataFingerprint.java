package dev.probity.core.model;

import dev.probity.core.frame.Column;
import dev.probity.core.frame.Frame;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Which data a model was fitted on, without the data: the name it was read from, its row count, and a SHA-256 of
 * its content. The hash covers the column names and types, then every value as text, row by row (a missing value
 * hashes differently from any text), so the same table gives the same fingerprint however it was read, and any
 * changed value, row or column gives another.
 *
 * @param source the file or dataset name the rows were read from (display only; not hashed)
 * @param rows   the number of rows
 * @param sha256 the content hash, 64 lowercase hex digits
 */
public record DataFingerprint(String source, long rows, String sha256) {
    public DataFingerprint {
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
    }

    public static DataFingerprint of(Frame f) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Column c : f.columns()) {
                md.update((c.name() + "\u0000" + c.type().label() + "\u0001").getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < f.rowCount(); i++) {
                for (Column c : f.columns()) {
                    String v = c.format(i);
                    md.update(v == null ? new byte[] {2} : v.getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                }
                md.update((byte) '\n');
            }
            return new DataFingerprint(f.source(), f.rowCount(), HexFormat.of().formatHex(md.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
