package dev.probity.core.io;

import java.nio.file.Path;
import java.util.Locale;

/** Input formats Probity reads. */
public enum Format {
    /** Comma- (or otherwise) separated values, RFC 4180 quoting. */
    CSV,
    /** Tab-separated values (CSV with a tab delimiter). */
    TSV,
    /** One JSON object per line. */
    JSONL,
    /** Apache Parquet, read through the embedded DuckDB engine of probity-sql (see {@link PathReader}). */
    PARQUET;

    /** The format a file name's extension implies; CSV when the extension says nothing. */
    public static Format fromFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".tsv") || n.endsWith(".tab")) {
            return TSV;
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
            return JSONL;
        }
        if (n.endsWith(".parquet") || n.endsWith(".pq")) {
            return PARQUET;
        }
        return CSV;
    }

    public static Format fromFileName(Path path) {
        return fromFileName(path.getFileName().toString());
    }

    /** Parses {@code csv|tsv|jsonl|parquet}. */
    public static Format parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "tsv", "tab" -> TSV;
            case "jsonl", "ndjson", "json" -> JSONL;
            case "parquet" -> PARQUET;
            default -> throw new IllegalArgumentException("unknown format '" + s + "' (use csv, tsv, jsonl or parquet)");
        };
    }
}
