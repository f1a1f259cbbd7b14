package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.db.BinlogPosition;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.SafetyCheckFailedException;
import io.cutover.cutover.FreezeRecord.Status;
import io.cutover.testing.ScriptedDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The MySQL-only branches of the freeze (super_read_only, SET GLOBAL refused on RDS) on recorded answers. */
class FreezeRecordedTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T02:00:00Z"), ZoneOffset.UTC);
    private final List<FreezeRecord> saved = new ArrayList<>();

    private static int indexOf(List<String> executed, String prefix) {
        for (int i = 0; i < executed.size(); i++) {
            if (executed.get(i).startsWith(prefix)) return i;
        }
        return -1;
    }

    @Test
    void mySqlRecordsBothFlagsSetsReadOnlyWritesTheMarkerThenSuperReadOnly() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "cutover-mysql-8.4-freeze");
        var outcome = new WriteFreeze(clock).freeze(db, "orders-prod", "exec-1", Optional.empty(), saved::add);

        FreezeRecord r = outcome.record();
        assertThat(r.readOnlyBefore()).isFalse();
        assertThat(r.superReadOnlyBefore()).isFalse();
        assertThat(r.marker().markerId()).isEqualTo("drain:exec-1");
        assertThat(r.freezePosition().file()).isEqualTo("binlog.000042");
        assertThat(r.freezePosition().gtidExecuted()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5232");
        assertThat(r.accountsThatCanStillWrite()).isEmpty(); // super_read_only stops everyone
        assertThat(outcome.warnings()).anySatisfy(w -> assertThat(w).contains("thread 812").contains("95 s").contains("1290"));
        // listed again right after read_only: the app's open transaction can no longer commit, its 3 rows never reach the binlog
        assertThat(outcome.openAtReadOnly()).extracting(WriteFreeze.OpenTransaction::thread).containsExactly(812L);
        var inFlight = WriteFreeze.inFlight(outcome, "exec-1");
        assertThat(inFlight.rowsModified()).isEqualTo(3L);
        assertThat(inFlight.transactions()).isEqualTo(1);
        assertThat(inFlight.executionName()).isEqualTo("exec-1");

        List<String> executed = db.executed();
        int readOnly = indexOf(executed, "SET GLOBAL read_only = ON");
        int marker = indexOf(executed, "INSERT INTO `cutover`.`heartbeat`");
        int superReadOnly = indexOf(executed, "SET GLOBAL super_read_only = ON");
        assertThat(indexOf(executed, "SET SESSION lock_wait_timeout")).isBetween(0, readOnly);
        assertThat(readOnly).isPositive().isLessThan(marker);
        assertThat(marker).isLessThan(superReadOnly);
        // recorded before anything changed, and again with the marker
        assertThat(saved).hasSize(2);
        assertThat(saved.get(0).marker()).isNull();
        assertThat(saved.get(0).status()).isEqualTo(Status.FROZEN);
    }

    @Test
    void aSecondFreezeKeepsTheFirstRecording() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "cutover-mysql-8.4-freeze")
                .variable("read_only", "ON").variable("super_read_only", "ON");
        FreezeRecord first = new FreezeRecord("orders-prod", "exec-1", "MySQL 8.4.3", "MYSQL", false, false, clock.instant(),
                Status.FROZEN, new FreezeRecord.Marker("drain:exec-1", clock.instant()), null, List.of(), null);
        var outcome = new WriteFreeze(clock).freeze(db, "orders-prod", "exec-1", Optional.of(first), saved::add);
        assertThat(outcome.alreadyFrozenByUs()).isTrue();
        assertThat(outcome.record().readOnlyBefore()).isFalse();
        assertThat(outcome.record().superReadOnlyBefore()).isFalse();
        assertThat(db.executed()).noneMatch(s -> s.startsWith("INSERT INTO"));
    }

    @Test
    void rdsRefusesSetGlobalAndTheFreezeFailsNamingTheParameterGroupWithNothingChanged() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "cutover-rds-mysql-8.0-freeze-denied");
        assertThatThrownBy(() -> new WriteFreeze(clock).freeze(db, "orders-prod", "exec-1", Optional.empty(), saved::add))
                .isInstanceOf(SafetyCheckFailedException.class)
                .hasMessageContaining("SET GLOBAL read_only was refused")
                .hasMessageContaining("1227")
                .hasMessageContaining("RDS for MySQL does not allow SET GLOBAL")
                .hasMessageContaining("DB parameter group")
                .hasMessageContaining("Nothing was changed");
        assertThat(saved).extracting(FreezeRecord::status).containsExactly(Status.FROZEN, Status.NOT_FROZEN);
        assertThat(db.executed()).noneMatch(s -> s.startsWith("INSERT") || s.startsWith("SET GLOBAL super_read_only"));
    }

    @Test
    void anAccountThatCannotWriteTheMarkerRestoresTheSourceAndSaysWhichPrivilegeIsMissing() {
        // MySQL 8: SYSTEM_VARIABLES_ADMIN lets an account set read_only, but only CONNECTION_ADMIN / SUPER lets it
        // write under it; the insert then fails with error 1290 (MySQL's ER_OPTION_PREVENTS_STATEMENT text).
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "cutover-mysql-8.4-freeze")
                .fail("INSERT INTO `cutover`.`heartbeat`", 1290,
                        "The MySQL server is running with the --read-only option so it cannot execute this statement");
        assertThatThrownBy(() -> new WriteFreeze(clock).freeze(db, "orders-prod", "exec-1", Optional.empty(), saved::add))
                .isInstanceOf(SafetyCheckFailedException.class)
                .hasMessageContaining("drain marker could not be written")
                .hasMessageContaining("the recorded settings were restored")
                .hasMessageContaining("SUPER or CONNECTION_ADMIN");
        List<String> executed = db.executed();
        assertThat(indexOf(executed, "SET GLOBAL read_only = OFF")).isGreaterThan(indexOf(executed, "INSERT INTO `cutover`.`heartbeat`"));
        assertThat(executed).noneMatch(x -> x.equals("SET GLOBAL super_read_only = ON"));
        assertThat(saved.get(saved.size() - 1).status()).isEqualTo(Status.RESTORED);
    }

    @Test
    void unfreezeTurnsSuperReadOnlyOffBeforeReadOnlyAndRestoresAReadOnlySourceAsReadOnly() {
        ScriptedDatabase writable = ScriptedDatabase.recording(DatabaseRole.SOURCE, "cutover-mysql-8.4-freeze");
        FreezeRecord wasWritable = new FreezeRecord("m", "e", "MySQL 8.4.3", "MYSQL", false, false, clock.instant(), Status.FROZEN,
                null, null, List.of(), null);
        var out = new WriteFreeze(clock).unfreeze(writable, Optional.of(wasWritable), saved::add);
        assertThat(out.restored()).isTrue();
        assertThat(writable.executed()).filteredOn(s -> s.startsWith("SET GLOBAL"))
                .containsExactly("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
        assertThat(saved.get(0).status()).isEqualTo(Status.RESTORED);

        ScriptedDatabase readOnly = ScriptedDatabase.recording(DatabaseRole.SOURCE, "cutover-mysql-8.4-freeze");
        FreezeRecord wasReadOnly = new FreezeRecord("m", "e", "MySQL 8.4.3", "MYSQL", true, true, clock.instant(), Status.FROZEN,
                null, null, List.of(), null);
        new WriteFreeze(clock).unfreeze(readOnly, Optional.of(wasReadOnly), saved::add);
        assertThat(readOnly.executed()).filteredOn(s -> s.startsWith("SET GLOBAL"))
                .containsExactly("SET GLOBAL read_only = ON", "SET GLOBAL super_read_only = ON");
    }

    @Test
    void unfreezeWithoutARecordingChangesNothing() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "cutover-mysql-8.4-freeze");
        var out = new WriteFreeze(clock).unfreeze(db, Optional.empty(), saved::add);
        assertThat(out.restored()).isFalse();
        assertThat(db.executed()).isEmpty();
    }

    @Test
    void binlogPositionIsOneStatementChosenByTheServersVersion() {
        var row = List.of(io.cutover.core.db.Row.of("File", "binlog.000007", "Position", "987"));
        ScriptedDatabase mariaDb = new ScriptedDatabase(DatabaseRole.SOURCE).variable("version", "10.11.19-MariaDB-log")
                .variable("gtid_binlog_pos", "0-1-1234").answer("SHOW MASTER STATUS", row);
        BinlogPosition p = BinlogPosition.read(mariaDb);
        assertThat(p.describe()).isEqualTo("binlog.000007:987, gtid_binlog_pos 0-1-1234");
        assertThat(p.atOrAfter(new BinlogPosition("binlog.000006", 99999L, null, null))).isTrue();
        assertThat(p.atOrAfter(new BinlogPosition("binlog.000007", 988L, null, null))).isFalse();
        assertThat(mariaDb.executed()).contains("SHOW MASTER STATUS").doesNotContain("SHOW BINARY LOG STATUS");

        ScriptedDatabase mysql80 = new ScriptedDatabase(DatabaseRole.SOURCE).variable("version", "8.0.39").answer("SHOW MASTER STATUS", row);
        assertThat(BinlogPosition.read(mysql80).describe()).startsWith("binlog.000007:987");
        assertThat(mysql80.executed()).contains("SHOW MASTER STATUS").doesNotContain("SHOW BINARY LOG STATUS");

        // 8.4 has only the new form (SHOW MASTER STATUS is gone there)
        ScriptedDatabase mysql84 = new ScriptedDatabase(DatabaseRole.SOURCE).variable("version", "8.4.3")
                .fail("SHOW MASTER STATUS", 1064, "You have an error in your SQL syntax").answer("SHOW BINARY LOG STATUS", row);
        assertThat(BinlogPosition.read(mysql84).describe()).startsWith("binlog.000007:987");
        assertThat(mysql84.executed()).contains("SHOW BINARY LOG STATUS").doesNotContain("SHOW MASTER STATUS");
    }

    @Test
    void binlogPositionTriesTheOtherFormWhenTheChosenOneIsRefused() {
        var row = List.of(io.cutover.core.db.Row.of("File", "binlog.000007", "Position", "987"));
        // a version string that says 8.2+ on a server that does not know the statement (a fork, a proxy)
        ScriptedDatabase db = new ScriptedDatabase(DatabaseRole.SOURCE).variable("version", "8.2.0-fork")
                .fail("SHOW BINARY LOG STATUS", 1064, "You have an error in your SQL syntax").answer("SHOW MASTER STATUS", row);
        assertThat(BinlogPosition.read(db).describe()).startsWith("binlog.000007:987");
        assertThat(db.executed()).containsSubsequence("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS");
    }
}
