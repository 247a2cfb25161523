package dev.probity.report;

import dev.probity.core.datasets.Datasets;
import dev.probity.core.frame.Frame;
import dev.probity.core.frame.LongColumn;
import dev.probity.core.frame.StringColumn;
import dev.probity.fairness.ranking.PositionBias;
import dev.probity.fairness.ranking.RankAudit;
import dev.probity.fairness.ranking.RankAuditResult;
import dev.probity.fairness.ranking.RankAuditSpec;
import dev.probity.fairness.ranking.RankedLists;
import dev.probity.mitigation.ranking.FairTopK;
import dev.probity.mitigation.ranking.Rerank;
import dev.probity.report.html.RankAuditHtml;
import dev.probity.report.json.RankAuditJson;
import dev.probity.report.text.RankAuditText;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RankAuditReportTest {
    @Test
    void undefinedMeasuresAndCustomWeightsRoundTrip() {
        // lists of four: rND and friends are undefined (shorter than a cut point), and come back undefined
        Frame f = Frame.of(StringColumn.of("q", "q1", "q1", "q1", "q1", "q2", "q2", "q2", "q2"),
                StringColumn.of("g", "b", "a", "b", "a", "a", "a", "b", "b"), LongColumn.of("pos", 1, 2, 3, 4, 1, 2, 3, 4));
        RankedLists lists = RankedLists.of(f, new RankedLists.Columns("q", null, "pos", null, "g", null));
        RankAuditResult r = RankAudit.run(lists, RankAuditSpec.defaults("b").withPositionBias(PositionBias.of(new double[] {1, 0.5, 0.25})));
        assertThat(r.measure("rnd").value()).isNaN();
        String json = RankAuditJson.toString(r);
        assertThat(json).contains("\"value\" : null").doesNotContain("NaN");
        RankAuditResult back = RankAuditJson.read(json.getBytes(StandardCharsets.UTF_8), "r.json");
        assertThat(back).isEqualTo(r);
        assertThat(RankAuditJson.toString(back)).isEqualTo(json);
        assertThat(RankAuditText.render(r)).contains("weights:1.0,0.5,0.25");
        assertThat(RankAuditHtml.render(r)).contains("Rank audit").doesNotContain("{{");
    }

    @Test
    void aReRankingReportReadsBack() {
        RankedLists lists = RankedLists.of(Datasets.load("hiring-ranking"),
                new RankedLists.Columns("job", "candidate", "position", null, "gender", "qualification"));
        Rerank.Report report = Rerank.run(lists, new FairTopK(lists.groupCode("woman"), 10, 0.5, 0.1, true),
                RankAuditSpec.defaults("woman"), 10, Map.of("k", 10, "p", 0.5));
        String json = RankAuditJson.toString(report);
        Rerank.Result back = RankAuditJson.readRerank(json.getBytes(StandardCharsets.UTF_8), "rr.json");
        assertThat(back).isEqualTo(report.result());
        assertThat(RankAuditJson.toString(back)).isEqualTo(json);
        assertThat(back.after().fairStar().failed()).isZero();
        assertThat(RankAuditHtml.render(report)).contains("Re-ranking: fa-ir", "NDCG@10");
    }
}
