package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.Row;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import io.cutover.precheck.framework.Severity;
import io.cutover.testing.ScriptedDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MySQL / RDS / Aurora branches of the binlog checks (runbook 1.1 and bl-*), from recorded server answers. */
class BinlogChecksRecordedTest {

    private static Map<String, CheckResult> run(ScriptedDatabase db, int plannedHours) {
        return Contexts.byId(new BinlogChecks().run(Contexts.source(Contexts.plannedHours(plannedHours), db)));
    }

    private static ScriptedDatabase mysql80() {
        return ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-community");
    }

    @Test
    void mysql80DefaultsPassWithThirtyDaysOfBinlogs() {
        Map<String, CheckResult> r = run(mysql80(), 72);
        assertThat(r).hasSize(13);
        assertThat(r.values()).filteredOn(c -> c.severity() != Severity.INFO)
                .allSatisfy(c -> assertThat(c.status()).as(c.id() + ": " + c.found()).isIn(CheckStatus.PASSED, CheckStatus.NEEDS_MANUAL_CONFIRMATION));
        assertThat(r.get("bl-binlog-retention").found()).contains("binlog_expire_logs_seconds = 2592000").contains("720 h");
        assertThat(r.values()).noneMatch(CheckResult::blocks);
    }

    @Test
    void mysql84WithoutExpireLogsDaysUsesSecondsAndBlocksAShortWindow() {
        Map<String, CheckResult> r = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.4"), 72);
        CheckResult retention = r.get("bl-binlog-retention");
        assertThat(retention.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(retention.blocks()).isTrue();
        assertThat(retention.found()).contains("24 h").contains("72 h");
    }

    @Test
    void mysql84AnswersShowBinaryLogStatusAndItsDoDbFilterHidesAMigratedSchema() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.4")
                .answer("SHOW BINARY LOG STATUS", List.of(Row.of("File", "binlog.000007", "Position", "2316",
                        "Binlog_Do_DB", "shop", "Binlog_Ignore_DB", "", "Executed_Gtid_Set", "")));
        CheckResult filters = run(db, 24).get("bl-binlog-filters");
        assertThat(filters.blocks()).isTrue();
        assertThat(filters.objects()).singleElement().asString().contains("schema billing is not in Binlog_Do_DB = shop");
        assertThat(db.executed()).contains("SHOW BINARY LOG STATUS").doesNotContain("SHOW MASTER STATUS");
    }

    @Test
    void mysql80AsksShowMasterStatusAndSeesAnIgnoredSchema() {
        ScriptedDatabase db = mysql80().answer("SHOW MASTER STATUS", List.of(Row.of("File", "binlog.000042", "Position", "157",
                "Binlog_Do_DB", "", "Binlog_Ignore_DB", "billing,audit", "Executed_Gtid_Set", "")));
        CheckResult filters = run(db, 72).get("bl-binlog-filters");
        assertThat(filters.blocks()).isTrue();
        assertThat(filters.found()).contains("schema billing is in Binlog_Ignore_DB = billing,audit");
        // 8.0 has no SHOW BINARY LOG STATUS (added in 8.2): asked by its version, not after a refusal
        assertThat(db.executed()).contains("SHOW MASTER STATUS").doesNotContain("SHOW BINARY LOG STATUS");
    }

    @Test
    void aReplicaSourceWithReplicationFiltersBlocks() {
        Map<String, CheckResult> r = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-replica"), 72);
        CheckResult filters = r.get("bl-binlog-filters");
        assertThat(filters.blocks()).isTrue();
        assertThat(filters.objects()).anySatisfy(o -> assertThat(o).contains("schema shop is in Replicate_Ignore_DB = shop"))
                .anySatisfy(o -> assertThat(o).contains("Replicate_Wild_Ignore_Table billing.tmp% matches schema billing"));
    }

