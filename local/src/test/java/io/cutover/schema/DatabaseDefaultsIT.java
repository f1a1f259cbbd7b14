package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.local.db.MariaDbServer;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The target databases' character set and collation: as on the source by default, as configured with
 * {@code target.databaseCharacterSet} / {@code target.databaseCollation}; the routines created in them later and
 * the schema validation agree with the configuration; a name the target does not know changes nothing.
 */
@ExtendWith(DatabaseServers.class)
class DatabaseDefaultsIT {

    /** A source database in latin1 / latin1_german1_ci (not the servers' default), a utf8mb4 table and a procedure. */
    private static String sourceSchema(TestDatabases db, String prefix) {
        String s = TestDatabases.newSchema(prefix);
        db.source().execute("CREATE DATABASE `" + s + "` CHARACTER SET latin1 COLLATE latin1_german1_ci", "USE `" + s + "`",
                "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20)) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE PROCEDURE p() SELECT COUNT(*) FROM t");
        return s;
    }

    private static MigrationConfig config(TestDatabases db, String migrationId, String schema, String charset, String collation) {
        ObjectNode input = db.input(migrationId, List.of(schema));
        ObjectNode target = (ObjectNode) input.get("target");
        if (charset != null) target.put("databaseCharacterSet", charset);
        if (collation != null) target.put("databaseCollation", collation);
        return new InputValidator().validate(input, InputValidator.Purpose.READINESS);
    }

