package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsal's happy path must start clean: its execution input is valid for a migration, and the sample
 * database passes every readiness check (warnings allowed, no blocker), run by the real readiness state machine
 * through the rehearsal's own ports. A sample or an input that a readiness check blocks (the LOB columns in full LOB
 * mode did) fails here, naming the blocker, before any end-to-end run.
 */
class RehearsalReadinessIT {
    @TempDir
    Path out;

    @Test
    void theRehearsalsInputIsValidAndTheSamplePassesTheReadinessChecks() throws Exception {
        ObjectNode input = RehearsalInput.build("rehearsal", SampleDatabase.SCHEMAS, Duration.ofSeconds(30), Map.of());
        MigrationConfig config = new InputValidator().validate(input, InputValidator.Purpose.MIGRATION);
        assertThat(config.cutover().rollbackWindowHours() * 3600).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(config.cutover().drainHoldSeconds()).isZero();
        assertThat(config.dms().sslMode()).isEqualTo("none");

        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target())) {
            RehearsalServers servers = RehearsalServers.of(pair);
            try (Connection c = servers.admin(DatabaseRole.SOURCE)) {
                SampleDatabase.create(c, 2_000, t -> { });
            }
            try (RehearsalPorts local = RehearsalPorts.open(servers.secrets(), () -> servers.admin(DatabaseRole.TARGET), out, 0, Clock.systemUTC())) {
                ExecutionResult result = AslRunner.forStateMachine("ReadinessStateMachine", local.ports()).build().run(input, Duration.ofMinutes(3));
                assertThat(result.succeeded()).as("%s %s", result, result.cause()).isTrue();
                assertThat(result.statesEntered()).endsWith("Ready to migrate");
                assertThat(local.artifacts().keys()).anySatisfy(k -> assertThat(k).startsWith("migrations/rehearsal/readiness/runs/"));
            }
        }
    }
}
