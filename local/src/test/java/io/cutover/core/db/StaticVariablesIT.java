package io.cutover.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session reads the variables the server cannot change while it runs once, with the first request for any of them,
 * and every dynamic variable each time it is asked for (the server's own count of SHOW VARIABLES statements).
 */
@ExtendWith(DatabaseServers.class)
class StaticVariablesIT {

    @Test
    void readOnlyAndNonDynamicVariablesAreReadOncePerSessionAndDynamicOnesEveryTime(TestDatabases db) {
        var config = db.config("static-vars", List.of("static_vars"));
        try (Database source = db.open(DatabaseRole.SOURCE, config)) {
            long before = showVariables(source);
            assertThat(source.globalVariables(List.of("performance_schema"))).containsOnlyKeys("performance_schema");
            String version = source.query("SELECT VERSION() AS v").get(0).string("v");
            assertThat(source.server().version()).isEqualTo(version);
            assertThat(showVariables(source) - before).as("the identity came with the first request").isEqualTo(1);

            source.update("SET GLOBAL max_connect_errors = 4321");
            try {
                assertThat(source.globalVariables(List.of("max_connect_errors", "version", "no_such_variable")))
                        .containsEntry("max_connect_errors", "4321").containsEntry("version", version).doesNotContainKey("no_such_variable");
                source.update("SET GLOBAL max_connect_errors = 1234");
                assertThat(source.globalVariables(List.of("max_connect_errors"))).containsEntry("max_connect_errors", "1234");
                assertThat(showVariables(source) - before).as("a dynamic variable is read each time").isEqualTo(3);
            } finally {
                source.update("SET GLOBAL max_connect_errors = 100");
            }
        }
    }

    /** This session's SHOW VARIABLES statements so far. */
    private static long showVariables(Database db) {
        return db.query("SHOW SESSION STATUS LIKE 'Com\\_show\\_variables'").get(0).longValue("Value", 0);
    }
}
