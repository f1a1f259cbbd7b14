package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.ServerInfo;
import io.cutover.schema.deferred.CreationContext;
import io.cutover.schema.deferred.DeferredObject;
import io.cutover.schema.deferred.ObjectType;
import io.cutover.schema.deferred.SqlModes;
import org.junit.jupiter.api.Test;

class CreationContextTest {
    static final ServerInfo AURORA3 = ServerInfo.of("8.0.39", "Source distribution", "3.08.0");
    static final ServerInfo MARIADB = ServerInfo.of("10.11.19-MariaDB-log", "Debian 12", null);
    static final ServerInfo MYSQL57 = ServerInfo.of("5.7.44-log", "MySQL Community Server (GPL)", null);

    static DeferredObject procedure(String sqlMode, String clientCharset, String body) {
        return new DeferredObject(ObjectType.PROCEDURE, "shop", "p", "CREATE DEFINER=`root`@`localhost` PROCEDURE `p`() " + body,
                "root@localhost", sqlMode, clientCharset, "latin1_swedish_ci", "utf8mb4_general_ci", null, null, null, null, null);
    }

    @Test
    void mysql57ModesLoseOnlyTheFlags80RemovedAndSayWhy() {
        SqlModes.Adjusted a = SqlModes.forTarget(
                "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NO_KEY_OPTIONS,NO_TABLE_OPTIONS,NO_FIELD_OPTIONS,NO_AUTO_CREATE_USER,MAXDB", AURORA3);
        assertThat(a.error()).isNull();
        assertThat(a.sqlMode()).isEqualTo("PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE");
        assertThat(a.notes()).hasSize(5).allSatisfy(n -> assertThat(n).contains("removed in MySQL 8.0"));
        assertThat(a.notes().get(0)).contains("NO_KEY_OPTIONS");
    }

    @Test
    void aFlagTheTargetDoesNotKnowIsAnErrorNamingIt() {
        SqlModes.Adjusted a = SqlModes.forTarget("STRICT_TRANS_TABLES,SIMULTANEOUS_ASSIGNMENT", AURORA3);
        assertThat(a.error()).contains("SIMULTANEOUS_ASSIGNMENT").contains("Aurora MySQL 3.08.0");
        CreationContext c = CreationContext.of(procedure("STRICT_TRANS_TABLES,SIMULTANEOUS_ASSIGNMENT", "utf8mb4", "SELECT 1"),
                "admin", "%", AURORA3);
        assertThat(c.error()).contains("SIMULTANEOUS_ASSIGNMENT");
    }

    @Test
    void mariaDbAndOlderTargetsGetTheStoredModeUnchanged() {
        String mode = "STRICT_TRANS_TABLES,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION";
        assertThat(SqlModes.forTarget(mode, MARIADB).sqlMode()).isEqualTo(mode);
        assertThat(SqlModes.forTarget(mode, MYSQL57).sqlMode()).isEqualTo(mode);
    }

    @Test
    void theSourceCharsetContextIsKeptUnlessItWouldCorruptNonAsciiText() {
        CreationContext ascii = CreationContext.of(procedure("", "latin1", "SELECT 'plain'"), "admin", "%", MARIADB);
        assertThat(ascii.characterSetClient()).isEqualTo("latin1");
        assertThat(ascii.notes()).isEmpty();
        CreationContext accented = CreationContext.of(procedure("", "latin1", "SELECT 'crème brûlée'"), "admin", "%", MARIADB);
        assertThat(accented.characterSetClient()).isEqualTo("utf8mb4");
        assertThat(accented.collationConnection()).isEqualTo("latin1_swedish_ci");
        assertThat(accented.notes()).singleElement().asString().contains("instead of latin1");
        CreationContext utf8 = CreationContext.of(procedure("", "utf8mb3", "SELECT 'crème'"), "admin", "%", MARIADB);
        assertThat(utf8.characterSetClient()).isEqualTo("utf8mb3");
    }

    @Test
    void theStatementAndTheSessionAreWhatTheScriptShows() {
        DeferredObject event = new DeferredObject(ObjectType.EVENT, "shop", "purge",
                "CREATE DEFINER=`root`@`localhost` EVENT `purge` ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' ON COMPLETION NOT PRESERVE DISABLE DO DELETE FROM t",
                "root@localhost", "NO_ZERO_DATE", "utf8mb4", "utf8mb4_general_ci", "utf8mb4_general_ci", "+02:00", "DISABLED", null, null, null);
        CreationContext c = CreationContext.of(event, "admin", "%", AURORA3);
        assertThat(c.statement()).startsWith("CREATE DEFINER=`admin`@`%` EVENT `purge`").contains("DISABLE DO DELETE FROM t");
        assertThat(c.sessionStatements()).containsExactly("USE `shop`", "SET SESSION sql_mode = 'NO_ZERO_DATE'",
                "SET SESSION character_set_client = 'utf8mb4'", "SET SESSION collation_connection = 'utf8mb4_general_ci'",
                "SET SESSION time_zone = '+02:00'");
    }
}
