package dev.probity.core.testing;

import dev.probity.core.stats.SplitMix64;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Random audit tables as CSV text, for property tests. Weights and values are dyadic, so sums are exact. */
public final class RandomTables {
    private RandomTables() {
    }

    public static String csv(long seed, int rows) {
        SplitMix64 r = new SplitMix64(seed);
        StringBuilder sb = new StringBuilder("g1,g2,y,p,s,w,cls,pcls,yv,pv\n");
        String[] g1 = {"A", "B", "C", "D"};
        String[] classes = {"low", "mid", "high"};
        int groups = 2 + r.nextInt(3);
        for (int i = 0; i < rows; i++) {
            // a few missing protected values form their own group
            sb.append(r.nextInt(50) == 0 ? "" : g1[r.nextInt(groups)]).append(',');
            sb.append((r.nextInt(2) == 0) ? "x" : "y").append(',');
            int y = r.nextInt(2);
            sb.append(y).append(',');
            sb.append(r.nextInt(3) == 0 ? 1 - y : y).append(',');
            sb.append(r.nextInt(9) / 8.0 + (r.nextInt(4) == 0 ? r.nextInt(64) / 1024.0 : 0)).append(',');
            sb.append((1 + r.nextInt(32)) / 8.0).append(',');
            int c = r.nextInt(3);
            sb.append(classes[c]).append(',');
            sb.append(classes[r.nextInt(4) == 0 ? r.nextInt(3) : c]).append(',');
            double yv = r.nextInt(400) / 16.0;
            sb.append(String.format(Locale.ROOT, "%s,%s%n", yv, yv + (r.nextInt(64) - 32) / 8.0));
        }
        return sb.toString();
    }

    public static Path write(Path dir, long seed, int rows) throws IOException {
        Path f = dir.resolve("t" + Long.toHexString(seed) + ".csv");
        Files.writeString(f, csv(seed, rows), StandardCharsets.UTF_8);
        return f;
    }
}
