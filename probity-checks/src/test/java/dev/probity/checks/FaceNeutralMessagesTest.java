package dev.probity.checks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library speaks no face's language: no string literal in a library module names a command-line flag
 * ({@code "--drop-missing"}). A message that suggests a setting names it as {@code {{drop-missing}}}, and each face
 * words it ({@code InputException.message}). Faces (probity-cli) and the benchmark harness are exempt.
 */
class FaceNeutralMessagesTest {
    static final Path REPO = Path.of(System.getProperty("probity.repo", "..")).toAbsolutePath().normalize();
    static final List<String> LIBRARY = List.of("probity-core", "probity-fairness", "probity-sql", "probity-models",
            "probity-mitigation", "probity-explain", "probity-report", "probity-monitor");
    /** A string literal, then a flag inside it: two dashes at a word start followed by a letter. */
    static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");

    @Test
    void noLibraryMessageNamesACommandLineFlag() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        for (String module : LIBRARY) {
            Path src = REPO.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(src), "no sources at " + src);
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                    files++;
                    found.addAll(flags(REPO.relativize(p).toString(), Files.readString(p)));
                }
            }
        }
        assertTrue(files > 200, "scanned only " + files + " files");
        assertEquals(List.of(), found, "library messages must name settings as {{key}}, not as flags");
    }

    @Test
    void theScanFindsAFlag() {
        String planted = "class X { String m = \"filter them out with --where, or pass --drop-missing\"; "
                + "String ok = \"rw-r--r--\"; // --not-a-literal\n }";
        assertEquals(List.of("X.java:1 --where", "X.java:1 --drop-missing"), flags("X.java", planted));
    }

    static List<String> flags(String file, String source) {
        List<String> out = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int comment = line.indexOf("//");
            Matcher lit = LITERAL.matcher(line);
            while (lit.find()) {
                if (comment >= 0 && lit.start() > comment) {
                    break;
                }
                Matcher f = FLAG.matcher(lit.group());
                while (f.find()) {
                    out.add(file + ":" + (i + 1) + " " + f.group());
                }
            }
        }
        return out;
    }
}
