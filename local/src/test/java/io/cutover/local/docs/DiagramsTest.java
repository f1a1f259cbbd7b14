package io.cutover.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed diagrams are drawn from the current ASL files (run local/diagrams after changing one). */
class DiagramsTest {
    @Test
    void everyStateMachineHasACurrentDiagram() throws IOException {
        List<DiagramFiles.Expected> expected = DiagramFiles.expected();
        assertThat(expected).isNotEmpty();
        for (DiagramFiles.Expected e : expected) {
            Path dir = DiagramFiles.directory();
            String hint = " is stale or missing: run local/diagrams and commit docs/diagrams/";
            assertThat(dir.resolve(e.name() + ".dot")).as(e.name() + ".dot" + hint).exists();
            assertThat(Files.readString(dir.resolve(e.name() + ".dot"))).as(e.name() + ".dot" + hint).isEqualTo(e.dot());
            assertThat(Files.readString(dir.resolve(e.name() + ".mmd"))).as(e.name() + ".mmd" + hint).isEqualTo(e.mermaid());
            assertThat(Files.readString(dir.resolve(e.name() + ".svg"))).as(e.name() + ".svg" + hint)
                    .contains(DiagramFiles.svgMarker(e.dotSha256()));
        }
    }

    @Test
    void theDiagramShowsEveryStateAndTheErrorPaths() {
        List<String> rendered = StateMachineDiagram.render("t", Json.parse("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Task", "Resource": "x", "Next": "B",
                        "Catch": [{"ErrorEquals": ["io.cutover.core.error.DatabaseException"], "Next": "F"}]},
                  "B": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 0, "Next": "F"}], "Default": "P"},
                  "P": {"Type": "Parallel", "Next": "S", "Branches": [{"StartAt": "C", "States": {"C": {"Type": "Pass", "End": true}}}]},
                  "S": {"Type": "Succeed"},
                  "F": {"Type": "Fail"}}}"""));
        String dot = rendered.get(0);
        assertThat(dot).contains("s_A -> s_F [label=\"DatabaseException\", style=dashed")
                .contains("s_B -> s_F [label=\"n > 0\"]").contains("s_B -> s_P [label=\"otherwise\"]")
                .contains("subgraph cluster_1").contains("s_P -> s_C;");
        assertThat(rendered.get(1)).contains("s_A -.->|DatabaseException| s_F").contains("s_B{\"B\"}").contains("s_S([\"S\"])");
    }
}
