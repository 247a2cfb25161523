package dev.probity.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a whole file into a byte array, in reads of at most {@link #PIECE} bytes.
 *
 * <p>{@link Files#readAllBytes} asks for the whole file in one read. The JDK passes a read into a Java array through a
 * native buffer of the read's size, so a 60 MB file is first written into 60 MB of freshly mapped memory, and each of its
 * pages is faulted in before the copy. Where page faults are dear (virtual machines, sandboxes) that is most of the time:
 * on the development machine the 60 MB benchmark CSV took 260–350 ms that way and 30–47 ms in 1 MiB reads (the native
 * buffer is then reused from read to read). The result is the same bytes.
 */
public final class FileBytes {
    /** The most bytes asked of the file in one read. */
    public static final int PIECE = 1 << 20;

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 64;

    private FileBytes() {
    }

    /**
     * The file's bytes. The size the file system reports is only a first guess (a file in {@code /proc} reports 0, a
     * file may grow while it is read): the file is read to its end.
     *
     * @throws OutOfMemoryError when the file holds more than about 2 GB, as {@link Files#readAllBytes} does
     */
    public static byte[] read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            long size = Files.size(path);
            if (size > MAX_ARRAY) {
                throw new OutOfMemoryError(path + " holds " + size + " bytes, more than an array can hold");
            }
            byte[] b = new byte[size > 0 ? (int) size : 8192];
            int len = 0;
            while (true) {
                if (len == b.length) {
                    // the reported size is reached: is there more?
                    int next = in.read();
                    if (next < 0) {
                        return b;
                    }
                    if (b.length == MAX_ARRAY) {
                        throw new OutOfMemoryError(path + " holds more bytes than an array can hold");
                    }
                    b = Arrays.copyOf(b, (int) Math.min(MAX_ARRAY, Math.max(8192L, 2L * b.length)));
                    b[len++] = (byte) next;
                }
                int n = in.read(b, len, Math.min(PIECE, b.length - len));
                if (n < 0) {
                    return len == b.length ? b : Arrays.copyOf(b, len);
                }
                len += n;
            }
        }
    }
}
