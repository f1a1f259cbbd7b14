package io.cutover.cutover;

import io.cutover.core.Heartbeat;
import io.cutover.core.db.BinlogPosition;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerFlavor;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.error.DatabaseException;
import io.cutover.core.error.SafetyCheckFailedException;
import io.cutover.cutover.FreezeRecord.Marker;
import io.cutover.cutover.FreezeRecord.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runbook 5.2 made safe: record the source's read_only / super_read_only, report what the freeze will hit (open
 * transactions, locked tables, accounts that can still write), set read_only, write the drain marker through this
 * privileged session, then (MySQL) super_read_only. {@link #unfreeze} restores exactly what was recorded.
 *
 * <p>Flavours: on MySQL, read_only stops accounts without SUPER / CONNECTION_ADMIN and super_read_only stops
 * everyone. On MariaDB there is no super_read_only: accounts with READ_ONLY ADMIN (from 10.11 not implied by
 * SUPER; ALL PRIVILEGES includes it) still write, so they are listed. On RDS / Aurora MySQL SET GLOBAL is refused
 * (error 1227): the freeze fails before changing anything and names the parameter-group alternative.
 */
public final class WriteFreeze {
    /** SET GLOBAL read_only waits for the global read lock; never let it wait for the default year. */
    static final int LOCK_WAIT_SECONDS = 20;
    /** Transactions older than this are called long-running in the report. */
    static final int LONG_TRANSACTION_SECONDS = 10;

    private final Clock clock;

    public WriteFreeze(Clock clock) {
        this.clock = clock;
    }

    /** What the freeze found and did; the record is persisted by the caller through {@code save}. */
    /**
     * {@code openAtReadOnly}: the transactions still open right after read_only was set (null when they could not be
     * listed), for {@link #inFlight}.
     */
    public record FreezeOutcome(FreezeRecord record, List<OpenTransaction> openTransactions, List<String> lockedTables,
                                List<String> warnings, boolean alreadyFrozenByUs, List<OpenTransaction> openAtReadOnly) {}

    public record OpenTransaction(long thread, String user, String host, long ageSeconds, String state,
                                  long rowsModified, long rowsLocked, String query) {}

    /**
     * Freezes the source. {@code existing} is the record of an earlier attempt (kept while FROZEN); {@code save}
     * persists the record before anything changes and again after the marker.
     */
    public FreezeOutcome freeze(Database source, String migrationId, String executionName, Optional<FreezeRecord> existing,
                                Consumer<FreezeRecord> save) {
        ServerInfo server = source.server();
        requireHeartbeatTable(source);
        Map<String, String> vars = source.globalVariables(List.of("read_only", "super_read_only", "basedir"));
        boolean hasSuper = vars.containsKey("super_read_only");
        boolean keepFirst = existing.isPresent() && existing.get().status() == Status.FROZEN;
        FreezeRecord record = keepFirst ? existing.get() : new FreezeRecord(migrationId, executionName, server.describe(),
                server.flavor().name(), isOn(vars.get("read_only")), hasSuper ? isOn(vars.get("super_read_only")) : null,
                clock.instant(), Status.FROZEN, null, null, List.of(), null);

        List<String> warnings = new ArrayList<>();
        List<OpenTransaction> transactions = openTransactions(source, warnings);
        List<String> locked = lockedTables(source, warnings);
        transactions.stream().filter(t -> t.ageSeconds() >= LONG_TRANSACTION_SECONDS).forEach(t -> warnings.add(
                "long-running transaction on thread " + t.thread() + " (" + t.user() + ", " + t.ageSeconds() + " s, "
                        + t.rowsModified() + " rows modified): its COMMIT will be refused once read_only is on (error 1290)"));
        // SHOW OPEN TABLES does not say which lock: a READ lock does not delay read_only, a WRITE lock does (verified on MariaDB 10.11).
        locked.forEach(t -> warnings.add("table " + t + " is in use by another session (LOCK TABLES or a running statement): "
                + "if that is a write lock, SET GLOBAL read_only waits up to " + LOCK_WAIT_SECONDS + " s for it, then fails and is retried"));

        save.accept(record); // recorded before anything changes: a crash from here on is restorable
        try {
            source.update("SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            source.update("SET GLOBAL read_only = ON");
        } catch (AccessDeniedException e) {
            if (!keepFirst) {
                save.accept(record.with(Status.NOT_FROZEN, clock.instant()));
            }
            boolean managed = server.flavor() == ServerFlavor.AURORA_MYSQL || vars.getOrDefault("basedir", "").contains("rdsdbbin");
            throw new SafetyCheckFailedException(setGlobalRefused(server, managed, e.getMessage()), e);
        }

        // at once: a transaction still open now that had written can no longer commit (unless its account can still write)
        List<String> listing = new ArrayList<>();
        List<OpenTransaction> atReadOnly = openTransactions(source, listing);

        Marker marker;
        try {
            marker = record.marker() != null ? record.marker() : writeMarker(source, migrationId, executionName, hasSuper);
        } catch (DatabaseException e) {
            // Without the marker the drain cannot be proven: leave nothing frozen behind a failed freeze.
            unfreeze(source, Optional.of(record), save);
            throw new SafetyCheckFailedException("source: the drain marker could not be written after read_only was set ("
                    + e.getMessage() + "); the recorded settings were restored. Cutover's account must be able to write "
                    + "while the source is read-only: grant it " + (server.isMariaDb() ? "READ_ONLY ADMIN" : "SUPER or CONNECTION_ADMIN")
                    + " and INSERT on " + Heartbeat.qualifiedName() + ".", e);
        }
        if (hasSuper) {
            source.update("SET GLOBAL super_read_only = ON");
        }
        BinlogPosition position = record.freezePosition() != null ? record.freezePosition() : BinlogPosition.read(source);
        List<String> writers = accountsThatCanStillWrite(source, server, hasSuper);
        if (!writers.isEmpty()) {
            warnings.add("these accounts can still write on " + server.describe() + " (READ_ONLY ADMIN"
                    + (server.atLeast(10, 11, 0) ? "" : " or SUPER") + "): " + String.join(", ", writers)
                    + ". Make sure no application or job uses them until the cutover is done.");
        }
        FreezeRecord done = record.withMarker(marker, position, writers);
        save.accept(done);
        return new FreezeOutcome(done, transactions, locked, warnings, keepFirst, listing.isEmpty() ? atReadOnly : null);
    }

    /** What unfreeze did, for the result and the log. */
    public record UnfreezeOutcome(boolean restored, boolean readOnly, Boolean superReadOnly, String summary) {}

    /** Restores the recorded read_only / super_read_only (turning things off in the safe order). */
    public UnfreezeOutcome unfreeze(Database source, Optional<FreezeRecord> recorded, Consumer<FreezeRecord> save) {
        if (recorded.isEmpty() || recorded.get().status() == Status.NOT_FROZEN) {
            return new UnfreezeOutcome(false, false, null, "no freeze was recorded for this migration: nothing changed");
        }
        FreezeRecord r = recorded.get();
        boolean hasSuper = source.globalVariables(List.of("super_read_only")).containsKey("super_read_only");
        try {
            if (hasSuper && !Boolean.TRUE.equals(r.superReadOnlyBefore())) {
                source.update("SET GLOBAL super_read_only = OFF");
            }
            source.update("SET GLOBAL read_only = " + (r.readOnlyBefore() ? "ON" : "OFF"));
            if (hasSuper && Boolean.TRUE.equals(r.superReadOnlyBefore())) {
                source.update("SET GLOBAL super_read_only = ON");
            }
        } catch (AccessDeniedException e) {
            throw new SafetyCheckFailedException("unfreeze could not restore the source's settings: " + e.getMessage()
                    + ". Restore them by hand: read_only = " + onOff(r.readOnlyBefore())
                    + (r.superReadOnlyBefore() == null ? "" : ", super_read_only = " + onOff(r.superReadOnlyBefore())), e);
        }
        save.accept(r.with(Status.RESTORED, clock.instant()));
        String summary = "restored read_only = " + onOff(r.readOnlyBefore())
                + (r.superReadOnlyBefore() == null ? "" : ", super_read_only = " + onOff(r.superReadOnlyBefore()))
                + " as recorded at " + r.recordedAt() + (r.status() == Status.RESTORED ? " (again; it was already restored)" : "");
        return new UnfreezeOutcome(true, r.readOnlyBefore(), r.superReadOnlyBefore(), summary);
    }

    /** True when the source currently refuses ordinary writes. */
    public static boolean isFrozen(Database source) {
        return isOn(source.globalVariable("read_only").orElse("OFF"));
    }

    private Marker writeMarker(Database source, String migrationId, String executionName, boolean hasSuper) {
        String markerId = "drain:" + executionName;
        if (!source.query("SELECT marker_id FROM " + Heartbeat.qualifiedName() + " WHERE marker_id = ?", markerId).isEmpty()) {
            Row row = source.query("SELECT written_at FROM " + Heartbeat.qualifiedName() + " WHERE marker_id = ?", markerId).get(0);
            return new Marker(markerId, LocalDateTime.parse(row.string("written_at").replace(' ', 'T')).toInstant(ZoneOffset.UTC));
        }
        boolean liftSuper = hasSuper && isOn(source.globalVariable("super_read_only").orElse("OFF"));
        if (liftSuper) {
            // The source was already super_read_only: lift it for this one insert (read_only stays on).
            source.update("SET GLOBAL super_read_only = OFF");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        source.update("INSERT INTO " + Heartbeat.qualifiedName() + " (marker_id, migration_id, kind, written_at) VALUES (?, ?, 'drain', ?)",
                markerId, migrationId, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        if (liftSuper) {
            source.update("SET GLOBAL super_read_only = ON");
        }
        return new Marker(markerId, now);
    }

    private static void requireHeartbeatTable(Database source) {
        List<Row> rows = source.query("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                Heartbeat.SCHEMA, Heartbeat.TABLE);
        if (rows.get(0).longValue("n", 0) == 0) {
            throw new SafetyCheckFailedException("source: " + Heartbeat.qualifiedName() + " does not exist, so the drain "
                    + "cannot be proven; the schema phase creates it on both sides (and the DMS table mappings include it). "
                    + "Nothing was changed.");
        }
    }

    /**
     * Right after read_only was set: the rows that the open transactions of accounts that cannot write any more had modified.
     * None of those transactions can commit now (a COMMIT is refused while read_only is on:
     * https://bugs.mysql.com/bug.php?id=11733, "COMMITs should not happen if read-only is set"; MariaDB alike), so
     * their writes are counted by performance_schema and never reach the binlog ({@code UnloggedWrites} lets them
     * explain that much surplus, no more). A transaction of an account that can still write (by user name, whatever the
     * host) or of an unknown user is left out: it may still commit. Unknown (null) when the transactions cannot be
     * listed. At most the 50 oldest are listed: fewer rows counted only makes the bound stricter.
     */
    static io.cutover.cutover.validation.ValidationModel.WritesInFlightAtFreeze inFlight(FreezeOutcome outcome, String executionName) {
        if (outcome.openAtReadOnly() == null) {
            return new io.cutover.cutover.validation.ValidationModel.WritesInFlightAtFreeze(executionName, null, 0,
                    "the open transactions could not be listed when read_only was set");
        }
        java.util.Set<String> canWrite = new java.util.HashSet<>();
        for (String grantee : outcome.record().accountsThatCanStillWrite()) { // 'user'@'host'
            int end = grantee.indexOf("'@");
            canWrite.add(grantee.startsWith("'") && end > 0 ? grantee.substring(1, end) : grantee);
        }
        List<OpenTransaction> blocked = outcome.openAtReadOnly().stream()
                .filter(t -> t.user() != null && !canWrite.contains(t.user()) && t.rowsModified() > 0).toList();
        return new io.cutover.cutover.validation.ValidationModel.WritesInFlightAtFreeze(executionName,
                blocked.stream().mapToLong(OpenTransaction::rowsModified).sum(), blocked.size(), null);
    }

    static List<OpenTransaction> openTransactions(Database source, List<String> warnings) {
        try {
            List<OpenTransaction> result = new ArrayList<>();
            for (Row r : source.query("SELECT t.trx_mysql_thread_id AS thread, p.USER AS user, p.HOST AS host, "
                    + "TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS age, t.trx_state AS state, "
                    + "t.trx_rows_modified AS rows_modified, t.trx_rows_locked AS rows_locked, LEFT(t.trx_query, 200) AS query "
                    + "FROM information_schema.INNODB_TRX t LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id "
                    + "WHERE t.trx_mysql_thread_id <> CONNECTION_ID() ORDER BY t.trx_started LIMIT 50")) {
                result.add(new OpenTransaction(r.longValue("thread", 0), r.string("user"), r.string("host"), r.longValue("age", 0),
                        r.string("state"), r.longValue("rows_modified", 0), r.longValue("rows_locked", 0), r.string("query")));
            }
            return result;
        } catch (DatabaseException e) {
            // reporting only: a source without INNODB_TRX access is frozen all the same
            warnings.add("could not list open transactions: " + e.getMessage());
            return List.of();
        }
    }

    static List<String> lockedTables(Database source, List<String> warnings) {
        try {
            List<String> result = new ArrayList<>();
            for (Row r : source.query("SHOW OPEN TABLES WHERE In_use > 0")) {
                result.add(r.string("Database") + "." + r.string("Table"));
            }
            return result;
        } catch (DatabaseException e) {
            warnings.add("could not list locked tables: " + e.getMessage());
            return List.of();
        }
    }

    /** MariaDB: READ_ONLY ADMIN (and SUPER before 10.11). MySQL with super_read_only: nobody. */
    static List<String> accountsThatCanStillWrite(Database source, ServerInfo server, boolean hasSuper) {
        if (hasSuper) {
            return List.of();
        }
        List<String> privileges = server.flavor() == ServerFlavor.MARIADB && server.atLeast(10, 11, 0)
                ? List.of("READ_ONLY ADMIN") : List.of("READ_ONLY ADMIN", "SUPER");
        try {
            List<String> result = new ArrayList<>();
            for (Row r : source.query("SELECT DISTINCT GRANTEE AS grantee FROM information_schema.USER_PRIVILEGES "
                    + "WHERE PRIVILEGE_TYPE IN (" + io.cutover.core.sql.Sql.placeholders(privileges.size()) + ") ORDER BY GRANTEE",
                    privileges.toArray())) {
                result.add(r.string("grantee"));
            }
            return result;
        } catch (DatabaseException e) {
            return List.of("(could not list them: " + e.getMessage() + ")");
        }
    }

    static String setGlobalRefused(ServerInfo server, boolean managed, String error) {
        String refused = "source: SET GLOBAL read_only was refused (" + error + "). Nothing was changed. ";
        if (server.isMariaDb()) {
            return refused + "On MariaDB 10.5.2+ setting read_only needs the READ_ONLY ADMIN privilege (not implied by SUPER "
                    + "from 10.11): grant it to Cutover's account (GRANT READ_ONLY ADMIN ON *.* TO ...); with it the account can "
                    + "also write the drain marker under read_only.";
        }
        if (!managed) {
            return refused + "Grant Cutover's account SYSTEM_VARIABLES_ADMIN (or SUPER) to set read_only and super_read_only, "
                    + "and CONNECTION_ADMIN (or SUPER) to write the drain marker under read_only.";
        }
        String where = server.flavor() == ServerFlavor.AURORA_MYSQL ? "Aurora MySQL" : "RDS for MySQL";
        return refused + where + " does not allow SET GLOBAL for its master user. Freeze writes another way, then rerun: set "
                + "read_only = 1 in the source's DB parameter group (a dynamic parameter, applied at once: aws rds "
                + "modify-db-parameter-group --parameters ParameterName=read_only,ParameterValue=1,ApplyMethod=immediate), or "
                + "revoke INSERT, UPDATE, DELETE from the application accounts, or stop the writers. Cutover's drain proof still "
                + "needs its own account to write the marker row, so prefer revoking the application accounts' privileges.";
    }

    static boolean isOn(String value) {
        if (value == null) return false;
        String v = value.trim().toUpperCase(Locale.ROOT);
        return v.equals("ON") || v.equals("1") || v.equals("TRUE");
    }

    private static String onOff(boolean on) {
        return on ? "ON" : "OFF";
    }
}
