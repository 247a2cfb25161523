package dev.probity.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the committed fixtures under src/test/resources/fixtures. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " is missing", e);
        }
    }

    /** A numeric CSV with a header, as rows of doubles. */
    public static double[][] csv(String name) {
        try {
            List<String> lines = Files.readAllLines(path(name));
            double[][] out = new double[lines.size() - 1][];
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                out[i - 1] = new double[f.length];
                for (int j = 0; j < f.length; j++) {
                    out[i - 1][j] = Double.parseDouble(f[j]);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
