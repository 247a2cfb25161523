package dev.probity.text.encode;

import dev.probity.core.InputException;

/**
 * The encoders a process shares: loading all-MiniLM-L6-v2 reads 90 MB and starts a session, so every text model
 * in a process uses one instance. {@link #forIdentity} refuses a model made with an encoder whose files differ from
 * the one on the class path (another model or tokenizer, by SHA-256), rather than feed it other embeddings.
 */
public final class Encoders {
    private static SentenceEncoder shared;
    private static int threads;

    private Encoders() {
    }

    /** The shared all-MiniLM-L6-v2 encoder (loaded on first use). */
    public static synchronized SentenceEncoder shared() {
        if (shared == null) {
            shared = SentenceEncoder.allMiniLmL6V2(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), 32);
        }
        return shared;
    }

    /**
     * The threads the shared encoder runs its batches on: {@code n} ≥ 1, or 0 for one per processor (the default).
     * Applies to the encoder now if it is loaded, else when it is; nothing is loaded here.
     */
    public static synchronized void threads(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("threads must be at least 0 (0: one per processor), not " + n);
        }
        threads = n;
        if (shared != null) {
            shared.threads(n > 0 ? n : Runtime.getRuntime().availableProcessors());
        }
    }

    /** The shared encoder, checked to be the one {@code wanted} names. */
    public static SentenceEncoder forIdentity(SentenceEncoder.Identity wanted) {
        SentenceEncoder e = shared();
        if (!e.identity().id().equals(wanted.id())) {
            throw new InputException("the model was made with the encoder " + wanted.name() + " (model SHA-256 "
                    + wanted.modelSha256() + ", tokenizer SHA-256 " + wanted.tokenizerSha256() + ", "
                    + wanted.maxTokens() + " tokens), but this installation has " + e.identity().name()
                    + " (model SHA-256 " + e.identity().modelSha256() + ", tokenizer SHA-256 "
                    + e.identity().tokenizerSha256() + ", " + e.identity().maxTokens() + " tokens)");
        }
        return e;
    }
}
