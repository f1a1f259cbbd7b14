package io.cutover.precheck.objects;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.Project;
import io.cutover.precheck.framework.CheckDefinition;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** docs/readiness-checks.md documents every so-/dt-/dc- check with the severity the code gives it. */
class ObjectChecksDocsTest {

    @Test
    void everyCheckIsDocumentedWithItsSeverityWhyAndRemediation() throws Exception {
        String doc = Files.readString(Project.root().resolve("docs/readiness-checks.md"));
        assertThat(doc).contains("## Schema objects, data types and data content");
        List<CheckDefinition> all = ObjectChecks.definitions();
        assertThat(all).hasSize(43);
        for (CheckDefinition d : all) {
            String heading = "### `" + d.id() + "` (" + d.severity().name().toLowerCase(Locale.ROOT) + ")";
            assertThat(doc).as(d.id()).contains(heading);
            String entry = doc.substring(doc.indexOf(heading));
            int next = entry.indexOf("\n### ", 1);
            entry = next < 0 ? entry : entry.substring(0, next);
            assertThat(entry).as(d.id()).contains("- **Why**: " + d.why()).contains("- **Remediation**: " + d.remediation())
                    .contains("- **Detects**: ").contains("- **How Cutover checks**: ");
        }
    }
}
