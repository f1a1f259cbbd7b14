package io.cutover.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.core.ports.approval.Gate;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceViewTest {
    @Test
    void knownSectionsGetTitlesNestedFieldsAreLabelledAndObjectListsBecomeTables() {
        EvidenceView view = EvidenceView.of(ApprovalFixture.evidence(), 20);
        assertThat(view.sections()).extracting(EvidenceView.Section::title)
                .containsExactly("Readiness checks", "CDC lag", "Drain proof", "Validation", "Row counts");
        assertThat(view.sections().get(1).rows()).containsExactly(
                new EvidenceView.Row("Seconds", "1.5"), new EvidenceView.Row("Held seconds", "60"));
        EvidenceView.Table counts = view.sections().get(4).tables().get(0);
        assertThat(counts.columns()).containsExactly("Table", "Source", "Target");
        assertThat(counts.rows()).containsExactly(List.of("shop.orders", "1200", "1200"), List.of("shop.items", "5400", "5400"));
    }

    @Test
    void unknownSectionsAndDeepValuesAreShownToo() {
        ObjectNode evidence = Json.object();
        evidence.putObject("readiness").putObject("binlog").put("blockers", 0).putArray("warningIds").add("w-1").add("w-2");
        evidence.put("dmsTaskArn", "arn:aws:dms:eu-west-1:1:task:X");
        evidence.putArray("notes").add("a").add("b");
        EvidenceView view = EvidenceView.of(evidence, 20);
        assertThat(view.sections().get(0).rows()).containsExactly(
                new EvidenceView.Row("Binlog / Blockers", "0"), new EvidenceView.Row("Binlog / Warning ids", "w-1, w-2"));
        assertThat(view.sections().get(1).title()).isEqualTo("Dms task arn");
        assertThat(view.sections().get(1).rows()).containsExactly(new EvidenceView.Row("", "arn:aws:dms:eu-west-1:1:task:X"));
        assertThat(view.sections().get(2).rows()).containsExactly(new EvidenceView.Row("", "a, b"));
    }

    @Test
    void longTablesAndTextsAreCut() {
        ObjectNode evidence = Json.object();
        ArrayNode rows = evidence.putArray("rowCounts");
        for (int i = 0; i < 30; i++) {
            rows.addObject().put("table", "t" + i).put("source", i);
        }
        evidence.put("note", "x".repeat(2000));
        EvidenceView view = EvidenceView.of(evidence, 20);
        assertThat(view.sections().get(0).tables().get(0).rows()).hasSize(20);
        assertThat(view.sections().get(0).tables().get(0).omitted()).isEqualTo(10);
        assertThat(view.sections().get(1).rows().get(0).value()).hasSize(501).endsWith("…");
        assertThat(ApprovalMessages.request(new Approval("id", Gate.FREEZE, "m", "e", null, null, evidence, null,
                ApprovalFixture.START, ApprovalFixture.START.plusSeconds(60), null, null, ApprovalStatus.PENDING, null),
                "https://a/approve", "https://a/reject", ApprovalFixture.START).body())
                .contains("… and 10 more rows on the approval page");
    }

    @Test
    void noEvidenceIsSaidPlainly() {
        assertThat(EvidenceView.of(null, 5).isEmpty()).isTrue();
        assertThat(EvidenceView.humanize("maxLagSeconds")).isEqualTo("Max lag seconds");
        assertThat(EvidenceView.humanize("source_rows")).isEqualTo("Source rows");
    }
}
