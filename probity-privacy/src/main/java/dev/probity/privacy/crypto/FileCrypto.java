package dev.probity.privacy.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import dev.probity.core.InputException;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Envelope encryption of files of any size: each file gets a fresh data key (a streaming-AEAD keyset, AES-256-GCM-HKDF
 * in 1 MB segments), encrypted under the caller's key-encryption key (any {@link Aead}: a keyset's, or a KMS's) and
 * stored at the head of the file; the contents are encrypted with the data key as they stream.
 *
 * <p><b>Format.</b> The 8 bytes {@code PRBENC01}, the length of the encrypted data key (4 bytes, big-endian), the
 * encrypted data key (Tink's binary encrypted-keyset format, with the magic as associated data), then Tink's
 * streaming-AEAD ciphertext, whose associated data is the magic and the encrypted data key — so the head cannot be
 * swapped onto another file's body.
 *
 * <p><b>Never garbage.</b> Decryption writes to a temporary file beside the output and renames it only when every
 * segment has authenticated, the last one included (Tink's segments are authenticated one by one, and a truncated
 * stream fails at its end). A changed byte anywhere, a truncation, the wrong key: the temporary file is deleted and
 * nothing is written. Key rotation: the key-encryption keyset keeps its old keys, so files encrypted before a rotation
 * still decrypt, and new files use the new primary key.
 */
public final class FileCrypto {
    static final byte[] MAGIC = "PRBENC01".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 1 << 20;

    private FileCrypto() {
    }

    /** Encrypts {@code in} to {@code out} under the key-encryption key; returns the ciphertext's size in bytes. */
    public static long encrypt(Path in, Path out, Aead kek) {
        checkPaths(in, out);
        byte[] header;
        StreamingAead dek;
        try {
            KeysetHandle data = Keysets.create(Keysets.Purpose.STREAMING_AEAD).handle();
            header = TinkProtoKeysetFormat.serializeEncryptedKeyset(data, kek, MAGIC);
            dek = data.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new InputException("the key-encryption key could not encrypt the data key: " + e.getMessage());
        }
        byte[] ad = associated(header);
        return atomically(out, tmp -> {
            try (InputStream src = Files.newInputStream(in); OutputStream raw = Files.newOutputStream(tmp)) {
                raw.write(MAGIC);
                raw.write(new byte[] {(byte) (header.length >>> 24), (byte) (header.length >>> 16), (byte) (header.length >>> 8), (byte) header.length});
                raw.write(header);
                try (OutputStream enc = dek.newEncryptingStream(raw, ad)) {
                    src.transferTo(enc);
                }
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        });
    }

    /**
     * Decrypts {@code in} to {@code out}; a ciphertext that fails authentication anywhere is refused, and nothing is
     * written. Returns the plaintext's size in bytes.
     */
    public static long decrypt(Path in, Path out, Aead kek) {
        checkPaths(in, out);
        byte[] header;
        long bodyOffset;
        try (DataInputStream d = new DataInputStream(Files.newInputStream(in))) {
            byte[] magic = new byte[MAGIC.length];
            d.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new InputException(in + " is not a file encrypted by Probity (it does not start with " + new String(MAGIC, StandardCharsets.US_ASCII) + ")");
            }
            int n = d.readInt();
            if (n <= 0 || n > MAX_HEADER) {
                throw new InputException(in + ": the encrypted data key's length (" + n + ") is impossible; the file was changed");
            }
            header = new byte[n];
            d.readFully(header);
            bodyOffset = MAGIC.length + 4L + n;
        } catch (EOFException e) {
            throw new InputException(in + " is truncated: it ends inside its header");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException("no file " + in);
        } catch (IOException e) {
            throw new InputException("cannot read " + in + ": " + e.getMessage());
        }
        StreamingAead dek;
        try {
            dek = TinkProtoKeysetFormat.parseEncryptedKeyset(header, kek, MAGIC).getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new InputException(in + ": its data key does not decrypt with this key-encryption key (a wrong key, or the file's head was changed); "
                    + "nothing was written");
        }
        byte[] ad = associated(header);
        try {
            return atomically(out, tmp -> {
                try (InputStream raw = Files.newInputStream(in)) {
                    raw.skipNBytes(bodyOffset);
                    try (InputStream dec = dek.newDecryptingStream(raw, ad); OutputStream dst = Files.newOutputStream(tmp)) {
                        dec.transferTo(dst);
                    }
                } catch (GeneralSecurityException e) {
                    throw new IOException(e);
                }
            });
        } catch (InputException e) {
            throw new InputException(in + " failed authentication: it was changed or truncated after it was encrypted, or it was "
                    + "encrypted for another key; nothing was written (" + e.getMessage() + ")");
        }
    }

    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    private static long atomically(Path out, Writer w) {
        Path abs = out.toAbsolutePath();
        // named after the output, so that a run killed with kill -9 leaves at most this hidden file, which the next run
        // of the same command replaces and removes; readable only by its owner, since a decryption's holds plaintext
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".probity-tmp");
        try {
            Files.deleteIfExists(tmp);
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
            w.write(tmp);
            long size = Files.size(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            return size;
        } catch (IOException e) {
            throw new InputException(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private static void checkPaths(Path in, Path out) {
        if (!Files.isRegularFile(in)) {
            throw new InputException(Files.exists(in) ? in + " is not a file" : "no file " + in);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new InputException("the folder of " + out + " does not exist");
        }
        try {
            if (Files.exists(out) && Files.isSameFile(in, out)) {
                throw new InputException(out + " is the input itself; writing it would destroy the input. Give another output file");
            }
        } catch (IOException e) {
            throw new InputException("cannot compare " + in + " and " + out + ": " + e.getMessage());
        }
    }

    private static byte[] associated(byte[] header) {
        byte[] ad = Arrays.copyOf(MAGIC, MAGIC.length + header.length);
        System.arraycopy(header, 0, ad, MAGIC.length, header.length);
        return ad;
    }
}
