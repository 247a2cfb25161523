package dev.probity.core.io;

import dev.probity.core.InputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader sees either the old content or the complete new content, never a part:
 * the bytes go to a temporary file in the same directory, which is flushed to disk and then renamed over
 * the target. If anything fails the temporary file is deleted and the target is left as it was.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Produces the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new InputException("cannot write " + target + ": the folder " + dir + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new InputException("cannot write " + target + ": it is a folder");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            permissions(tmp, abs);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                OutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
                // The content may close what it is given (JSON generators do); the file is ours to close.
                content.writeTo(new java.io.FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                buffered.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InputException("cannot write " + target + ": permission denied", e);
        } catch (IOException e) {
            throw new InputException("cannot write " + target + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure matters more
                }
            }
        }
    }

    /**
     * Temporary files are private (rw-------); a report is not. Keep the permissions of the file being replaced,
     * else use rw-r--r--, where the file system has POSIX permissions.
     */
    private static void permissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, p);
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
