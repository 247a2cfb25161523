package dev.probity.checks;

import dev.probity.cli.Main;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command shown in README.md and docs/ runs, and does what the text next to it says. A command in a fenced
 * code block ({@code ```bash} or unlabelled) that starts with {@code ./probity} or {@code probity} is run as the
 * reader would run it from the repository root: it must exit 0, unless its trailing comment says
 * {@code # exit N}; {@code # exit N: TEXT} also requires TEXT in what it prints. Commands of one page share a
 * workspace, in page order, so that a model trained in one line is explained in the next; outputs go to the
 * workspace, never into the repository.
 *
 * <p>Issue 9 found the README's CI-gate example giving the opposite verdict; this is the check that it cannot
 * happen again.
 */
class DocumentedCommandsTest {
    /** Each page's workspace, deleted when every command has run (they were left in the temporary folder). */
    private static final List<Path> WORKSPACES = new ArrayList<>();

    @org.junit.jupiter.api.AfterAll
    static void deleteWorkspaces() throws IOException {
        for (Path w : WORKSPACES) {
            try (Stream<Path> files = Files.walk(w)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
        WORKSPACES.clear();
    }
    static final Path REPO = DependenciesDocumentedTest.REPO;
    static final Set<String> OUTPUTS = Set.of("--json", "--html", "--out", "-o", "--model-out", "--report", "--csv", "--log", "--ledger", "--state");
    static final Set<String> INPUTS = Set.of("--data", "-d", "--test", "--validation", "--background", "--model", "--population",
            "--data-file", "--history", "--json-file", "--sign-key", "--file", "--datasheet", "--policy", "--key", "--witness", "--cosigned", "--reference", "--current", "--privacy-budget", "--budget", "--input", "--hierarchies", "--sets", "--conll", "--dev");
    static final Pattern EXIT = Pattern.compile("\\bexit (\\d)(?::\\s*(.*))?$");

    record Command(String page, int line, List<String> args, int exit, String expected) {
        @Override
        public String toString() {
            return page + ":" + line + " " + String.join(" ", args);
        }
    }

    @TestFactory
    Stream<DynamicNode> everyDocumentedCommandRuns() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(REPO.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<DynamicNode> nodes = new ArrayList<>();
        int total = 0;
        for (Path page : pages) {
            List<Command> commands = commands(REPO.relativize(page).toString(), Files.readString(page));
            total += commands.size();
            if (commands.isEmpty()) {
                continue;
            }
            Path workspace = Files.createTempDirectory("probity-docs-");
            WORKSPACES.add(workspace);
            List<DynamicTest> tests = new ArrayList<>();
            for (Command c : commands) {
                tests.add(DynamicTest.dynamicTest(c.toString(), () -> run(c, workspace)));
            }
            nodes.add(DynamicContainer.dynamicContainer(REPO.relativize(page).toString(), tests));
        }
        assertThat(total).as("documented commands found").isGreaterThan(20);
        return nodes.stream();
    }

    static void run(Command c, Path workspace) {
        List<String> args = rewrite(c.args(), workspace);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        String printed = out + "\n" + err;
        assertThat(code).as(c + "\n" + printed).isEqualTo(c.exit());
        if (c.expected() != null) {
            assertThat(printed).as(c.toString()).contains(c.expected());
        }
        assertThat(printed).as(c.toString()).doesNotContain("{{").doesNotContain("Exception");
    }

    /**
     * Paths as the reader means them from the repository root: files of the repository stay there, outputs (and
     * inputs made by an earlier command) live in the workspace; bare names of bundled datasets are left alone.
     */
    static List<String> rewrite(List<String> args, Path workspace) {
        List<String> out = new ArrayList<>();
        boolean demoOut = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String prev = i > 0 ? args.get(i - 1) : "";
            // train's and mitigate's --model is a kind; the registry's, card's and comply's is NAME@VERSION
            boolean modelKind = prev.equals("--model") && Set.of("train", "mitigate", "registry", "card", "comply").contains(args.get(0));
            if ((OUTPUTS.contains(prev) || INPUTS.contains(prev)) && !modelKind && !a.equals("-") && !Path.of(a).isAbsolute()) {
                if (INPUTS.contains(prev) && Files.exists(REPO.resolve(a))) {
                    a = REPO.resolve(a).toString();
                } else if (OUTPUTS.contains(prev) || Files.exists(workspace.resolve(a)) || prev.equals("--model")
                        || (prev.equals("--file") && args.get(0).equals("dp"))) {
                    a = workspace.resolve(a).toString();
                }
                demoOut |= prev.equals("--out");
            } else if (!a.startsWith("-") && !prev.startsWith("-") && i > 0 && !Path.of(a).isAbsolute() && Files.exists(workspace.resolve(a))) {
                a = workspace.resolve(a).toString(); // a file an earlier command made, named as an operand (combine SHARE…)
            }
            out.add(a);
        }
        if (!out.isEmpty() && out.get(0).equals("demo") && !demoOut) {
            out.addAll(List.of("--out", workspace.resolve("out").toString()));
        }
        return out;
    }

    static List<Command> commands(String page, String text) {
        List<Command> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean inBlock = false;
        boolean runnable = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("```")) {
                if (!inBlock) {
                    String info = line.substring(3).trim();
                    runnable = info.isEmpty() || info.equals("bash") || info.equals("sh");
                }
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock || !runnable) {
                continue;
            }
            String s = line.strip();
            if (!(s.startsWith("./probity ") || s.startsWith("probity "))) {
                continue;
            }
            int start = i;
            StringBuilder cmd = new StringBuilder();
            while (true) {
                String part = lines[i].strip();
                if (part.endsWith("\\")) {
                    cmd.append(part, 0, part.length() - 1).append(' ');
                    i++;
                } else {
                    cmd.append(part);
                    break;
                }
            }
            List<String> words = new ArrayList<>();
            String comment = split(cmd.toString(), words);
            int exit = 0;
            String expected = null;
            if (comment != null) {
                Matcher m = EXIT.matcher(comment.strip());
                if (m.find()) {
                    exit = Integer.parseInt(m.group(1));
                    expected = m.group(2) == null || m.group(2).isBlank() ? null : m.group(2).strip();
                }
            }
            out.add(new Command(page, start + 1, words.subList(1, words.size()), exit, expected));
        }
        return out;
    }

    /** Splits a shell command line into words (single and double quotes, backslash escapes); returns its comment. */
    static String split(String line, List<String> words) {
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                w.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i++;
                while (line.charAt(i) != '"') {
                    if (line.charAt(i) == '\\' && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    w.append(line.charAt(i++));
                }
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                return line.substring(i + 1);
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return null;
    }

    @Test
    void theSplitterReadsShellQuoting() {
        List<String> words = new ArrayList<>();
        String comment = split("./probity audit --where \"a <> 'O'\" --fail-on 'fpr_ratio>1.25' x\\ y  # exit 1: FAIL  rule", words);
        assertThat(words).containsExactly("./probity", "audit", "--where", "a <> 'O'", "--fail-on", "fpr_ratio>1.25", "x y");
        assertThat(comment).isEqualTo(" exit 1: FAIL  rule");
        List<Command> cs = commands("p.md", "```bash\n./probity a \\\n    --b c  # exit 1: oops\n```\n```java\nprobity x\n```\n");
        assertThat(cs).hasSize(1);
        assertThat(cs.get(0).args()).containsExactly("a", "--b", "c");
        assertThat(cs.get(0).exit()).isEqualTo(1);
        assertThat(cs.get(0).expected()).isEqualTo("oops");
    }
}
