package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.jdbc.JdbcDatabases;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.schema.deferred.Definers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: DEFINER objects keep their definer where the account exists on the target; readiness blocks when SQL
 * SECURITY DEFINER code would run on the target as an account with more privileges than on the source, naming the
 * objects and the accounts; the input's definers mapping decides otherwise.
 */
class DefinerPrivilegesIT {
    @Test
    void definerCodeMayNotGainPrivilegesOnTheTarget() {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target())) {
            pair.source().execute("CREATE DATABASE defs", "CREATE TABLE defs.t (id INT PRIMARY KEY, v INT)",
                    "CREATE USER 'shopapp'@'%' IDENTIFIED BY 'App-pass-1'", "GRANT SELECT, INSERT, UPDATE, EXECUTE ON defs.* TO 'shopapp'@'%'",
                    "CREATE DEFINER='shopapp'@'%' PROCEDURE defs.bump() SQL SECURITY DEFINER UPDATE defs.t SET v = v + 1",
                    "CREATE DEFINER='shopapp'@'%' SQL SECURITY INVOKER VIEW defs.v AS SELECT id FROM defs.t");
            MemoryArtifacts artifacts = new MemoryArtifacts();
            MemorySecrets secrets = pair.publishSecrets(new MemorySecrets());
            InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
            ObjectNode input = TestDatabases.input(pair, "defs", List.of("defs"));

            // shopapp does not exist on the target: the procedure would run as Cutover's administrative account
            CheckResult blocked = Readiness.byId(Readiness.report(ports, artifacts, Readiness.config(input), DatabaseRole.TARGET))
                    .get("so-definer-privileges");
            assertThat(blocked.blocks()).as(blocked.found()).isTrue();
            assertThat(blocked.objects()).singleElement().satisfies(o -> assertThat(o)
                    .startsWith("defs.bump (PROCEDURE): definer shopapp@% on the source, cutover@% on the target, which also has")
                    .contains("DROP (global)").contains("SET USER (global)")
                    .doesNotContain("SUPER")); // the target plays Aurora: its master user has no SUPER (docs/local-aurora.md)

            // the same account on the target, with the same privileges: kept, nothing gained
            pair.target().execute("CREATE USER 'shopapp'@'%' IDENTIFIED BY 'App-pass-1'", "GRANT SELECT, INSERT, UPDATE, EXECUTE ON defs.* TO 'shopapp'@'%'",
                    "CREATE USER 'reporting'@'%' IDENTIFIED BY 'Rep-pass-1'", "GRANT SELECT, INSERT, UPDATE, DELETE, DROP ON *.* TO 'reporting'@'%'");
            CheckResult kept = Readiness.byId(Readiness.report(ports, artifacts, Readiness.config(input), DatabaseRole.TARGET))
                    .get("so-definer-privileges");
            assertThat(kept.blocks()).as(kept.found()).isFalse();
            assertThat(kept.found()).contains("1 object(s) run with their definer's rights");

            // mapped to a wider account: blocked again, naming it
            input.set("definers", Json.parse("[{\"source\": \"shopapp@%\", \"target\": \"reporting@%\"}]"));
            MigrationConfig mapped = Readiness.config(input);
            CheckResult wider = Readiness.byId(Readiness.report(ports, artifacts, mapped, DatabaseRole.TARGET)).get("so-definer-privileges");
            assertThat(wider.blocks()).isTrue();
            assertThat(wider.objects()).singleElement().satisfies(o -> assertThat(o).contains("reporting@% on the target")
                    .contains("DELETE (global)").contains("DROP (global)"));

            // what the applier will use, object by object
            try (var target = new JdbcDatabases(secrets).open(DatabaseRole.TARGET, mapped.target())) {
                Definers d = Definers.of(mapped.definers(), target);
                assertThat(d.forObject("shopapp@%").account()).isEqualTo("reporting@%");
                assertThat(d.forObject("cutover@%").why()).contains("kept: the account exists on the target");
                assertThat(d.forObject("gone@localhost").account()).isEqualTo("cutover@%");
                assertThat(d.forObject("gone@localhost").why()).contains("does not exist on the target");
            }
        }
    }
}
