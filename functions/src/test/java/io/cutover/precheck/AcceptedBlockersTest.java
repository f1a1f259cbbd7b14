package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig.AcceptedBlocker;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptedBlockersTest {
    private static final CheckDefinition KEYWORDS = new CheckDefinition("so-reserved-keywords", "Reserved words", Severity.BLOCKER, "why", "fix");
    private static final CheckDefinition CASCADES = new CheckDefinition("so-cascade-fks", "Cascades", Severity.BLOCKER, "why", "fix");

    @Test
    void anAcceptedBlockerNoLongerBlocksAndCarriesItsReasonIntoTheSummary() {
        List<CheckResult> results = List.of(KEYWORDS.failed("2 names are reserved in 8.0", List.of("shop.rank", "shop.window")));
        List<CheckResult> accepted = AcceptedBlockers.apply(results, List.of(new AcceptedBlocker("so-reserved-keywords", null,
                "every statement quotes them (checked in the ORM, ana)")));
        ReadinessReport report = new ReadinessReport("m", "source", "MariaDB", Instant.EPOCH, accepted);
        assertThat(report.blockers()).isEmpty();
        assertThat(report.warnings()).extracting(CheckResult::id).containsExactly("so-reserved-keywords");
        ReadinessReport stored = io.cutover.core.json.Json.read(io.cutover.core.json.Json.write(report), ReadinessReport.class);
        assertThat(stored.checks()).singleElement().satisfies(r -> assertThat(r.accepted()).startsWith("every statement quotes them"));
        ReadinessReport plain = new ReadinessReport("m", "source", "MariaDB", Instant.EPOCH, results);
        assertThat(io.cutover.core.json.Json.read(io.cutover.core.json.Json.write(plain), ReadinessReport.class).blockers())
                .as("a report read back from its artifact still blocks").hasSize(1);
        assertThat(report.summaryText()).contains("0 blocker(s)")
                .contains("ACCEPTED so-reserved-keywords (2 object(s)): 2 names are reserved in 8.0 | reason: every statement quotes them");
    }

    @Test
    void acceptingSomeObjectsLeavesTheOthersBlockingAndNamed() {
        List<CheckResult> results = List.of(KEYWORDS.failed("2 names", List.of("shop.rank", "shop.window")));
        List<CheckResult> out = AcceptedBlockers.apply(results, List.of(new AcceptedBlocker("so-reserved-keywords", List.of("shop.rank"),
                "quoted everywhere")));
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.blocks()).isTrue();
            assertThat(r.found()).contains("accepted for [shop.rank] only; still blocking: [shop.window]");
        });
        out = AcceptedBlockers.apply(results, List.of(new AcceptedBlocker("so-reserved-keywords", List.of("shop.window", "shop.rank"), "quoted")));
        assertThat(out.get(0).blocks()).isFalse();
    }

    @Test
    void aDataLosingCheckOrAConnectionFailureIsNeverAcceptedEvenIfItReachesTheRunner() {
        List<CheckResult> results = List.of(CASCADES.failed("1 cascading key", List.of("shop.orders.fk")),
                ReadinessRunner.connect(io.cutover.core.db.DatabaseRole.TARGET).couldNotCheck("access denied"));
        List<CheckResult> out = AcceptedBlockers.apply(results, List.of(new AcceptedBlocker("so-cascade-fks", null, "no"),
                new AcceptedBlocker("cutover-connect-target", null, "later")));
        assertThat(out).allMatch(CheckResult::blocks);
    }
}
