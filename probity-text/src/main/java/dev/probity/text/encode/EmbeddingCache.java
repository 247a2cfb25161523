package dev.probity.text.encode;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Embeddings by content: the key of a text is the SHA-256 of the encoder's {@link SentenceEncoder.Identity#id() id}
 * and the text (UTF-8), so a changed model, tokenizer or length limit never serves a stale vector, and the texts
 * themselves are not kept. In memory, optionally backed by a file that {@link #save()} writes atomically (a
 * temporary file in the same folder, then a rename), so a crash never leaves half a cache; a file for another
 * encoder or of another format is refused rather than used.
 */
public final class EmbeddingCache {
    private static final String MAGIC = "probity.embeddings/v1";

    private final String encoderId;
    private final Path file;
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
    private volatile int dimension = -1;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    private EmbeddingCache(String encoderId, Path file) {
        this.encoderId = encoderId;
        this.file = file;
    }

    /** A cache in memory only. */
    public static EmbeddingCache inMemory(String encoderId) {
        return new EmbeddingCache(encoderId, null);
    }

    /** A cache backed by {@code file}, read now when it exists. */
    public static EmbeddingCache onDisk(String encoderId, Path file) {
        EmbeddingCache c = new EmbeddingCache(encoderId, file);
        if (Files.exists(file)) {
            c.read();
        }
        return c;
    }

    public String encoderId() {
        return encoderId;
    }

    public int size() {
        return vectors.size();
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    /** The key of {@code text} under this cache's encoder, as hex. */
    public String key(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(encoderId.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached embedding of {@code text} (a copy), or null. */
    public float[] get(String text) {
        float[] v = vectors.get(key(text));
        if (v == null) {
            misses.incrementAndGet();
            return null;
        }
        hits.incrementAndGet();
        return v.clone();
    }

    public void put(String text, float[] embedding) {
        if (dimension < 0) {
            dimension = embedding.length;
        } else if (embedding.length != dimension) {
            throw new IllegalArgumentException("embedding of length " + embedding.length + ", the cache holds " + dimension);
        }
        vectors.put(key(text), embedding.clone());
    }

    /** Writes the cache to its file atomically; a cache in memory only does nothing. */
    public synchronized void save() {
        if (file == null) {
            return;
        }
        Map<String, float[]> snapshot = new LinkedHashMap<>(vectors);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                    out.writeUTF(MAGIC);
                    out.writeUTF(encoderId);
                    out.writeInt(Math.max(dimension, 0));
                    out.writeInt(snapshot.size());
                    for (Map.Entry<String, float[]> e : snapshot.entrySet()) {
                        out.write(HexFormat.of().parseHex(e.getKey()));
                        for (float f : e.getValue()) {
                            out.writeFloat(f);
                        }
                    }
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedding cache " + file, e);
        }
    }

    private void read() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new IllegalArgumentException(file + " is not an embedding cache (" + MAGIC + ")");
            }
            String id = in.readUTF();
            if (!id.equals(encoderId)) {
                throw new IllegalArgumentException(file + " caches another encoder's embeddings: " + id);
            }
            int d = in.readInt();
            int n = in.readInt();
            byte[] key = new byte[32];
            for (int i = 0; i < n; i++) {
                in.readFully(key);
                float[] v = new float[d];
                for (int j = 0; j < d; j++) {
                    v[j] = in.readFloat();
                }
                vectors.put(HexFormat.of().formatHex(key), v);
            }
            dimension = n == 0 ? -1 : d;
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is cut short: not a complete embedding cache", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding cache " + file, e);
        }
    }
}
