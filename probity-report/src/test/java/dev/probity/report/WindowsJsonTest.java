package dev.probity.report;

import dev.probity.core.InputException;
import dev.probity.core.frame.DoubleColumn;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.StringColumn;
import dev.probity.monitor.logged.LoggedWindow;
import dev.probity.monitor.logged.WatchDefinition;
import dev.probity.monitor.window.Profile;
import dev.probity.report.json.WindowsJson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The probity.windows/v1 file: what is written reads back the same; what is malformed is refused by line and field. */
class WindowsJsonTest {
    static final WatchDefinition DEF = new WatchDefinition(List.of("g"), List.of("x"), "yes", "good", Map.of("g", "a"), "1h", 0.1, null);

    static Frame logged() {
        return new Frame("logged", List.of(
                StringColumn.of("timestamp", "2026-11-01T10:05:00Z", "2026-11-01T10:40:00Z", "2026-11-01T11:00:00Z", "2026-11-01T13:59:59Z"),
                StringColumn.of("g", "a", "b", "a", null),
                DoubleColumn.of("x", 1.5, 2.5, Double.NaN, 4.0),
                StringColumn.of("prediction", "yes", "no", "no", "yes"),
                DoubleColumn.of("score", 0.9, 0.2, Double.NaN, 0.7),
                StringColumn.of("label", "good", null, null, null)));
    }

    static WindowsJson.WindowsFile read(String text) {
        return WindowsJson.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        Frame f = logged();
        Profile profile = LoggedWindow.profile(f, DEF);
        SortedMap<Instant, LoggedWindow> windows = LoggedWindow.windows(f, DEF, profile);
        String text = WindowsJson.toString("m", DEF, profile, windows.values());
        assertThat(text.lines().count()).isEqualTo(4);
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("{\"format\":\"probity.windows/v1\",\"model\":\"m\"")
                .contains("\"windows\":3").contains("\"period\":\"1h\"").contains("\"positiveLabel\":\"good\"");
        WindowsJson.WindowsFile file = read(text);
        assertThat(file.model()).isEqualTo("m");
        assertThat(file.definition()).isEqualTo(DEF);
        assertThat(WindowsJson.profileJson(file.profile())).isEqualTo(WindowsJson.profileJson(profile));
        assertThat(file.windows()).hasSize(3);
        for (LoggedWindow w : file.windows()) {
            assertThat(w.differenceFrom(windows.get(w.start()))).isNull();
        }
        // the window without labels has no outcomes, and says so
        assertThat(text.lines().skip(2).findFirst().orElseThrow()).contains("\"labelled\":0").contains("\"outcomes\":null");
    }

    @Test
    void malformedLinesAreRefusedByLineAndField() {
        Frame f = logged();
        Profile profile = LoggedWindow.profile(f, DEF);
        List<String> lines = WindowsJson.toString("m", DEF, profile, LoggedWindow.windows(f, DEF, profile).values()).lines().toList();
        assertRefused(String.join("\n", lines.subList(0, 3)), 3, "windows", "announces 3 windows and the file holds 2");
        assertRefused(lines.get(0) + "\n" + lines.get(1).replace("T10:00:00Z\",\"end", "T10:30:00Z\",\"end") + "\n" + lines.get(2) + "\n" + lines.get(3),
                2, "start", "not the start of a window of 1h");
        assertRefused(lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(1) + "\n" + lines.get(3), 3, "start", "appears twice");
        assertRefused(lines.get(0) + "\n" + lines.get(1).replaceFirst("\"labelled\":1", "\"labelled\":0") + "\n" + lines.get(2) + "\n" + lines.get(3),
                2, "outcomes", "outcomes are given for a window without labelled predictions");
        assertRefused(lines.get(0).replace("\"protectedAttributes\":[\"g\"]", "\"protectedAttributes\":[]") + "\n" + lines.get(1),
                1, "definition.protectedAttributes", "at least one protected attribute");
        assertRefused("", 1, "format", "empty");
    }

    private static void assertRefused(String text, int line, String field, String message) {
        assertThatThrownBy(() -> read(text)).isInstanceOfSatisfying(InputException.class, e -> {
            assertThat(e.getMessage()).contains("line " + line).contains(message);
            assertThat(e.location().orElseThrow().line()).isEqualTo(line);
            assertThat(e.location().orElseThrow().field()).isEqualTo(field);
        });
    }
}
