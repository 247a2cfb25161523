package dev.probity.ledger;

import dev.probity.core.InputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.zip.CRC32C;

/**
 * A durable, append-only evidence log whose entries are the leaves of an RFC 6962 Merkle tree, with checkpoints signed
 * in the C2SP format. A folder holds:
 * <ul>
 *   <li>{@code entries}: each entry as {@code u32 length ‖ bytes ‖ u32 CRC-32C(length ‖ bytes)}, big-endian;</li>
 *   <li>{@code leaves}: each entry's leaf hash, 32 bytes, in order (so that a changed entry is named, and proofs need no
 *       rehashing);</li>
 *   <li>{@code checkpoint}: the latest signed checkpoint; {@code checkpoints}: every checkpoint ever signed, each as
 *       {@code u32 length ‖ note};</li>
 *   <li>{@code key}: the log's Ed25519 signer key (readable by its owner only), {@code key.pub} its verifier key.</li>
 * </ul>
 * <p><b>Durability.</b> Appends are acknowledged only after their bytes are on disk: a single writer thread takes every
 * waiting append, writes them in one batch, forces the files ({@code fsync}) and then completes them (group commit). After
 * a crash, opening the log drops a torn last record (it was never acknowledged) and rebuilds leaf hashes the crash did not
 * write; every acknowledged entry is there. One process writes a log at a time (a file lock).
 */
public final class Ledger implements AutoCloseable {
    static final String ENTRIES = "entries";
    static final String LEAVES = "leaves";
    static final String CHECKPOINT = "checkpoint";
    static final String CHECKPOINTS = "checkpoints";
    static final String KEY = "key";
    static final String KEY_PUB = "key.pub";
    static final String LOCK = "lock";
    /** The largest entry: 16 MiB. */
    public static final int MAX_ENTRY = 16 << 20;
    /** Appends written in one batch at most. */
    static final int BATCH = 4096;

    private final Path dir;
    private final NoteKey key;
    private final String origin;
    private final FileChannel entries;
    private final FileChannel leavesFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Tree tree = new Tree();
    /** offsets[i]: where entry i starts in {@code entries}. */
    private long[] offsets = new long[1024];
    private long entriesEnd;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(1 << 16);
    private final Thread writer;
    private volatile boolean closed;
    private volatile Throwable failure;

    private record Pending(byte[] data, CompletableFuture<Long> done) {}

