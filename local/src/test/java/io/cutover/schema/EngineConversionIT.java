package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 19: "2.5 Create target schema" creates the source's MyISAM, Aria and MEMORY tables as InnoDB on a target that
 * plays Aurora MySQL 3 (which refuses the other engines, docs/local-aurora.md), reports each conversion in the schema
 * report and in the summary the freeze approval shows, and the schema validation expects InnoDB. Without the
 * conversion, the target refuses the CREATE TABLE and the table is FAILED.
 */
@ExtendWith(DatabaseServers.class)
class EngineConversionIT {

    @Test
    void nonInnoDbTablesAreCreatedAsInnoDbAndReported(TestDatabases db) throws Exception {
        String s = TestDatabases.newSchema("engines");
        db.source().execute("CREATE DATABASE `" + s + "`",
                "CREATE TABLE `" + s + "`.notes (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT, FULLTEXT KEY ft (body)) "
                        + "ENGINE=MyISAM ROW_FORMAT=FIXED DELAY_KEY_WRITE=1 COMMENT='ENGINE=MyISAM stays in the comment'",
                "CREATE TABLE `" + s + "`.cache (k VARCHAR(20) PRIMARY KEY, v INT) ENGINE=MEMORY",
                "CREATE TABLE `" + s + "`.aria_log (id BIGINT PRIMARY KEY, what VARCHAR(40)) ENGINE=Aria ROW_FORMAT=PAGE TRANSACTIONAL=1 PAGE_CHECKSUM=1",
                "CREATE TABLE `" + s + "`.plain (id INT PRIMARY KEY) ENGINE=InnoDB",
                "INSERT INTO `" + s + "`.notes (body) VALUES ('a'), ('b')");
        MemoryArtifacts artifacts = new MemoryArtifacts();
        MigrationConfig config = db.config("engines", List.of(s));
        CreateTargetSchemaHandler.Result result = SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().artifacts(artifacts).build()),
                config, CreateTargetSchemaHandler.Result.class);

        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.tablesMatching()).isEqualTo(4);
        assertThat(result.summary()).contains("converted to InnoDB").contains(s + ".notes (MyISAM → InnoDB)")
                .contains(s + ".cache (MEMORY → InnoDB)").contains(s + ".aria_log (Aria → InnoDB)").doesNotContain("plain");
        TargetSchemaReport report = artifacts.getJson(result.reportKey(), TargetSchemaReport.class).orElseThrow();
        assertThat(report.engineConversions()).containsExactlyInAnyOrder(s + ".notes (MyISAM → InnoDB)",
                s + ".cache (MEMORY → InnoDB)", s + ".aria_log (Aria → InnoDB)");
        assertThat(engines(db, s)).containsOnly(Map.entry("aria_log", "InnoDB"), Map.entry("cache", "InnoDB"),
                Map.entry("notes", "InnoDB"), Map.entry("plain", "InnoDB"));
        try (Connection c = db.target().rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + s + "`.notes")) {
            rs.next();
            assertThat(rs.getString(2)).contains("FULLTEXT KEY `ft`").contains("COMMENT='ENGINE=MyISAM stays in the comment'")
                    .doesNotContain("ROW_FORMAT=FIXED");
        }

        // a second run compares, never replaces: the same report
        CreateTargetSchemaHandler.Result again = SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().artifacts(artifacts).build()),
                config, CreateTargetSchemaHandler.Result.class);
        assertThat(again.ok()).isTrue();
        assertThat(again.summary()).contains(s + ".notes (MyISAM → InnoDB)");
        // the schema validation (6.3) expects InnoDB too
        ValidateSchemaHandler.Result validated = SchemaCalls.call(new ValidateSchemaHandler(db.ports().artifacts(artifacts).build()),
                config, ValidateSchemaHandler.Result.class);
        assertThat(validated.firstDifferences()).as(validated.summary()).noneMatch(d -> d.contains("ENGINE") || d.contains("engine"));
    }

    private static Map<String, String> engines(TestDatabases db, String schema) throws Exception {
        Map<String, String> engines = new LinkedHashMap<>();
        try (Connection c = db.target().rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + schema + "'")) {
            while (rs.next()) {
                engines.put(rs.getString(1), rs.getString(2));
            }
        }
        return engines;
    }
}
