package dev.probity.checks;

import dev.probity.fairness.stats.StatsTable;
import dev.probity.models.io.ModelFiles;
import dev.probity.report.json.AuditJson;
import dev.probity.report.json.DataAuditJson;
import dev.probity.report.json.RankAuditJson;
import dev.probity.report.json.EvaluationJson;
import dev.probity.report.json.ExplainJson;
import dev.probity.report.json.MitigationJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Same input and seed give the same bytes in every output, across JVMs: {@link WriteEverySchema} runs twice, each
 * time in a fresh JVM, and every file must match byte for byte. Then each document is read back and written again,
 * which must give the same bytes (write → read → write).
 */
class EverySchemaTest {
    @Test
    void everyOutputIsTheSameBytesInTwoJvmsAndReadsBack(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        run(a);
        run(b);
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(a)) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        }
        assertThat(names).hasSize(17);
        for (String name : names) {
            assertThat(Files.readAllBytes(b.resolve(name))).as("%s in two JVMs", name).isEqualTo(Files.readAllBytes(a.resolve(name)));
        }
        for (String name : names) {
            Path f = a.resolve(name);
            byte[] bytes = Files.readAllBytes(f);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (name.startsWith("rank-audit")) {
                assertThat(RankAuditJson.toString(RankAuditJson.read(bytes, name))).as(name).isEqualTo(text);
            } else if (name.startsWith("rerank")) {
                assertThat(RankAuditJson.toString(RankAuditJson.readRerank(bytes, name))).as(name).isEqualTo(text);
            } else if (name.startsWith("data-audit")) {
                assertThat(DataAuditJson.toString(DataAuditJson.read(bytes, name))).as(name).isEqualTo(text);
            } else if (name.startsWith("audit")) {
                assertThat(AuditJson.toString(AuditJson.read(bytes, name))).as(name).isEqualTo(text);
            } else if (name.startsWith("mitigation")) {
                assertThat(MitigationJson.toString(MitigationJson.read(bytes, name))).as(name).isEqualTo(text);
            } else if (name.startsWith("explain")) {
                assertThat(ExplainJson.toString(ExplainJson.read(bytes, name))).as(name).isEqualTo(text);
            } else if (name.startsWith("evaluation")) {
                assertThat(EvaluationJson.toString(EvaluationJson.read(bytes, name))).as(name).isEqualTo(text);
            } else if (name.startsWith("model")) {
                assertThat(ModelFiles.toBytes(ModelFiles.read(f))).as(name).isEqualTo(bytes);
            } else {
                assertThat(StatsTable.fromBytes(bytes).toBytes()).as(name).isEqualTo(bytes);
            }
        }
    }

    private static void run(Path out) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                WriteEverySchema.class.getName(), out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
    }
}
