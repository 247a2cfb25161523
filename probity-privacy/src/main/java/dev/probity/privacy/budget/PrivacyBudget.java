package dev.probity.privacy.budget;

import dev.probity.core.InputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * A dataset's privacy budget, kept in a file: the total (ε, δ) that may ever be spent on the dataset, and the ledger of
 * releases that spent it — who asked for what, with which mechanism and parameters, at what cost.
 *
 * <p><b>Never overspent.</b> A release is debited before its result exists ({@link #release}): the debit takes an
 * exclusive lock on the file (a {@link FileLock} between processes and a lock within this JVM between threads), reads
 * every debit made so far by any process, refuses the release if its cost would take the spending past the total, and
 * otherwise appends its record and forces it to the disk before the lock is released and the result computed. Costs
 * add up by basic composition — ε's sum and δ's sum — in exact decimal arithmetic; a tighter account (Rényi DP, say)
 * belongs inside one release's cost (a whole DP-SGD training is one release).
 *
 * <p><b>Crash-safe.</b> A record is a line, {@code fields TAB crc32}, appended in one write and forced to the disk
 * before anything is released. After {@code kill -9} at any point the file holds every debit whose release could have
 * been returned; a last line cut short by the crash (no newline, or a checksum that does not match) belonged to a
 * release that was never returned and is dropped, and the next debit truncates it. A damaged line anywhere else is
 * refused, naming the line. Debits are never undone: a release whose computation fails after its debit stays debited,
 * since its noise may already have been drawn.
 *
 * <p>File layout: a header line {@code probity.budget/v1}, the dataset, the total ε and δ, the creation time, and its
 * checksum; then one line per release: sequence number, time, ε, δ, who, what, mechanism, parameters — each field
 * percent-encoded, so that no field can forge a line or a column.
 */
public final class PrivacyBudget {
    static final String MAGIC = "probity.budget/v1";
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final String dataset;
    private final BigDecimal totalEpsilon;
    private final BigDecimal totalDelta;
    private final Instant created;

    /** One release, as recorded. */
    public record Entry(long sequence, Instant at, Charge charge) {
    }

    /** What was spent and what is left, as exact decimals. */
    public record Balance(BigDecimal epsilonSpent, BigDecimal deltaSpent, BigDecimal epsilonLeft, BigDecimal deltaLeft, int releases) {
    }

    /** A release's debit, and its result. */
    public record Released<T>(Entry entry, Balance after, T result) {
    }

    private PrivacyBudget(Path file, String dataset, BigDecimal totalEpsilon, BigDecimal totalDelta, Instant created) {
        this.file = file;
        this.dataset = dataset;
        this.totalEpsilon = totalEpsilon;
        this.totalDelta = totalDelta;
        this.created = created;
    }

    /** A new budget file; refuses to replace one that exists (a budget is never reset by accident). */
    public static PrivacyBudget create(Path file, String dataset, BigDecimal epsilon, BigDecimal delta) {
        if (dataset == null || dataset.isBlank()) {
            throw new InputException("a privacy budget belongs to a named dataset");
        }
        if (epsilon == null || epsilon.signum() <= 0) {
            throw new InputException("a privacy budget's ε is positive; got " + epsilon);
        }
        if (delta == null || delta.signum() < 0 || delta.compareTo(BigDecimal.ONE) >= 0) {
            throw new InputException("a privacy budget's δ is in [0, 1); got " + delta);
        }
        if (Files.exists(file)) {
            throw new InputException(file + ": a privacy budget exists there already; a budget is never replaced");
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new InputException(file + ": the folder " + folder + " does not exist; create it first (nothing was written)");
        }
        Instant now = Instant.now();
        String header = line(MAGIC, dataset, epsilon.toPlainString(), delta.toPlainString(), now.toString());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(header.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            try {
                // a link fails if the name exists: two processes creating the same budget cannot both win
                Files.createLink(file, tmp);
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                if (e instanceof FileAlreadyExistsException) {
                    throw new InputException(file + ": a privacy budget exists there already; a budget is never replaced");
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException m) {
                    Files.move(tmp, file);
                }
            }
            Files.deleteIfExists(tmp);
            forceDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            throw new UncheckedIOException(e);
        }
        return new PrivacyBudget(file, dataset, epsilon, delta, now);
    }

    /** An existing budget file. */
    public static PrivacyBudget open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no privacy budget there (create one first)");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            List<String> lines = lines(ch);
            if (lines.isEmpty()) {
                throw new InputException(file + ": not a privacy budget (empty)");
            }
            String[] h = fields(file, 1, lines.get(0));
            if (h.length != 5 || !h[0].equals(MAGIC)) {
                throw new InputException(file + ": not a privacy budget (line 1 is not a " + MAGIC + " header)");
            }
            return new PrivacyBudget(file, h[1], new BigDecimal(h[2]), new BigDecimal(h[3]), Instant.parse(h[4]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return file;
    }

    public String dataset() {
        return dataset;
    }

    public BigDecimal totalEpsilon() {
        return totalEpsilon;
    }

    public BigDecimal totalDelta() {
        return totalDelta;
    }

    public Instant created() {
        return created;
    }

    /**
     * Debits {@code charge} and only then computes the result: if the budget cannot pay, nothing is computed and a
     * {@link BudgetExceededException} says what is left. The debit is on the disk before {@code compute} runs.
     */
    public <T> Released<T> release(Charge charge, Supplier<T> compute) {
        Entry e = debit(charge);
        Balance after = balance();
        return new Released<>(e, after, compute.get());
    }

    /** Debits {@code charge} (on the disk when this returns), or refuses it with nothing debited. */
    public Entry debit(Charge charge) {
        ReentrantLock jvm = LOCKS.computeIfAbsent(key(), k -> new ReentrantLock());
        jvm.lock();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            Scan s = scan(ch);
            BigDecimal eps = s.epsilon.add(charge.epsilon());
            BigDecimal del = s.delta.add(charge.delta());
            if (eps.compareTo(totalEpsilon) > 0 || del.compareTo(totalDelta) > 0) {
                throw new BudgetExceededException(String.format("the privacy budget of %s cannot pay for %s: it costs ε %s, δ %s; "
                                + "%d %s spent ε %s of %s and δ %s of %s, leaving ε %s and δ %s", dataset, charge.what(),
                        charge.epsilon().toPlainString(), charge.delta().toPlainString(), s.entries, s.entries == 1 ? "release has" : "releases have",
                        s.epsilon.toPlainString(), totalEpsilon.toPlainString(), s.delta.toPlainString(), totalDelta.toPlainString(),
                        totalEpsilon.subtract(s.epsilon).toPlainString(), totalDelta.subtract(s.delta).toPlainString()));
            }
            if (s.tornAt >= 0) {
                ch.truncate(s.tornAt); // a cut-short last line from a crash: its release was never returned
            }
            Entry e = new Entry(s.lastSequence + 1, Instant.now(), charge);
            byte[] bytes = record(e).getBytes(StandardCharsets.UTF_8);
            ch.position(ch.size());
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
            return e;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } finally {
            jvm.unlock();
        }
    }

    /** What has been spent and what is left. */
    public Balance balance() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Scan s = scan(ch);
            return new Balance(s.epsilon, s.delta, totalEpsilon.subtract(s.epsilon), totalDelta.subtract(s.delta), s.entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every release recorded, in order. */
    public List<Entry> entries() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return scan(ch).list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path key() {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static final class Scan {
        BigDecimal epsilon = BigDecimal.ZERO;
        BigDecimal delta = BigDecimal.ZERO;
        int entries;
        long lastSequence;
        long tornAt = -1;
        final List<Entry> list = new ArrayList<>();
    }

    /** Reads every record; a damaged last line (a crash mid-write) is noted, a damaged line elsewhere refused. */
    private Scan scan(FileChannel ch) throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, ch.size()));
        ch.position(0);
        while (all.hasRemaining() && ch.read(all) > 0) {
            // read on
        }
        byte[] bytes = all.array();
        int n = all.position();
        Scan s = new Scan();
        int start = 0;
        int lineNo = 0;
        while (start < n) {
            int end = start;
            while (end < n && bytes[end] != '\n') {
                end++;
            }
            lineNo++;
            boolean complete = end < n;
            String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            String[] f;
            try {
                f = fields(file, lineNo, text);
            } catch (InputException e) {
                if (!complete || end + 1 >= n) {
                    s.tornAt = start; // the last line, cut short
                    break;
                }
                throw e;
            }
            if (!complete) {
                s.tornAt = start;
                break;
            }
            if (lineNo > 1) {
                Entry e = entry(lineNo, f);
                if (e.sequence() != s.lastSequence + 1) {
                    throw new InputException(file + ": line " + lineNo + " has release " + e.sequence() + " after " + s.lastSequence
                            + "; the budget file was edited or damaged");
                }
                s.lastSequence = e.sequence();
                s.epsilon = s.epsilon.add(e.charge().epsilon());
                s.delta = s.delta.add(e.charge().delta());
                s.entries++;
                s.list.add(e);
            }
            start = end + 1;
        }
        return s;
    }

    private Entry entry(int lineNo, String[] f) {
        if (f.length != 8) {
            throw new InputException(file + ": line " + lineNo + " is not a release record (" + f.length + " fields)");
        }
        try {
            Map<String, String> params = new LinkedHashMap<>();
            if (!f[7].isEmpty()) {
                for (String kv : f[7].split("&")) {
                    int eq = kv.indexOf('=');
                    params.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return new Entry(Long.parseLong(f[0]), Instant.parse(f[1]), new Charge(f[4], f[5], f[6], params, new BigDecimal(f[2]), new BigDecimal(f[3])));
        } catch (RuntimeException e) {
            throw new InputException(file + ": line " + lineNo + " is not a release record (" + e.getMessage() + ")");
        }
    }

    private static String record(Entry e) {
        Charge c = e.charge();
        StringBuilder p = new StringBuilder();
        c.parameters().forEach((k, v) -> p.append(p.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return line(Long.toString(e.sequence()), e.at().toString(), c.epsilon().toPlainString(), c.delta().toPlainString(), c.who(), c.what(),
                c.mechanism(), p.toString());
    }

    /** Fields percent-encoded and joined by tabs, then a tab and the CRC-32 of what precedes it, then a newline. */
    private static String line(String... fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            b.append(i == 0 ? "" : "\t").append(enc(fields[i]));
        }
        CRC32 crc = new CRC32();
        crc.update(b.toString().getBytes(StandardCharsets.UTF_8));
        return b.append('\t').append(String.format("%08x", crc.getValue())).append('\n').toString();
    }

    private static String[] fields(Path file, int lineNo, String text) {
        int tab = text.lastIndexOf('\t');
        if (tab < 0) {
            throw new InputException(file + ": line " + lineNo + " has no checksum; the budget file was edited or damaged");
        }
        CRC32 crc = new CRC32();
        crc.update(text.substring(0, tab).getBytes(StandardCharsets.UTF_8));
        if (!String.format("%08x", crc.getValue()).equals(text.substring(tab + 1))) {
            throw new InputException(file + ": line " + lineNo + " does not match its checksum; the budget file was edited or damaged");
        }
        String[] raw = text.substring(0, tab).split("\t", -1);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = URLDecoder.decode(raw[i], StandardCharsets.UTF_8);
        }
        return raw;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> lines(FileChannel ch) throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(1 << 20, ch.size()));
        ch.read(all);
        String text = new String(all.array(), 0, all.position(), StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return nl < 0 ? List.of() : List.of(text.substring(0, nl));
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform lets a directory be opened; the file itself was forced
        }
    }
}