    @Test
    void withoutConfigurationTheDatabaseIsCreatedAsOnTheSource(TestDatabases db) {
        String s = sourceSchema(db, "dbdefault");
        CreateTargetSchemaHandler.Result result = SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().build()),
                config(db, "dbdefaults-source", s, null, null), CreateTargetSchemaHandler.Result.class);
        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(defaults(db.target(), s)).containsExactly("latin1", "latin1_german1_ci");
    }

    @Test
    void aConfiguredCharacterSetAndCollationAreWhatTheDatabasesGetAndTheWholePhaseAgrees(TestDatabases db) {
        String s = sourceSchema(db, "dbconf");
        MigrationConfig config = config(db, "dbdefaults-both", s, "utf8mb4", "utf8mb4_bin");
        InMemoryPorts ports = db.ports().build();

        CreateTargetSchemaHandler.Result created = SchemaCalls.call(new CreateTargetSchemaHandler(ports), config,
                CreateTargetSchemaHandler.Result.class);
        assertThat(created.ok()).as(created.summary()).isTrue();
        assertThat(defaults(db.target(), s)).containsExactly("utf8mb4", "utf8mb4_bin");
        assertThat(TargetSnapshot.of(db.target(), List.of(s)).get("TABLE " + s + ".t"))
                .as("tables keep their own collation").contains("COLLATE=utf8mb4_unicode_ci");
        // a second run finds the database as configured: nothing to report
        assertThat(SchemaCalls.call(new CreateTargetSchemaHandler(ports), config, CreateTargetSchemaHandler.Result.class).ok()).isTrue();

        // The procedure records the target database's collation (the configured one), which is what both the
        // recreation and the validation expect: no "database collation differs" for it.
        SchemaCalls.call(new ExtractDeferredObjectsHandler(ports), config, ExtractDeferredObjectsHandler.Result.class);
        ApplyDeferredObjectsHandler.Result applied = SchemaCalls.call(new ApplyDeferredObjectsHandler(ports), config,
                ApplyDeferredObjectsHandler.Result.class);
        assertThat(applied.ok()).as(applied.summary()).isTrue();
        assertThat(routineDatabaseCollation(db.target(), s, "p")).isEqualTo("utf8mb4_bin");
        ValidateSchemaHandler.Result validated = SchemaCalls.call(new ValidateSchemaHandler(ports), config, ValidateSchemaHandler.Result.class);
        assertThat(validated.ok()).as(validated.summary() + " " + validated.firstDifferences()).isTrue();

        // The same target validated against the source's defaults is not as the source: the database and the routine.
        ValidateSchemaHandler.Result asSource = SchemaCalls.call(new ValidateSchemaHandler(ports), config(db, "dbdefaults-both", s, null, null),
                ValidateSchemaHandler.Result.class);
        assertThat(asSource.firstDifferences()).containsExactlyInAnyOrder(
                "database `" + s + "`: default character set is utf8mb4 on the target, latin1 on the source",
                "database `" + s + "`: default collation is utf8mb4_bin on the target, latin1_german1_ci on the source",
                "procedure `" + s + "`.`p`: database collation is utf8mb4_bin, latin1_german1_ci on the source");
    }

    @Test
    void aCharacterSetAloneGetsItsDefaultCollationAndACollationAloneItsCharacterSet(TestDatabases db) {
        String a = sourceSchema(db, "dbcs");
        CreateTargetSchemaHandler.Result charsetOnly = SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().build()),
                config(db, "dbdefaults-cs", a, "utf8mb4", null), CreateTargetSchemaHandler.Result.class);
        assertThat(charsetOnly.ok()).as(charsetOnly.summary()).isTrue();
        assertThat(defaults(db.target(), a)).containsExactly("utf8mb4", "utf8mb4_general_ci");

        String b = sourceSchema(db, "dbco");
        CreateTargetSchemaHandler.Result collationOnly = SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().build()),
                config(db, "dbdefaults-co", b, null, "latin1_bin"), CreateTargetSchemaHandler.Result.class);
        assertThat(collationOnly.ok()).as(collationOnly.summary()).isTrue();
        assertThat(defaults(db.target(), b)).containsExactly("latin1", "latin1_bin");
    }

    @Test
    void anExistingDatabaseWithOtherDefaultsIsReportedNotAltered(TestDatabases db) {
        String s = sourceSchema(db, "dbexists");
        db.target().execute("CREATE DATABASE `" + s + "` CHARACTER SET latin1 COLLATE latin1_german1_ci");
        CreateTargetSchemaHandler.Result result = SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().build()),
                config(db, "dbdefaults-exists", s, "utf8mb4", "utf8mb4_bin"), CreateTargetSchemaHandler.Result.class);
        assertThat(result.ok()).isFalse();
        assertThat(result.summary()).contains("1 database(s) with other defaults");
        assertThat(defaults(db.target(), s)).containsExactly("latin1", "latin1_german1_ci");
    }

    @Test
    void aNameTheTargetDoesNotKnowIsRefusedBeforeAnythingIsCreated(TestDatabases db) {
        String s = sourceSchema(db, "dbunknown");
        // MySQL 8's default utf8mb4 collation, which MariaDB 10.11 does not have: a rehearsal of an Aurora input
        MigrationConfig mysqlOnly = config(db, "dbdefaults-unknown", s, "utf8mb4", "utf8mb4_0900_ai_ci");
        assertThatThrownBy(() -> SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().build()), mysqlOnly, Map.of(),
                CreateTargetSchemaHandler.Result.class))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("$.target.databaseCollation: 'utf8mb4_0900_ai_ci' is not a collation of the target (MariaDB 10.11");
        MigrationConfig badCharset = config(db, "dbdefaults-unknown", s, "klingon", null);
        assertThatThrownBy(() -> SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().build()), badCharset, Map.of(),
                CreateTargetSchemaHandler.Result.class))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("$.target.databaseCharacterSet: 'klingon' is not a character set of the target");
        assertThat(defaults(db.target(), s)).as("no database created").isEmpty();
    }

    /** The database's default character set and collation on the server, or nothing when it does not exist. */
    private static List<String> defaults(MariaDbServer server, String schema) {
        return row(server, "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
                schema);
    }

    private static String routineDatabaseCollation(MariaDbServer server, String schema, String name) {
        return row(server, "SELECT DATABASE_COLLATION, NULL FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? AND ROUTINE_NAME = ?",
                schema, name).get(0);
    }

    private static List<String> row(MariaDbServer server, String sql, Object... params) {
        try (Connection c = server.rootConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Arrays.asList(rs.getString(1), rs.getString(2)) : List.of();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
