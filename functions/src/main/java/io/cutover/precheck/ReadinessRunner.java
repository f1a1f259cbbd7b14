package io.cutover.precheck;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
import io.cutover.core.error.CutoverException;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Checks;
import io.cutover.precheck.framework.Severity;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.Logger;

/**
 * Runs the check groups of one Lambda (source or target) and builds its report. It bounds the work so the Lambda
 * ends with a report rather than a timeout: every statement has a server-side time limit, and groups that would
 * start after the time budget is spent report "could not check" instead of running. A connection that cannot be
 * opened (wrong password, missing grant, unknown secret) is a blocker "could not check" in the report; a
 * connection lost or refused is rethrown, so the state machine retries the Lambda.
 */
public final class ReadinessRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessRunner.class);

    /** The Lambdas run for up to 10 minutes (template.yaml): 8 for the checks, 2 for one slow statement at most. */
    public record Limits(Duration budget, Duration statementTimeout) {
        public static final Limits LAMBDA = new Limits(Duration.ofMinutes(8), Duration.ofMinutes(2));
    }

    private final Databases databases;
    private final Clock clock;
    private final Limits limits;

    public ReadinessRunner(Databases databases, Clock clock, Limits limits) {
        this.databases = databases;
        this.clock = clock;
        this.limits = limits;
    }

    static CheckDefinition connect(DatabaseRole side) {
        return new CheckDefinition("cutover-connect-" + side.label(), "Cutover can connect to the " + side.label(),
                Severity.BLOCKER, "Without a session to the " + side.label() + " none of its checks can run.",
                "Check the secret named in " + side.label() + ".secretId (user, password, host, port), the network path "
                        + "from the function to the database, and the TLS settings in " + side.label() + ".tls.");
    }

    static CheckDefinition group(CheckGroup group) {
        return new CheckDefinition("cutover-group-" + group.name(), "The " + group.name() + " checks ran", Severity.BLOCKER,
                "A group of checks that did not run cannot say the migration is safe.",
                "Read the reason; fix access or raise the limits, then run the readiness checks again.");
    }

    /** Runs the groups {@code lambda} is responsible for (see {@link ReadinessGroups#forLambda}). */
    public ReadinessReport run(MigrationConfig config, DatabaseRole lambda, List<CheckGroup> allGroups) {
        List<CheckGroup> groups = ReadinessGroups.forLambda(lambda, allGroups);
        boolean needsSource = lambda == DatabaseRole.SOURCE || groups.stream().anyMatch(g -> g.side() == CheckGroup.Side.BOTH);
        Map<DatabaseRole, String> connectFailures = new EnumMap<>(DatabaseRole.class);
        Map<DatabaseRole, List<String>> notRun = new EnumMap<>(DatabaseRole.class);
        List<CheckResult> results = new ArrayList<>();
        List<ReadinessReport.GroupTiming> timings = new ArrayList<>();
        var started = clock.instant();
        try (Sessions sessions = new Sessions()) {
            sessions.source = needsSource ? open(DatabaseRole.SOURCE, config, connectFailures) : null;
            sessions.target = lambda == DatabaseRole.TARGET ? open(DatabaseRole.TARGET, config, connectFailures) : null;
            Database own = lambda == DatabaseRole.SOURCE ? sessions.source : sessions.target;
            String server = own == null ? "not connected" : own.server().describe();
            long deadline = System.nanoTime() + limits.budget().toNanos();
            for (CheckGroup group : groups) {
                DatabaseRole missing = missingSession(group, sessions);
                if (missing != null) {
                    // reported once, with the connection failure, instead of once per group
                    notRun.computeIfAbsent(missing, k -> new ArrayList<>()).add(group.name());
                    continue;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    results.add(group(group).couldNotCheck("not run: the earlier groups used the time budget of "
                            + limits.budget().toSeconds() + " s"));
                    continue;
                }
                Duration statementLimit = Duration.ofNanos(Math.min(remaining, limits.statementTimeout().toNanos()));
                limitStatements(sessions.source, statementLimit);
                limitStatements(sessions.target, statementLimit);
                long t0 = System.nanoTime();
                List<CheckResult> groupResults = runGroup(group, new CheckContext(config, sessions.source, sessions.target));
                long millis = (System.nanoTime() - t0) / 1_000_000;
                LOG.info("readiness group {} ({}): {} result(s) in {} ms", group.name(), group.side(), groupResults.size(), millis);
                results.addAll(groupResults);
                timings.add(new ReadinessReport.GroupTiming(group.name(), group.side().name(), millis, groupResults.size()));
            }
            List<CheckResult> all = new ArrayList<>();
            connectFailures.forEach((side, reason) -> {
                List<String> skipped = notRun.getOrDefault(side, List.of());
                all.add(connect(side).couldNotCheck(reason + (skipped.isEmpty() ? ""
                        : "; these check groups did not run: " + String.join(", ", skipped))));
            });
            all.addAll(results);
            return new ReadinessReport(config.migrationId(), lambda.label(), server, started,
                    AcceptedBlockers.apply(all, config.readiness().acceptedBlockers()), timings);
        }
    }

    private List<CheckResult> runGroup(CheckGroup group, CheckContext context) {
        try {
            List<CheckResult> results = group.run(context);
            return results == null ? List.of(group(group).couldNotCheck("the group returned no results (a bug)")) : results;
        } catch (RuntimeException e) {
            if (Checks.isRetryable(e)) {
                throw e;
            }
            LOG.warn("readiness group {} failed: {}", group.name(), e.toString());
            return List.of(group(group).couldNotCheck(Checks.reason(e)));
        }
    }

    private Database open(DatabaseRole side, MigrationConfig config, Map<DatabaseRole, String> failures) {
        try {
            return databases.open(side, side == DatabaseRole.SOURCE ? config.source() : config.target());
        } catch (CutoverException e) {
            if (Checks.isRetryable(e)) {
                throw e;
            }
            failures.put(side, e.getMessage());
            return null;
        }
    }

    private static DatabaseRole missingSession(CheckGroup group, Sessions sessions) {
        boolean source = group.side() != CheckGroup.Side.TARGET;
        boolean target = group.side() != CheckGroup.Side.SOURCE;
        if (source && sessions.source == null) return DatabaseRole.SOURCE;
        if (target && sessions.target == null) return DatabaseRole.TARGET;
        return null;
    }

    /**
     * A server-side limit on each statement of the session (MariaDB max_statement_time in seconds, MySQL
     * max_execution_time in milliseconds, SELECT only): a slow query ends as "could not check", not as a Lambda timeout.
     */
    static void limitStatements(Database db, Duration limit) {
        if (db == null) {
            return;
        }
        long seconds = Math.max(1, limit.toSeconds());
        try {
            if (db.server().isMariaDb()) {
                db.update("SET SESSION max_statement_time = " + seconds);
            } else {
                db.update("SET SESSION max_execution_time = " + seconds * 1000);
            }
        } catch (CutoverException e) {
            if (Checks.isRetryable(e)) {
                throw e;
            }
            LOG.warn("{}: cannot limit statement time: {}", db.role().label(), e.getMessage());
        }
    }

    /** The sessions of one run, closed together. */
    private static final class Sessions implements AutoCloseable {
        Database source;
        Database target;

        @Override
        public void close() {
            if (source != null) source.close();
            if (target != null) target.close();
        }
    }
}
