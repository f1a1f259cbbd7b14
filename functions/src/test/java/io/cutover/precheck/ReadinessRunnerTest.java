package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Severity;
import io.cutover.testing.ScriptedDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which Lambda runs which group, and what the report says when sessions or groups fail. */
class ReadinessRunnerTest {
    private static final CheckDefinition PROBE = new CheckDefinition("x-probe", "probe", Severity.WARNING, "why", "fix");

    /** A group that records the sessions it was given and passes. */
    private record Probe(String name, Side side, List<String> calls, Function<CheckContext, List<CheckResult>> body) implements CheckGroup {
        Probe(String name, Side side, List<String> calls) {
            this(name, side, calls, c -> List.of(PROBE.passed(name)));
        }

        @Override
        public List<CheckResult> run(CheckContext context) {
            calls.add(name + ":" + (context.source() != null ? "S" : "-") + (context.target() != null ? "T" : "-"));
            return body.apply(context);
        }
    }

    private static final class FakeDatabases implements Databases {
        final Map<DatabaseRole, RuntimeException> failures = new EnumMap<>(DatabaseRole.class);
        final List<ScriptedDatabase> opened = new ArrayList<>();

        @Override
        public Database open(DatabaseRole role, Endpoint endpoint) {
            if (failures.containsKey(role)) {
                throw failures.get(role);
            }
            ScriptedDatabase db = new ScriptedDatabase(role).variable("version", "10.11.19-MariaDB");
            opened.add(db);
            return db;
        }

        @Override
        public Database open(DatabaseRole role, String secretId, Endpoint endpoint) {
            return open(role, endpoint);
        }
    }

    private static ReadinessRunner runner(FakeDatabases databases, Duration budget) {
        return new ReadinessRunner(databases, Clock.systemUTC(), new ReadinessRunner.Limits(budget, Duration.ofSeconds(90)));
    }

    @Test
    void theSourceLambdaRunsSourceGroupsAndTheTargetLambdaTheRestWithBothSessions() {
        List<String> calls = new ArrayList<>();
        List<CheckGroup> groups = List.of(new Probe("src", CheckGroup.Side.SOURCE, calls), new Probe("tgt", CheckGroup.Side.TARGET, calls),
                new Probe("both", CheckGroup.Side.BOTH, calls));
        FakeDatabases databases = new FakeDatabases();

        ReadinessReport source = runner(databases, Duration.ofMinutes(1)).run(Contexts.config(), DatabaseRole.SOURCE, groups);
        assertThat(calls).containsExactly("src:S-");
        assertThat(source.side()).isEqualTo("source");
        assertThat(source.groups()).extracting(ReadinessReport.GroupTiming::name).containsExactly("src");

        calls.clear();
        ReadinessReport target = runner(databases, Duration.ofMinutes(1)).run(Contexts.config(), DatabaseRole.TARGET, groups);
        assertThat(calls).containsExactly("tgt:ST", "both:ST");
        assertThat(target.checks()).hasSize(2);
        // every session got a statement time limit
        assertThat(databases.opened).hasSize(3).allSatisfy(db -> assertThat(db.executed())
                .anyMatch(sql -> sql.matches("SET SESSION max_statement_time = (59|60)")));
    }

    @Test
    void aConnectionThatCannotBeOpenedIsABlockerInTheReport() {
        FakeDatabases databases = new FakeDatabases();
        databases.failures.put(DatabaseRole.SOURCE, new AccessDeniedException("source: connecting to db:3306 as cutover failed: [1045] Access denied"));
        List<String> calls = new ArrayList<>();
        List<CheckGroup> groups = List.of(new Probe("tgt", CheckGroup.Side.TARGET, calls), new Probe("both", CheckGroup.Side.BOTH, calls));

        ReadinessReport report = runner(databases, Duration.ofMinutes(1)).run(Contexts.config(), DatabaseRole.TARGET, groups);

        assertThat(calls).containsExactly("tgt:-T");
        assertThat(report.blockers()).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo("cutover-connect-source");
            assertThat(b.found()).contains("[1045] Access denied").endsWith("these check groups did not run: both");
        });
        assertThat(report.checks()).extracting(CheckResult::id).containsExactly("cutover-connect-source", "x-probe");
    }

    @Test
    void aRefusedConnectionIsRethrownForTheStateMachineToRetry() {
        FakeDatabases databases = new FakeDatabases();
        databases.failures.put(DatabaseRole.SOURCE, new TransientDatabaseException("source: connection refused", null));
        assertThatThrownBy(() -> runner(databases, Duration.ofMinutes(1)).run(Contexts.config(), DatabaseRole.SOURCE, List.of()))
                .isInstanceOf(TransientDatabaseException.class);
    }

    @Test
    void aGroupThatThrowsBecomesOneCouldNotCheckBlockerAndTheOthersStillRun() {
        List<String> calls = new ArrayList<>();
        List<CheckGroup> groups = List.of(
                new Probe("broken", CheckGroup.Side.SOURCE, calls, c -> {
                    throw new IllegalStateException("unexpected column");
                }),
                new Probe("fine", CheckGroup.Side.SOURCE, calls));
        ReadinessReport report = runner(new FakeDatabases(), Duration.ofMinutes(1)).run(Contexts.config(), DatabaseRole.SOURCE, groups);
        assertThat(calls).containsExactly("broken:S-", "fine:S-");
        assertThat(report.blockers()).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo("cutover-group-broken");
            assertThat(b.found()).contains("IllegalStateException: unexpected column");
        });
    }

    @Test
    void groupsAfterTheTimeBudgetReportThatTheyDidNotRun() {
        List<String> calls = new ArrayList<>();
        List<CheckGroup> groups = List.of(
                new Probe("slow", CheckGroup.Side.SOURCE, calls, c -> {
                    try {
                        Thread.sleep(30);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return List.of(PROBE.passed("slow"));
                }),
                new Probe("late", CheckGroup.Side.SOURCE, calls));
        ReadinessReport report = runner(new FakeDatabases(), Duration.ofMillis(10)).run(Contexts.config(), DatabaseRole.SOURCE, groups);
        assertThat(calls).containsExactly("slow:S-");
        assertThat(report.blockers()).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo("cutover-group-late");
            assertThat(b.found()).contains("time budget");
        });
    }
}
