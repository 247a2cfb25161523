package dev.probity.ledger;

import dev.probity.core.InputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A log as static files in the C2SP tlog-tiles layout, to be served by any web server (or put in a bucket) so that
 * clients fetch proofs and entries without a Probity service:
 * <ul>
 *   <li>{@code checkpoint} — the latest signed checkpoint;</li>
 *   <li>{@code tile/<L>/<N>[.p/<W>]} — hash tiles: 256 hashes of 32 bytes each (fewer, W, in a partial tile); level 0
 *   holds the leaf hashes, entry i of tile N at level L ≥ 1 is the root of the full level-(L−1) tile 256·N + i;</li>
 *   <li>{@code tile/entries/<N>[.p/<W>]} — entry bundles: each entry as a big-endian u16 length and its bytes.</li>
 * </ul>
 * {@code <N>} is written in groups of three digits, all but the last prefixed with {@code x} (1234067 is
 * {@code x001/x234/067}). Partial tiles are written for the checkpoint's size. An entry bundle cannot hold an entry of
 * 64 KiB or more (the format's u16 length): such bundles are not written, and the export says which; the hash tiles,
 * which proofs need, are always complete.
 */
public final class Tiles {
    public static final int WIDTH = 256;

    private Tiles() {
    }

    /** What an export wrote. */
    public record Export(long size, int hashTiles, int entryBundles, List<String> bundlesLeftOut) {
    }

    /** The tile path of index {@code n}: three-digit groups, all but the last prefixed with x. */
    public static String index(long n) {
        StringBuilder s = new StringBuilder(String.format("%03d", n % 1000));
        while (n >= 1000) {
            n /= 1000;
            s.insert(0, String.format("x%03d/", n % 1000));
        }
        return s.toString();
    }

    /** Writes the log's tiles for its latest signed checkpoint into {@code out} (a new or empty folder). */
    public static Export export(Ledger log, Path out) {
        Checkpoint c = log.latestCheckpoint();
        long size = c.size();
        try {
            if (Files.exists(out)) {
                try (var s = Files.list(out)) {
                    if (s.findAny().isPresent()) {
                        throw new InputException(out + " is not empty; tiles go to a new or empty folder");
                    }
                }
            }
            if (out.toAbsolutePath().normalize().startsWith(log.dir().toAbsolutePath().normalize())) {
                throw new InputException(out + " is inside the log's folder; put the tiles elsewhere");
            }
            Files.createDirectories(out);
            Files.writeString(out.resolve("checkpoint"), Files.readString(log.dir().resolve("checkpoint")));
            int hashTiles = 0;
            // level 0: leaf hashes; each level above: roots of the full tiles below
            List<byte[]> level = new ArrayList<>();
            for (long i = 0; i < size; i++) {
                level.add(log.leafHash(i));
            }
            for (int l = 0; !level.isEmpty(); l++) {
                List<byte[]> up = new ArrayList<>();
                for (int t = 0; t * WIDTH < level.size(); t++) {
                    int from = t * WIDTH;
                    int w = Math.min(WIDTH, level.size() - from);
                    ByteBuffer b = ByteBuffer.allocate(w * Merkle.HASH_BYTES);
                    for (int i = 0; i < w; i++) {
                        b.put(level.get(from + i));
                    }
                    write(out.resolve("tile/" + l + "/" + index(t) + (w < WIDTH ? ".p/" + w : "")), b.array());
                    hashTiles++;
                    if (w == WIDTH) {
                        up.add(Merkle.root(level.subList(from, from + WIDTH)));
                    }
                }
                level = up;
            }
            int bundles = 0;
            List<String> left = new ArrayList<>();
            for (long t = 0; t * WIDTH < size; t++) {
                long from = t * WIDTH;
                int w = (int) Math.min(WIDTH, size - from);
                String name = "tile/entries/" + index(t) + (w < WIDTH ? ".p/" + w : "");
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                boolean fits = true;
                for (int i = 0; i < w && fits; i++) {
                    byte[] e = log.entry(from + i);
                    fits = e.length <= 0xFFFF;
                    b.write(e.length >>> 8);
                    b.write(e.length & 0xFF);
                    b.write(e);
                }
                if (fits) {
                    write(out.resolve(name), b.toByteArray());
                    bundles++;
                } else {
                    left.add(name);
                }
            }
            return new Export(size, hashTiles, bundles, List.copyOf(left));
        } catch (IOException e) {
            throw new InputException("cannot write the tiles in " + out + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path p, byte[] b) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, b);
    }
}
