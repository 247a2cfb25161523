package dev.probity.text.data;

import dev.probity.core.InputException;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015): 1,000 sentences each from Amazon, IMDb and
 * Yelp reviews, labelled 1 (positive) or 0 (negative), one {@code sentence TAB label} per line. Not bundled with
 * Probity (its terms are not settled, see data/README.md): {@link #locate()} finds a copy the user has, from the
 * environment variable {@code PROBITY_SENTIMENT_SENTENCES} or a {@code shared/data/sentiment_labelled_sentences}
 * folder above the working directory.
 */
public final class SentimentSentences {
    public static final String ENV = "PROBITY_SENTIMENT_SENTENCES";
    public static final List<String> SOURCES = List.of("amazon_cells", "imdb", "yelp");

    private SentimentSentences() {
    }

    /** The folder with the three files, or null when there is none. */
    public static Path locate() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return complete(p) ? p : null;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : List.of(p.resolve("shared/data/sentiment_labelled_sentences"),
                    p.resolveSibling("shared/data/sentiment_labelled_sentences"))) {
                if (complete(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static boolean complete(Path folder) {
        return SOURCES.stream().allMatch(s -> Files.isRegularFile(folder.resolve(s + "_labelled.txt")));
    }

    /** The three files as one frame: {@code text}, {@code label} (0/1) and {@code source}, in file order. */
    public static Frame read(Path folder) {
        List<String> text = new ArrayList<>();
        List<String> source = new ArrayList<>();
        List<Long> label = new ArrayList<>();
        for (String s : SOURCES) {
            Path file = folder.resolve(s + "_labelled.txt");
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputException(file + ": cannot read: " + e.getMessage());
            }
            int n = 0;
            for (String line : lines) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.lastIndexOf('\t');
                String y = tab < 0 ? "" : line.substring(tab + 1).strip();
                if (!y.equals("0") && !y.equals("1")) {
                    throw new InputException(file + ":" + n + ": expected a sentence, a tab and 0 or 1");
                }
                text.add(line.substring(0, tab).strip());
                label.add(Long.parseLong(y));
                source.add(s.equals("amazon_cells") ? "amazon" : s);
            }
        }
        long[] labels = label.stream().mapToLong(Long::longValue).toArray();
        return new Frame(folder.toString(), List.of(StringColumn.of("text", text.toArray(String[]::new)),
                LongColumn.of("label", labels), StringColumn.of("source", source.toArray(String[]::new))));
    }
}
