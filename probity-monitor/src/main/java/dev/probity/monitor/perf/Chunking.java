package dev.probity.monitor.perf;

import dev.probity.core.InputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How rows are cut into chunks, each estimated on its own: by number of rows, by a key each row carries (a month, a
 * batch id), or at given row indices.
 */
public sealed interface Chunking permits Chunking.BySize, Chunking.ByKey, Chunking.AtRows {

    /** The chunks of {@code rows} rows, in order; none is empty. */
    List<Chunk> split(int rows);

    /**
     * One chunk.
     *
     * @param key  its name: {@code [first:last]} (row indices, inclusive, as NannyML names them) or the key
     * @param rows the row indices it holds, ascending
     */
    record Chunk(String key, int[] rows) {
        public int size() {
            return rows.length;
        }

        public int first() {
            return rows[0];
        }

        public int last() {
            return rows[rows.length - 1];
        }
    }

    /** Consecutive chunks of {@code size} rows; the rows left over form a last, smaller chunk (NannyML's default, {@code incomplete='keep'}). */
    static Chunking bySize(int size) {
        return new BySize(size);
    }

    /** One chunk per distinct key, in the order the keys first appear; a chunk holds every row with its key, wherever it is. */
    static Chunking byKey(List<?> keys) {
        return new ByKey(keys);
    }

    static Chunking byKey(String... keys) {
        return new ByKey(Arrays.asList(keys));
    }

    /** Chunks that start at the given rows: the first at 0, each running to the next start (the last to the end). */
    static Chunking at(int... starts) {
        return new AtRows(starts);
    }

    record BySize(int size) implements Chunking {
        public BySize {
            if (size < 1) {
                throw new InputException("a chunk holds at least 1 row; got a size of " + size);
            }
        }

        @Override
        public List<Chunk> split(int rows) {
            List<Chunk> out = new ArrayList<>();
            for (int from = 0; from < rows; from += size) {
                int to = Math.min(rows, from + size);
                out.add(range(from, to));
            }
            return out;
        }
    }

    record ByKey(List<?> keys) implements Chunking {
        public ByKey {
            keys = java.util.Collections.unmodifiableList(new ArrayList<>(keys));
        }

        @Override
        public List<Chunk> split(int rows) {
            if (keys.size() != rows) {
                throw new InputException("one chunk key per row is needed; got " + keys.size() + " keys for " + rows + " rows");
            }
            Map<String, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = 0; i < rows; i++) {
                Object k = keys.get(i);
                if (k == null) {
                    throw new InputException("row " + i + " has no chunk key");
                }
                groups.computeIfAbsent(String.valueOf(k), x -> new ArrayList<>()).add(i);
            }
            List<Chunk> out = new ArrayList<>();
            groups.forEach((k, v) -> out.add(new Chunk(k, v.stream().mapToInt(Integer::intValue).toArray())));
            return out;
        }
    }

    record AtRows(int[] starts) implements Chunking {
        public AtRows {
            starts = starts.clone();
            if (starts.length == 0 || starts[0] != 0) {
                throw new InputException("chunk boundaries start at row 0; got " + Arrays.toString(starts));
            }
            for (int i = 1; i < starts.length; i++) {
                if (starts[i] <= starts[i - 1]) {
                    throw new InputException("chunk boundaries are strictly increasing row indices (an empty chunk cannot be estimated); got "
                            + Arrays.toString(starts));
                }
            }
        }

        @Override
        public List<Chunk> split(int rows) {
            if (starts[starts.length - 1] >= rows) {
                throw new InputException("a chunk starts at row " + starts[starts.length - 1] + " but there are only " + rows + " rows");
            }
            List<Chunk> out = new ArrayList<>();
            for (int i = 0; i < starts.length; i++) {
                out.add(range(starts[i], i + 1 < starts.length ? starts[i + 1] : rows));
            }
            return out;
        }
    }

    private static Chunk range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return new Chunk("[" + from + ":" + (to - 1) + "]", r);
    }
}
