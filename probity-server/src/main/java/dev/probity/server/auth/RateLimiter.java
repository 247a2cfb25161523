package dev.probity.server.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per caller: {@code burst} requests at once, refilled at {@code perSecond}. A caller over the limit is
 * told how many seconds to wait.
 */
public final class RateLimiter {
    private final double perSecond;
    private final int burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    /** 0 when the request may go ahead (and is counted); otherwise the whole seconds to wait before the next one. */
    public long acquire(String caller) {
        if (perSecond <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        Bucket b = buckets.computeIfAbsent(caller, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * perSecond);
            b.last = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }
}
