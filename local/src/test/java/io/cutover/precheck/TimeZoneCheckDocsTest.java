package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.Project;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * sc-time-zone-timestamp's remediation, in the report and in docs/readiness-checks.md, covers the endpoints Cutover
 * does not create: an existing or stack-made source endpoint must carry the same ServerTimezone, or 3.1 refuses it.
 */
class TimeZoneCheckDocsTest {

    @Test
    void theRemediationNamesTheEndpointsZoneAndTheDocsSayTheSame() throws Exception {
        String remediation = ServerComparisonChecks.TIME_ZONE.remediation();
        assertThat(remediation).contains("source.serverTimezone").contains("dms.sourceEndpointArn")
                .contains("SourceServerTimezone").contains("refuses it");
        String row = Files.readString(Project.root().resolve("docs/readiness-checks.md")).lines()
                .filter(l -> l.startsWith("| `sc-time-zone-timestamp` |")).findFirst().orElseThrow();
        assertThat(row).contains("| " + remediation + " |");
    }
}
