package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A check with more objects at fault than a report lists: 60 tables without a primary or unique key, through the
 * source readiness Lambda (JSON in, report stored and read back). The report lists the first
 * {@link CheckResult#MAX_OBJECTS}, counts all 60, and says so.
 */
@ExtendWith(DatabaseServers.class)
class ObjectCountCapIT {
    private static final int KEYLESS = 60;

    @Test
    void theObjectListIsCappedAndTheCountIsTheTrueTotal(TestDatabases db) {
        String schema = TestDatabases.newSchema("keyless");
        List<String> statements = new ArrayList<>(List.of("CREATE DATABASE " + schema));
        IntStream.rangeClosed(1, KEYLESS).forEach(i -> statements.add(
                "CREATE TABLE " + schema + ".t" + String.format("%02d", i) + " (a INT, b VARCHAR(10))"));
        statements.add("CREATE TABLE " + schema + ".keyed (id INT PRIMARY KEY)");
        db.source().execute(statements.toArray(String[]::new));

        MigrationConfig config = Readiness.config(db.input("keyless-cap", List.of(schema)));
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        CheckResult keyless = Readiness.byId(Readiness.report(ports, artifacts, config, DatabaseRole.SOURCE)).get("so-no-pk-or-uk");

        assertThat(keyless.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(keyless.objectCount()).isEqualTo(KEYLESS);
        assertThat(keyless.objects()).hasSize(CheckResult.MAX_OBJECTS)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, CheckResult.MAX_OBJECTS)
                        .mapToObj(i -> schema + ".t" + String.format("%02d", i)).toList());
        assertThat(keyless.found()).isEqualTo(KEYLESS + " of " + (KEYLESS + 1)
                + " tables have no primary key and no unique key on NOT NULL columns");
    }
}
