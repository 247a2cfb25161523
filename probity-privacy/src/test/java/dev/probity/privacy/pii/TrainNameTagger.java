package dev.probity.privacy.pii;

import dev.probity.privacy.pii.corpus.PiiCorpus;
import net.datafaker.Faker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Trains the shipped name tagger and writes {@code src/main/resources/dev/probity/privacy/pii/name-tagger.model.gz}:
 * <pre>
 * ./mvnw -B -o -q -pl probity-privacy -am test -Dtest=NameTaggerTrainingTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dprobity.train.write=true
 * </pre>
 * (or run this class's {@code main} from the repository root). Deterministic: the same seed gives
 * the same bytes. The lexicons are first and last names drawn from Datafaker's lists for the training locales; the
 * examples are the training split of {@link PiiCorpus}; 6 epochs, lexicon dropout 0.3.
 */
public final class TrainNameTagger {
    static final long SEED = 20261130L;
    static final int EXAMPLES = 24_000;
    static final int EPOCHS = 6;
    static final double DROPOUT = 0.3;
    static final Path MODEL = Path.of("probity-privacy/src/main/resources/dev/probity/privacy/pii/name-tagger.model.gz");

    private TrainNameTagger() {
    }

    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : MODEL;
        NameTagger t = train();
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            t.write(o);
        }
        System.out.println("wrote " + out + " (" + t.featureCount() + " features, " + Files.size(out) + " bytes)");
    }

    static NameTagger train() {
        Set<String> first = new TreeSet<>();
        Set<String> last = new TreeSet<>();
        Random r = new Random(SEED);
        for (Locale l : trainLocales()) {
            Faker f = new Faker(l, new Random(r.nextLong()));
            for (int i = 0; i < 3000; i++) {
                addWords(first, f.name().firstName());
                addWords(last, f.name().lastName());
            }
        }
        List<NameTagger.Example> examples = new ArrayList<>();
        for (PiiCorpus.Doc d : PiiCorpus.generate(SEED, PiiCorpus.Split.TRAIN, EXAMPLES)) {
            List<int[]> persons = new ArrayList<>();
            for (PiiCorpus.Span s : d.spans()) {
                if (s.type() == PiiType.PERSON) {
                    persons.add(new int[] {s.start(), s.end()});
                }
            }
            examples.add(new NameTagger.Example(d.text(), persons));
        }
        return NameTagger.train(examples, first, last, commonWords(), places(r), EPOCHS, DROPOUT, SEED);
    }

    /** Place names: the training corpus's cities, and Datafaker's countries, capitals and US states (English). */
    static Set<String> places(Random r) {
        Set<String> out = new TreeSet<>();
        for (String c : PiiCorpus.trainCities()) {
            addWords(out, c);
        }
        Faker f = new Faker(Locale.US, new Random(r.nextLong()));
        for (int i = 0; i < 20_000; i++) {
            addWords(out, f.country().capital());
            addWords(out, f.country().name());
            addWords(out, f.address().state());
        }
        return out;
    }

    /** The common-word list (test resource common-words.txt), shipped inside the model. */
    static Set<String> commonWords() {
        Set<String> out = new TreeSet<>();
        try (var in = TrainNameTagger.class.getResourceAsStream("common-words.txt")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#")) {
                    for (String w : line.trim().split("\\s+")) {
                        if (!w.isEmpty()) {
                            out.add(w);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    static List<Locale> trainLocales() {
        return List.of(Locale.US, Locale.UK, Locale.GERMANY, Locale.FRANCE, Locale.forLanguageTag("es-ES"), Locale.ITALY,
                Locale.forLanguageTag("en-IN"), Locale.forLanguageTag("en-AU"));
    }

    private static void addWords(Set<String> into, String name) {
        for (String w : name.replaceAll("[^\\p{L}'\\- ]", "").split(" ")) {
            if (w.length() > 1 && Character.isUpperCase(w.charAt(0))) {
                into.add(w.toLowerCase(Locale.ROOT));
            }
        }
    }
}
