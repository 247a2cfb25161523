package dev.probity.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorCommandTest {
    @Test
    void compasQuarterByQuarter(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("m.json");
        Path html = dir.resolve("m.html");
        Cli ok = Cli.run("monitor", "--data", "compas", "--time-column", "compas_screening_date", "--window", "3M", "--json", json.toString(),
                "--html", html.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("windows of 3M by compas_screening_date, against the first window (2013-01)", "8 windows",
                "Selection rate by race", "African-American", "Alerts", "MAJOR")
                .contains("Columns of dates or times are not watched for drift");
        String doc = Files.readString(json);
        assertThat(doc).contains("\"schema\" : \"probity.monitor/v1\"", "\"label\" : \"2014-10\"", "\"method\" : \"wilson\"",
                "\"kind\" : \"fairness\"", "\"start\" : \"2013-01-01T00:00:00Z\"");
        assertThat(Files.readString(html)).contains("schema probity.monitor/v1", "id=\"drift\"", "Chart.js");
        Cli gate = Cli.run("monitor", "--data", "compas", "--time-column", "compas_screening_date", "--window", "3M", "--fail-on", "major", "-q");
        assertThat(gate.code()).isEqualTo(ExitCode.RULE_BROKEN);
        // runs of 2,000 rows in time order, three columns watched, audited by sex only, JSON to standard output
        Cli rows = Cli.run("monitor", "--data", "compas", "--window", "2000-rows", "--time-column", "compas_screening_date",
                "--columns", "age,priors_count,sex", "--protected", "sex", "-q", "--json", "-");
        assertThat(rows.code()).as(rows.err()).isZero();
        assertThat(rows.out()).contains("\"label\" : \"rows 1–2,000\"", "\"window\" : \"2000-rows\"");
    }

    @Test
    void badInputIsRefusedWithNothingWritten(@TempDir Path dir) throws Exception {
        Cli window = Cli.run("monitor", "--data", "compas", "--time-column", "compas_screening_date", "--window", "monthly");
        assertThat(window.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(window.err()).contains("a window is written like 1d, 7d, 1w, 1M, 6h or 1000-rows; got 'monthly'");
        Cli noTime = Cli.run("monitor", "--data", "compas", "--window", "1M");
        assertThat(noTime.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noTime.err()).contains("needs a time column");
        Path csv = Files.writeString(dir.resolve("t.csv"), "t,x\n2024-01-01,1\n2024-13-01,2\n");
        Path out = dir.resolve("out.json");
        Cli badTime = Cli.run("monitor", "--data", csv.toString(), "--time-column", "t", "--window", "1d", "--json", out.toString());
        assertThat(badTime.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badTime.err()).contains("'2024-13-01'", "line 3");
        assertThat(out).doesNotExist();
        Cli same = Cli.run("monitor", "--data", csv.toString(), "--time-column", "t", "--window", "1d", "--json", csv.toString());
        assertThat(same.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Files.readString(csv)).startsWith("t,x\n");
        // decisions whose positive value cannot be known are refused up front, naming an option monitor has
        Path odd = Files.writeString(dir.resolve("odd.csv"), "t,y,p,g\n2024-01-01,1,yes,a\n2024-01-02,0,no,b\n2024-01-03,1,maybe,a\n2024-02-01,0,no,b\n");
        Cli unsaid = Cli.run("monitor", "--data", odd.toString(), "--time-column", "t", "--window", "1M", "--label", "y", "--prediction", "p",
                "--protected", "g");
        assertThat(unsaid.code()).as(unsaid.out()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unsaid.err()).contains("--prediction-positive");
        Cli level = Cli.run("monitor", "--data", "compas", "--time-column", "compas_screening_date", "--window", "1M", "--fail-on", "severe");
        assertThat(level.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(level.err()).contains("--fail-on severe: use major or minor");
    }

    @Test
    void windowsWithoutLabelsGetAnEstimate(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("day,score,decision,outcome,group\n");
        dev.probity.core.stats.SplitMix64 r = new dev.probity.core.stats.SplitMix64(3);
        for (int i = 0; i < 6000; i++) {
            int week = i / 1000;
            double x = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            double p = 1 / (1 + Math.exp(-2 * x));
            String label = r.nextDouble() < p ? "yes" : "no";
            csv.append(java.time.LocalDate.of(2024, 1, 1).plusDays(7L * week + i % 7)).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.6f", p)).append(',').append(p >= 0.5 ? "yes" : "no").append(',')
                    .append(week >= 4 ? "" : label).append(',').append(i % 3 == 0 ? "b" : "a").append('\n');
        }
        Path f = Files.writeString(dir.resolve("scored.csv"), csv);
        Cli ok = Cli.run("monitor", "--data", f.toString(), "--time-column", "day", "--window", "1w", "--label", "outcome", "--positive", "yes",
                "--prediction", "decision", "--protected", "group", "--score", "score", "--columns", "score,group");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("estimated accuracy (CBPE)", "Performance before labels arrive (CBPE, as NannyML)",
                "* estimated for a window where some labels have not arrived");
        // weeks 5 and 6 have no label: no measured accuracy, an estimate
        assertThat(ok.out().lines().filter(l -> (l.startsWith("  2024-W05") || l.startsWith("  2024-W06")) && l.contains("1,000")))
                .allSatisfy(l -> assertThat(l).contains(" *"));
    }
}