    @Test
    void rdsWithNullRetentionHoursBlocksEvenThoughTheServerVariableSaysThirtyDays() {
        Map<String, CheckResult> r = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-rds-null-retention"), 24);
        CheckResult retention = r.get("bl-binlog-retention");
        assertThat(retention.blocks()).isTrue();
        assertThat(retention.found()).contains("'binlog retention hours' is NULL");
        assertThat(r.get("bl-ddl-during-cdc").status()).isEqualTo(CheckStatus.NEEDS_MANUAL_CONFIRMATION);
        assertThat(r.get("bl-ddl-during-cdc").found()).contains("performance_schema is off");
    }

    @Test
    void auroraSourceUsesItsRetentionHours() {
        Map<String, CheckResult> r = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "aurora-mysql-3"), 72);
        assertThat(r.get("bl-binlog-retention").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("bl-binlog-retention").found()).contains("168");
        assertThat(r.get("bl-aurora-source-specifics").status()).isEqualTo(CheckStatus.PASSED);
        r = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "aurora-mysql-3"), 200);
        assertThat(r.get("bl-binlog-retention").blocks()).isTrue();
    }

    @Test
    void auroraEnhancedBinlogBlocks() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "aurora-mysql-3").variable("aurora_enhanced_binlog", "1");
        CheckResult aurora = run(db, 72).get("bl-aurora-source-specifics");
        assertThat(aurora.blocks()).isTrue();
        assertThat(aurora.found()).contains("aurora_enhanced_binlog = 1");
    }

    @Test
    void whenTheRdsProcedureIsDeniedRetentionIsCouldNotCheckAndStillBlocks() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "aurora-mysql-3")
                .fail("CALL mysql.rds_show_configuration", 1370, "execute command denied to user 'cutover'@'%' for routine 'mysql.rds_show_configuration'");
        CheckResult retention = run(db, 72).get("bl-binlog-retention");
        assertThat(retention.status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(retention.found()).contains("execute command denied");
        assertThat(retention.blocks()).isTrue();
    }

    @Test
    void whenVariablesCannotBeReadEveryCheckSaysSo() {
        ScriptedDatabase db = new ScriptedDatabase(DatabaseRole.SOURCE).fail("SHOW GLOBAL VARIABLES", 1227, "Access denied")
                .fail("SHOW", 1227, "Access denied").fail("SELECT", 1227, "Access denied");
        Map<String, CheckResult> r = run(db, 72);
        assertThat(r).hasSize(13);
        assertThat(r.values()).allSatisfy(c -> assertThat(c.status()).as(c.id()).isEqualTo(CheckStatus.COULD_NOT_CHECK));
        assertThat(r.values()).filteredOn(c -> c.severity() == Severity.BLOCKER).allMatch(CheckResult::blocks).hasSize(7);
    }

    @Test
    void statementFormatMinimalImageAndServerIdZeroAreBlockers() {
        ScriptedDatabase db = mysql80()
                .variable("binlog_format", "MIXED").variable("binlog_row_image", "MINIMAL").variable("server_id", "0")
                .variable("log_bin", "OFF");
        Map<String, CheckResult> r = run(db, 72);
        assertThat(r.get("bl-binlog-enabled").blocks()).isTrue();
        assertThat(r.get("bl-binlog-format-row").found()).isEqualTo("binlog_format = MIXED (must be ROW)");
        assertThat(r.get("bl-binlog-row-image-full").blocks()).isTrue();
        assertThat(r.get("bl-server-id").blocks()).isTrue();
        assertThat(r.get("bl-binlog-format-row").remediation()).contains("restart");
    }

    @Test
    void noExpiryAtAllIsAWarningNotABlocker() {
        ScriptedDatabase db = mysql80().variable("binlog_expire_logs_seconds", "0").variable("expire_logs_days", "0");
        CheckResult retention = run(db, 72).get("bl-binlog-retention");
        assertThat(retention.blocks()).isFalse();
        assertThat(retention.warns()).isTrue();
        assertThat(retention.found()).contains("never purged");
    }

    @Test
    void mysqlTransactionCompressionBlocks() {
        CheckResult compression = run(mysql80().variable("binlog_transaction_compression", "ON"), 72).get("bl-binlog-compression-off");
        assertThat(compression.blocks()).isTrue();
        assertThat(compression.found()).isEqualTo("binlog_transaction_compression = ON");
    }

    @Test
    void partialJsonWarns() {
        CheckResult json = run(mysql80().variable("binlog_row_value_options", "PARTIAL_JSON"), 72).get("bl-partial-json");
        assertThat(json.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(json.warns()).isTrue();
        assertThat(json.found()).contains("PARTIAL_JSON");
    }

    @Test
    void gtidModesAreJudged() {
        assertThat(run(mysql80().variable("gtid_mode", "ON").variable("enforce_gtid_consistency", "ON"), 72).get("bl-gtid").status())
                .isEqualTo(CheckStatus.PASSED);
        CheckResult permissive = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-rds-null-retention"), 24).get("bl-gtid");
        assertThat(permissive.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(permissive.found()).contains("OFF_PERMISSIVE").contains("transitional");
        assertThat(permissive.severity()).isEqualTo(Severity.INFO);
        assertThat(permissive.warns()).isFalse();
        CheckResult inconsistent = run(mysql80().variable("gtid_mode", "ON").variable("enforce_gtid_consistency", "WARN"), 72).get("bl-gtid");
        assertThat(inconsistent.found()).contains("needs enforce_gtid_consistency ON");
    }

    @Test
    void aBinlogFileOverTheLimitAndAHugeOpenTransactionWarn() {
        ScriptedDatabase db = mysql80().answer("SELECT trx_id", List.of(Row.of("trx_id", "4242", "trx_started", "2026-11-24 10:00:00",
                "trx_rows_modified", "5000000", "trx_mysql_thread_id", "77")));
        List<CheckResult> results = new BinlogChecks(new BinlogChecks.Limits(1024L * 1024 * 1024, 1_000_000))
                .run(Contexts.source(Contexts.plannedHours(72), db));
        CheckResult huge = Contexts.byId(results).get("bl-binlog-4gb-transactions");
        assertThat(huge.warns()).isTrue();
        assertThat(huge.objects()).containsExactly("binlog binlog.000041 is 1.0 GiB",
                "open transaction 4242 (thread 77, started 2026-11-24 10:00:00) has modified 5000000 rows");
    }

    @Test
    void ddlInTheStatementDigestsIsReported() {
        ScriptedDatabase db = mysql80().answer("SELECT schema_name, digest_text", List.of(
                Row.of("schema_name", "shop", "digest_text", "ALTER TABLE `orders` ADD COLUMN `note` TEXT", "count_star", "3"),
                Row.of("schema_name", null, "digest_text", "DROP TABLE `other` . `t`", "count_star", "1")));
        CheckResult ddl = run(db, 72).get("bl-ddl-during-cdc");
        assertThat(ddl.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(ddl.objects()).containsExactly("ALTER TABLE `orders` ADD COLUMN `note` TEXT (3×)");
    }

    @Test
    void aStatementTimeoutIsCouldNotCheckButALostConnectionIsRetried() {
        ScriptedDatabase timedOut = mysql80().fail("SELECT trx_id", 3024,
                "Query execution was interrupted, maximum statement execution time exceeded");
        CheckResult huge = run(timedOut, 72).get("bl-binlog-4gb-transactions");
        assertThat(huge.status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(huge.found()).contains("maximum statement execution time exceeded");

        ScriptedDatabase lost = mysql80().fail("SHOW BINARY LOGS", 2013, "Lost connection to MySQL server during query");
        assertThatThrownBy(() -> run(lost, 72)).isInstanceOf(TransientDatabaseException.class);
    }

    @Test
    void checksumIsInformationOnly() {
        CheckResult checksum = run(mysql80(), 72).get("bl-binlog-checksum-legacy-dms");
        assertThat(checksum.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(checksum.blocks()).isFalse();
        assertThat(checksum.warns()).isFalse();
        assertThat(run(mysql80().variable("binlog_checksum", "NONE"), 72).get("bl-binlog-checksum-legacy-dms").status())
                .isEqualTo(CheckStatus.PASSED);
    }
}
