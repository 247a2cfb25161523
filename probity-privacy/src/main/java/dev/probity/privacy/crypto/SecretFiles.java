package dev.probity.privacy.crypto;

import dev.probity.core.InputException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold keys: written to a temporary file beside the target that is readable only by its owner from its
 * creation (on POSIX file systems), forced to disk, then put in place in one step — so a key file is never readable by
 * others, never half written, and (for a new one) never replaces a file, even one created meanwhile.
 */
public final class SecretFiles {
    private SecretFiles() {
    }

    /** Creates {@code file} with {@code content}; refuses an existing file or a missing folder. */
    public static void createNew(Path file, String content) {
        Path target = file.toAbsolutePath().normalize();
        Path dir = folder(file, target);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw exists(file);
        }
        Path tmp = null;
        try {
            tmp = ownerOnlyTemp(dir, content);
            try {
                Files.createLink(target, tmp); // fails when the target exists, where a rename would replace it
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, target); // without REPLACE_EXISTING: fails if the target exists
                tmp = null;
            }
        } catch (FileAlreadyExistsException e) {
            throw exists(file);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage() + "; nothing was written", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Replaces (or creates) {@code file} with {@code content} atomically: a reader sees the old file or the new one. */
    public static void replace(Path file, String content) {
        Path target = file.toAbsolutePath().normalize();
        Path dir = folder(file, target);
        Path tmp = null;
        try {
            tmp = ownerOnlyTemp(dir, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage() + "; it was left as it was", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static Path folder(Path file, Path target) {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException("cannot write " + file + ": the folder " + dir + " does not exist; nothing was written");
        }
        return dir;
    }

    private static InputException exists(Path file) {
        return new InputException(file + " exists; a key file is never replaced (what it protects could not be reversed or "
                + "matched any more). Give a new file; nothing was written");
    }

    private static Path ownerOnlyTemp(Path dir, String content) throws IOException {
        FileAttribute<?>[] owner = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, ".probity-key-", ".tmp", owner);
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return tmp;
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // owner-readable only; nothing else to do
            }
        }
    }
}
