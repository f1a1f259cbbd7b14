package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.Row;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import io.cutover.precheck.framework.ServerVariables;
import io.cutover.testing.ScriptedDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The source server checks on recorded MySQL 8 / RDS / Aurora answers (MariaDB's are tested against real servers). */
class SourceServerChecksRecordedTest {

    private static Map<String, CheckResult> run(ScriptedDatabase db) {
        return Contexts.byId(new SourceServerChecks().run(Contexts.source(Contexts.config(), db)));
    }

    private static ScriptedDatabase mysql80() {
        return ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-community");
    }

    @Test
    void aMysql80PrimaryPasses() {
        Map<String, CheckResult> r = run(mysql80());
        assertThat(r).containsOnlyKeys("cutover-schemas-exist", "sc-version-dms-supported", "sc-source-is-primary",
                "sc-statement-timeout", "sc-removed-sysvars", "sc-ndb-binlog", "sc-xa-transactions");
        assertThat(r.values()).allSatisfy(c -> assertThat(c.status()).as(c.id() + ": " + c.found()).isEqualTo(CheckStatus.PASSED));
        assertThat(r.get("sc-removed-sysvars").found()).contains("MySQL 8.0.36");
    }

    @Test
    void aReplicaWithoutLogReplicaUpdatesBlocksAndNamesItsSource() {
        Map<String, CheckResult> r = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-replica"));
        CheckResult primary = r.get("sc-source-is-primary");
        assertThat(primary.blocks()).isTrue();
        assertThat(primary.found()).contains("replicates from db-primary.internal:3306").contains("log_replica_updates = OFF");
        // XA RECOVER needs XA_RECOVER_ADMIN on MySQL 8: not a pass, a warning that it could not be checked
        CheckResult xa = r.get("sc-xa-transactions");
        assertThat(xa.status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(xa.found()).contains("XA_RECOVER_ADMIN");
        assertThat(xa.warns()).isTrue();
    }

    @Test
    void aReplicaWithLogReplicaUpdatesOnlyWarns() {
        CheckResult primary = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-replica")
                .variable("log_replica_updates", "ON")).get("sc-source-is-primary");
        assertThat(primary.blocks()).isFalse();
        assertThat(primary.warns()).isTrue();
    }

    @Test
    void anAuroraReaderIsNotASource() {
        ScriptedDatabase reader = ScriptedDatabase.recording(DatabaseRole.SOURCE, "aurora-mysql-3").variable("innodb_read_only", "ON");
        CheckResult primary = run(reader).get("sc-source-is-primary");
        assertThat(primary.blocks()).isTrue();
        assertThat(primary.found()).contains("innodb_read_only = ON");
    }

    @Test
    void unsupportedVersionsBlock() {
        ServerVariables rds = new ServerVariables(Map.of("basedir", "/rdsdbbin/mysql-5.5.62/"));
        ServerVariables selfManaged = new ServerVariables(Map.of("basedir", "/usr/"));
        assertThat(SourceServerChecks.version(io.cutover.core.db.ServerInfo.of("5.5.62-log", null, null), rds).blocks()).isTrue();
        assertThat(SourceServerChecks.version(io.cutover.core.db.ServerInfo.of("5.5.62-log", null, null), selfManaged).blocks()).isFalse();
        assertThat(SourceServerChecks.version(io.cutover.core.db.ServerInfo.of("5.1.73", null, null), selfManaged).blocks()).isTrue();
        CheckResult rdsMaria = SourceServerChecks.version(io.cutover.core.db.ServerInfo.of("10.4.31-MariaDB-log", null, null),
                new ServerVariables(Map.of("basedir", "/rdsdbbin/mariadb-10.4.31.R1/")));
        assertThat(rdsMaria.blocks()).isTrue();
        assertThat(rdsMaria.found()).contains("RDS MariaDB 10.4");
        assertThat(SourceServerChecks.version(io.cutover.core.db.ServerInfo.of("8.0.32", null, "3.05.2"),
                new ServerVariables(Map.of("aurora_version", "3.05.2"))).found()).contains("Serverless v1");
    }

    @Test
    void mysqlMaxExecutionTimeWarns() {
        CheckResult timeout = run(mysql80().variable("max_execution_time", "30000")).get("sc-statement-timeout");
        assertThat(timeout.warns()).isTrue();
        assertThat(timeout.found()).contains("max_execution_time = 30000 ms");
    }

    @Test
    void ndbTablesNeedTheNdbLogSettings() {
        ScriptedDatabase db = mysql80()
                .answer("SELECT table_schema, table_name FROM information_schema.tables WHERE engine = 'ndbcluster'",
                        List.of(Row.of("table_schema", "shop", "table_name", "carts")))
                .variable("ndb_log_bin", "ON").variable("ndb_log_update_as_write", "ON").variable("ndb_log_updated_only", "OFF");
        CheckResult ndb = run(db).get("sc-ndb-binlog");
        assertThat(ndb.blocks()).isTrue();
        assertThat(ndb.found()).contains("ndb_log_update_as_write = ON (must be OFF)");
        assertThat(ndb.objects()).containsExactly("shop.carts");
    }

    @Test
    void aPreparedXaTransactionOnMysqlWarns() {
        ScriptedDatabase db = mysql80().answer("XA RECOVER", List.of(Row.of("formatID", "1", "gtrid_length", "3", "bqual_length", "0", "data", "tx1")))
                .answer("SHOW GLOBAL STATUS LIKE 'Com_xa_start'", List.of(Row.of("Variable_name", "Com_xa_start", "Value", "12")));
        CheckResult xa = run(db).get("sc-xa-transactions");
        assertThat(xa.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(xa.blocks()).isFalse();
        assertThat(xa.found()).contains("1 prepared XA transaction(s)").contains("Com_xa_start = 12");
    }

    @Test
    void aMissingSchemaBlocks() {
        ScriptedDatabase db = mysql80().answer("SELECT schema_name FROM information_schema.schemata", List.of(Row.of("schema_name", "shop")));
        CheckResult schemas = run(db).get("cutover-schemas-exist");
        assertThat(schemas.blocks()).isTrue();
        assertThat(schemas.objects()).containsExactly("billing");
    }
}
