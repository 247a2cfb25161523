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
        Cli level = Cli.run("monitor", "--data", "compas", "--time-column", "compas_screening_date", "--window", "1M", "--fail-on", "severe");
        assertThat(level.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(level.err()).contains("--fail-on severe: use major or minor");
    }
}
