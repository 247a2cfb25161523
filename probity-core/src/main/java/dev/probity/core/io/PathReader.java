package dev.probity.core.io;

import dev.probity.core.frame.Frame;

import java.nio.file.Path;

/**
 * A reader for a format that core does not parse itself, found with {@link java.util.ServiceLoader}: Parquet is
 * read by probity-sql (through DuckDB), so that the audit's own dependencies stay small and the 80 MB engine is
 * only on the class path of applications that ask for it.
 */
public interface PathReader {
    /** Whether this reader reads {@code format}. */
    boolean reads(Format format);

    Frame read(Path path, ReadOptions options);
}