    private Ledger(Path dir, NoteKey key, String origin) throws IOException {
        this.dir = dir;
        this.key = key;
        this.origin = origin;
        this.lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new InputException(dir + ": another process (or another open Ledger) is writing this log");
        }
        this.lock = l;
        FileChannel e = null;
        FileChannel lv = null;
        try {
            e = FileChannel.open(dir.resolve(ENTRIES), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            lv = FileChannel.open(dir.resolve(LEAVES), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.entries = e;
            this.leavesFile = lv;
            recover();
        } catch (IOException | RuntimeException failure) {
            // a log that cannot be opened is left as it was, and unlocked
            for (java.io.Closeable c : new java.io.Closeable[] {e, lv, lockChannel}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (IOException ignored) {
                    // closing after a failure: the failure is what matters
                }
            }
            throw failure;
        }
        this.writer = new Thread(this::writeLoop, "probity-ledger-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Creates a new, empty log in {@code dir} (which must be empty or absent) with a new key, and signs its empty checkpoint. */
    public static Ledger create(Path dir, String origin) {
        return create(dir, NoteKey.generate(origin));
    }

    /** Creates a new, empty log signed by {@code key} (whose name is the log's origin). */
    public static Ledger create(Path dir, NoteKey key) {
        if (!key.canSign()) {
            throw new IllegalArgumentException("a log's key must be able to sign");
        }
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new InputException(dir + " is a file; a log is a folder");
                }
                try (var s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new InputException(dir + " is not empty; a new log needs an empty folder (or none)");
                    }
                }
            }
            Path parent = dir.toAbsolutePath().normalize().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new InputException("cannot create the log " + dir + ": the folder " + parent + " does not exist");
            }
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(KEY), (key.signerKey() + "\n").getBytes(StandardCharsets.UTF_8), true);
            writeAtomically(dir.resolve(KEY_PUB), (key.verifierKey() + "\n").getBytes(StandardCharsets.UTF_8), false);
            Ledger l = new Ledger(dir, key, key.name());
            l.checkpoint();
            return l;
        } catch (IOException e) {
            throw new InputException("cannot create the log in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens an existing log for reading and appending. */
    public static Ledger open(Path dir) {
        if (!Files.isDirectory(dir) || !Files.exists(dir.resolve(KEY_PUB))) {
            throw new InputException(dir + " is not a Probity log (no " + KEY_PUB + "); create one with 'ledger init'");
        }
        try {
            NoteKey key = Files.exists(dir.resolve(KEY)) ? NoteKey.parseSigner(Files.readString(dir.resolve(KEY)).trim())
                    : NoteKey.parseVerifier(Files.readString(dir.resolve(KEY_PUB)).trim());
            return new Ledger(dir, key, key.name());
        } catch (IOException e) {
            throw new InputException("cannot open the log in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The latest signed checkpoint (verified with the log's key). */
    public Checkpoint latestCheckpoint() {
        try {
            return Checkpoint.open(dev.probity.core.io.FileBytes.read(dir.resolve(CHECKPOINT)), List.of(key.verifier()));
        } catch (IOException e) {
            throw new InputException("cannot read " + dir.resolve(CHECKPOINT) + ": " + e.getMessage(), e);
        }
    }

    /** The log's verifier key as written in {@code key.pub}. */
    public static NoteKey publicKey(Path dir) {
        try {
            return NoteKey.parseVerifier(Files.readString(dir.resolve(KEY_PUB)).trim());
        } catch (IOException e) {
            throw new InputException("cannot read " + dir.resolve(KEY_PUB) + ": " + e.getMessage(), e);
        }
    }

    public String origin() {
        return origin;
    }

    public NoteKey key() {
        return key.verifier();
    }

    /** Whether the log's signer key is here (a copy handed to an auditor usually has only key.pub). */
    public boolean canSign() {
        return key.canSign();
    }

    public Path dir() {
        return dir;
    }

    /** Entries on disk. */
    public synchronized long size() {
        return tree.size();
    }

    /**
     * Reads the entries and leaf hashes; drops a torn tail; rebuilds leaf hashes a crash did not write. Only a record
     * that was never acknowledged may be dropped: one past every leaf hash on disk (a leaf hash is written only once
     * its entry is durable) and past the latest signed checkpoint. Anything else missing or cut short is damage, and
     * the log refuses to open rather than "repair" it.
     */
    private void recover() throws IOException {
        long fileSize = entries.size();
        long pos = 0;
        List<byte[]> leafHashes = new ArrayList<>();
        ByteBuffer head = ByteBuffer.allocate(4);
        long leavesOnDisk = leavesFile.size() / Merkle.HASH_BYTES;
        long guarded = Math.max(leavesOnDisk, signedSize());
        while (pos < fileSize) {
            head.clear();
            if (readFully(entries, head, pos) < 4) {
                break; // torn length
            }
            int len = head.getInt(0);
            if (len < 0 || len > MAX_ENTRY || pos + 8 + len > fileSize) {
                if (pos + 8 + Math.max(0, Math.min(len, MAX_ENTRY)) >= fileSize && leafHashes.size() >= guarded) {
                    break; // torn at the end: never acknowledged
                }
                throw new InputException(dir.resolve(ENTRIES) + ": entry " + leafHashes.size() + " (byte " + pos + ") has an impossible"
                        + " length " + len + "; the log is damaged: run 'ledger verify'");
            }
            ByteBuffer rec = ByteBuffer.allocate(len + 4);
            readFully(entries, rec, pos + 4);
            byte[] data = new byte[len];
            rec.get(0, data);
            int crc = rec.getInt(len);
            if (crc != crc(len, data)) {
                if (pos + 8 + len == fileSize && leafHashes.size() >= guarded) {
                    break; // the last record, half written: never acknowledged
                }
                throw new InputException(dir.resolve(ENTRIES) + ": entry " + leafHashes.size() + " (byte " + pos + ") fails its checksum;"
                        + " the log is damaged: run 'ledger verify'");
            }
            byte[] h;
            long i = leafHashes.size();
            if (i < leavesOnDisk) {
                h = new byte[Merkle.HASH_BYTES];
                readFully(leavesFile, ByteBuffer.wrap(h), i * Merkle.HASH_BYTES);
            } else {
                h = Merkle.leafHash(data);
            }
            leafHashes.add(h);
            addOffset(leafHashes.size() - 1, pos);
            pos += 8 + len;
        }
        if (leafHashes.size() < guarded) {
            throw new InputException(dir.resolve(ENTRIES) + " holds " + leafHashes.size() + " whole entries, but "
                    + (leavesOnDisk > leafHashes.size() ? leavesOnDisk + " were written to disk (" + LEAVES + ")" : "a signed checkpoint covers "
                    + signedSize()) + ": entries were removed or cut short; the log is damaged: run 'ledger verify'");
        }
        if (pos < fileSize) {
            entries.truncate(pos);
            entries.force(true);
        }
        // leaf hashes: write the ones the crash lost, drop extra ones
        long n = leafHashes.size();
        if (leavesOnDisk != n) {
            leavesFile.truncate(Math.min(leavesOnDisk, n) * Merkle.HASH_BYTES);
            for (long i = leavesOnDisk; i < n; i++) {
                leavesFile.write(ByteBuffer.wrap(leafHashes.get((int) i)), i * Merkle.HASH_BYTES);
            }
            leavesFile.force(true);
        }
        entriesEnd = pos;
        for (byte[] h : leafHashes) {
            tree.add(h);
        }
    }

    /** The size of the latest signed checkpoint on disk (0 when there is none or it cannot be read; verify says why). */
    private long signedSize() {
        try {
            byte[] note = dev.probity.core.io.FileBytes.read(dir.resolve(CHECKPOINT));
            String text = new String(note, StandardCharsets.UTF_8);
            int blank = text.indexOf("\n\n");
            return blank < 0 ? 0 : Checkpoint.parse(text.substring(0, blank + 1)).size();
        } catch (IOException | InputException e) {
            return 0;
        }
    }

    private void addOffset(long index, long pos) {
        if (index >= offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, (int) Math.max(index + 1, offsets.length * 2L));
        }
        offsets[(int) index] = pos;
    }

    static int crc(int len, byte[] data) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(4).putInt(0, len));
        c.update(data);
        return (int) c.getValue();
    }

    private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    /** Appends one entry and returns its index once it is on disk. */
    public long append(byte[] data) {
        try {
            return appendAsync(data).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException(new IOException(c));
        }
    }

    /** Queues an entry; the future completes with its index once the entry is on disk (never before). */
    public CompletableFuture<Long> appendAsync(byte[] data) {
        if (data.length > MAX_ENTRY) {
            throw new InputException("an entry has at most " + MAX_ENTRY + " bytes; this one has " + data.length);
        }
        if (closed) {
            throw new IllegalStateException("the log is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("the log stopped after a write failed: " + failure, failure);
        }
        CompletableFuture<Long> f = new CompletableFuture<>();
        try {
            queue.put(new Pending(data.clone(), f));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.completeExceptionally(e);
        }
        return f;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                Pending first = queue.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                failure = t;
                for (Pending p : batch) {
                    p.done().completeExceptionally(t);
                }
                Pending p;
                while ((p = queue.poll()) != null) {
                    p.done().completeExceptionally(t);
                }
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Pending> batch) throws IOException {
        int bytes = 0;
        for (Pending p : batch) {
            bytes += 8 + p.data().length;
        }
        ByteBuffer out = ByteBuffer.allocate(bytes);
        ByteBuffer hashes = ByteBuffer.allocate(batch.size() * Merkle.HASH_BYTES);
        List<byte[]> leafHashes = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            byte[] d = p.data();
            out.putInt(d.length).put(d).putInt(crc(d.length, d));
            byte[] h = Merkle.leafHash(d);
            leafHashes.add(h);
            hashes.put(h);
        }
        out.flip();
        hashes.flip();
        long first;
        synchronized (this) {
            first = tree.size();
        }
        long pos = entriesEnd;
        while (out.hasRemaining()) {
            pos += entries.write(out, pos);
        }
        // the entries are on disk before their leaf hashes are written, so a leaf hash on disk always means a durable
        // entry: recovery may then drop only a torn tail that no leaf hash and no signed checkpoint covers
        entries.force(false);
        long hpos = first * Merkle.HASH_BYTES;
        while (hashes.hasRemaining()) {
            hpos += leavesFile.write(hashes, hpos);
        }
        leavesFile.force(false);
        synchronized (this) {
            long at = entriesEnd;
            for (int i = 0; i < batch.size(); i++) {
                addOffset(first + i, at);
                at += 8 + batch.get(i).data().length;
            }
            entriesEnd = pos;
            for (byte[] h : leafHashes) {
                tree.add(h);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(first + i);
        }
    }

    /** The bytes of entry {@code index}. */
    public byte[] entry(long index) {
        long n = size();
        if (index < 0 || index >= n) {
            throw new InputException("no entry " + index + "; the log has " + n + " entries (0 to " + (n - 1) + ")");
        }
        long pos;
        synchronized (this) {
            pos = offsets[(int) index];
        }
        try {
            ByteBuffer head = ByteBuffer.allocate(4);
            readFully(entries, head, pos);
            ByteBuffer b = ByteBuffer.allocate(head.getInt(0));
            readFully(entries, b, pos + 4);
            return b.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized byte[] leafHash(long index) {
        return tree.leaf(index);
    }

    /** The root of the first {@code n} entries. */
    public synchronized byte[] root(long n) {
        checkSize(n);
        return Merkle.root(tree, 0, n);
    }

    public synchronized List<byte[]> inclusionProof(long index, long treeSize) {
        checkSize(treeSize);
        if (index < 0 || index >= treeSize) {
            throw new InputException("no entry " + index + " in the first " + treeSize + " entries");
        }
        return Merkle.inclusionProof(tree, index, treeSize);
    }

    public synchronized List<byte[]> consistencyProof(long from, long to) {
        checkSize(to);
        if (from < 1 || from > to) {
            throw new InputException("a consistency proof goes from a size of at least 1 to a size at least as large; got " + from + " to " + to);
        }
        return Merkle.consistencyProof(tree, from, to);
    }

    private void checkSize(long n) {
        if (n < 0 || n > tree.size()) {
            throw new InputException("the log has " + tree.size() + " entries; there is no tree of size " + n);
        }
    }

    /** Signs a checkpoint of the log as it is now, writes it ({@code checkpoint}, and appended to {@code checkpoints}) and returns its note. */
    public String checkpoint() {
        if (!key.canSign()) {
            throw new InputException(dir + ": this log's signer key is not here (only " + KEY_PUB + "); it cannot sign checkpoints");
        }
        Checkpoint c;
        synchronized (this) {
            c = new Checkpoint(origin, tree.size(), Merkle.root(tree, 0, tree.size()));
        }
        String note = c.sign(key);
        byte[] b = note.getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(dir.resolve(CHECKPOINTS), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).flip());
            ch.force(true);
            writeAtomically(dir.resolve(CHECKPOINT), b, false);
        } catch (IOException e) {
            throw new InputException("cannot write the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
        return note;
    }

    static void writeAtomically(Path target, byte[] bytes, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".probity-", ".tmp");
        try {
            if (secret) {
                try {
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            entries.close();
            leavesFile.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Leaf hashes in memory with the hashes of every complete perfect subtree (levels of 2, 4, 8, … leaves), so that a
     * proof in a tree of a million leaves costs a few dozen hashes.
     */
    static final class Tree implements Merkle.Leaves {
        private final List<byte[][]> levels = new ArrayList<>(); // levels.get(l)[i] = hash of leaves [i·2^l, (i+1)·2^l)
        private final int[] counts = new int[64];
        private long size;

        void add(byte[] leafHash) {
            put(0, leafHash);
            size++;
        }

        private void put(int level, byte[] h) {
            if (levels.size() <= level) {
                levels.add(new byte[16][]);
            }
            byte[][] arr = levels.get(level);
            int i = counts[level];
            if (i == arr.length) {
                arr = java.util.Arrays.copyOf(arr, arr.length * 2);
                levels.set(level, arr);
            }
            arr[i] = h;
            counts[level] = i + 1;
            if ((i & 1) == 1) {
                put(level + 1, Merkle.nodeHash(arr[i - 1], h));
            }
        }

        long size() {
            return size;
        }

        byte[] leaf(long index) {
            return levels.get(0)[(int) index].clone();
        }

        @Override
        public byte[] leafHash(long index) {
            return levels.get(0)[(int) index];
        }

        @Override
        public byte[] perfect(long start, int level) {
            if (level >= levels.size()) {
                return null;
            }
            long i = start >> level;
            return i < counts[level] ? levels.get(level)[(int) i] : null;
        }
    }
}
