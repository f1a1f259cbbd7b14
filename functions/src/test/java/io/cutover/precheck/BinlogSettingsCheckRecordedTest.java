package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.DatabaseRole;
import io.cutover.testing.ScriptedDatabase;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The MySQL / RDS / Aurora branches of runbook 1.1, from recorded server answers (MariaDB runs in local/). */
class BinlogSettingsCheckRecordedTest {

    private static Map<String, CheckResult> run(ScriptedDatabase db, int plannedHours) {
        List<CheckResult> results = new BinlogSettingsCheck(plannedHours).run(db);
        return results.stream().collect(Collectors.toMap(CheckResult::id, Function.identity()));
    }

    @Test
    void mysql80DefaultsPassWithThirtyDaysOfBinlogs() {
        Map<String, CheckResult> r = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-community"), 72);
        assertThat(r.values()).allSatisfy(c -> assertThat(c.status()).as(c.id()).isEqualTo(CheckStatus.PASSED));
        assertThat(r.get("bl-binlog-retention").found()).contains("binlog_expire_logs_seconds = 2592000").contains("720 h");
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
    void rdsWithNullRetentionHoursBlocksEvenThoughTheServerVariableSaysThirtyDays() {
        Map<String, CheckResult> r = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-rds-null-retention"), 24);
        CheckResult retention = r.get("bl-binlog-retention");
        assertThat(retention.blocks()).isTrue();
        assertThat(retention.found()).contains("'binlog retention hours' is NULL");
    }

    @Test
    void auroraSourceUsesItsRetentionHours() {
        Map<String, CheckResult> r = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "aurora-mysql-3"), 72);
        assertThat(r.get("bl-binlog-retention").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("bl-binlog-retention").found()).contains("168");
        r = run(ScriptedDatabase.recording(DatabaseRole.SOURCE, "aurora-mysql-3"), 200);
        assertThat(r.get("bl-binlog-retention").blocks()).isTrue();
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
        ScriptedDatabase db = new ScriptedDatabase(DatabaseRole.SOURCE).fail("SHOW GLOBAL VARIABLES", 1227, "Access denied");
        Map<String, CheckResult> r = run(db, 72);
        assertThat(r).hasSize(5);
        assertThat(r.values()).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
            assertThat(c.blocks()).isTrue();
        });
    }

    @Test
    void statementFormatMinimalImageAndServerIdZeroAreBlockers() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-community")
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
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-community")
                .variable("binlog_expire_logs_seconds", "0").variable("expire_logs_days", "0");
        CheckResult retention = run(db, 72).get("bl-binlog-retention");
        assertThat(retention.blocks()).isFalse();
        assertThat(retention.warns()).isTrue();
        assertThat(retention.found()).contains("never purged");
    }
}
