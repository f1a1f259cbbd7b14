package io.cutover.local.rehearsal;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.sql.Sql;
import io.cutover.local.dms.LocalDmsEngine;
import io.cutover.local.rehearsal.Invocations.Invocation;
import io.cutover.local.rehearsal.RehearsalOptions.KillPhase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The failure rehearsals, each triggered at the right moment by the call that starts the phase (handler class and
 * payload, not state names):
 * <ul>
 *   <li>{@code --fail-table}: before DMS starts, the engine is told to fail that table's load;</li>
 *   <li>{@code --kill-target-connection full-load}: the engine's session loading the largest table is killed once
 *       half its rows are committed; {@code cdc}: the CDC apply session is killed after 3 more transactions, during
 *       the catch-up; {@code drain}: every target session of the engine is killed right after the freeze;
 *       {@code validation}: the first target session the post-freeze validation opens is killed;</li>
 *   <li>{@code --corrupt-validation}: before the post-freeze validation plans, one row is deleted on the target
 *       behind DMS's back (a changed count is what a post-freeze pass always sees).</li>
 * </ul>
 * Each injection is said on the console and kept for the report.
 */
public final class FailureInjection implements Invocations.Hook {
    private final RehearsalOptions options;
    private final LocalDmsEngine dms;
    private final FaultyDatabases databases;
    private final RehearsalServers servers;
    private final List<String> schemas;
    private final Consumer<String> say;
    private final Clock clock;
    private final List<String> done = new ArrayList<>();
    private boolean started;
    private boolean catchUp;
    private boolean drain;
    private boolean postFreeze;

    public FailureInjection(RehearsalOptions options, LocalDmsEngine dms, FaultyDatabases databases, RehearsalServers servers,
                            List<String> schemas, Consumer<String> say, Clock clock) {
        this.options = options;
        this.dms = dms;
        this.databases = databases;
        this.servers = servers;
        this.schemas = schemas;
        this.say = say;
        this.clock = clock;
    }

    /** What was injected, in order, with the time; with a connection-kill rehearsal, how many sessions died. */
    public synchronized List<String> injected() {
        List<String> all = new ArrayList<>(done);
        if (options.killTargetConnection() != null) {
            all.add("target sessions killed: " + dms.failures().targetConnectionsKilled() + " of the DMS engine, "
                    + databases.killed() + " of the functions");
        }
        return List.copyOf(all);
    }

    @Override
    public synchronized void before(Invocation call) throws Exception {
        switch (call.simpleHandler()) {
            case "StartReplicationHandler" -> {
                if (started) {
                    return; // a resume
                }
                started = true;
                if (options.failTable() != null) {
                    dms.failures().failTableLoad(options.failTable());
                    record("the load of " + options.failTable() + " will fail (--fail-table)");
                }
                if (options.killTargetConnection() == KillPhase.FULL_LOAD) {
                    String[] largest = largestTable();
                    long at = Math.max(1, Long.parseLong(largest[1]) / 2);
                    dms.failures().killTargetConnectionDuringLoad(largest[0], at);
                    record("the DMS session loading " + largest[0] + " will be killed after " + at + " rows (--kill-target-connection full-load)");
                }
            }
            case "PollCdcCaughtUpHandler" -> {
                if (!catchUp && !"DRAIN".equals(call.field("phase"))) {
                    catchUp = true;
                    if (options.killTargetConnection() == KillPhase.CDC) {
                        dms.failures().killTargetConnectionDuringCdc(3);
                        record("the DMS apply session will be killed after 3 more transactions (--kill-target-connection cdc)");
                    }
                }
            }
            case "ProveDrainHandler" -> {
                if (!drain) {
                    drain = true;
                    if (options.killTargetConnection() == KillPhase.DRAIN) {
                        int n = dms.failures().killTargetConnections();
                        record("killed " + n + " DMS target session(s) during the drain (--kill-target-connection drain)");
                    }
                }
            }
            case "PlanValidationHandler" -> {
                if (!postFreeze && "post-freeze".equals(call.field("pass"))) {
                    postFreeze = true;
                    if (options.corruptValidation()) {
                        record(deleteOneTargetRow() + " (--corrupt-validation)");
                    }
                    if (options.killTargetConnection() == KillPhase.VALIDATION) {
                        databases.killNextTargetSessions(1);
                        record("the next target session of the post-freeze validation will be killed (--kill-target-connection validation)");
                    }
                }
            }
            default -> { }
        }
    }

    private void record(String what) {
        done.add(clock.instant() + " " + what);
        say.accept("    ⚡ " + what);
    }

    /** The largest base table of the migrated schemas and its row estimate. */
    private String[] largestTable() throws SQLException {
        try (Connection c = servers.admin(DatabaseRole.SOURCE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME), TABLE_ROWS FROM information_schema.TABLES "
                     + "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN (" + in() + ") ORDER BY TABLE_ROWS DESC, 1 LIMIT 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("no table to fail in " + schemas);
            }
            return new String[] {rs.getString(1), String.valueOf(rs.getLong(2))};
        }
    }

    /** Deletes the first row (by primary key) of the first table that has rows, on the target, with FK checks off. */
    private String deleteOneTargetRow() throws SQLException {
        try (Connection c = servers.admin(DatabaseRole.TARGET); Statement s = c.createStatement()) {
            List<String[]> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT k.TABLE_SCHEMA, k.TABLE_NAME, GROUP_CONCAT(CONCAT('`', k.COLUMN_NAME, '`') "
                    + "ORDER BY k.ORDINAL_POSITION) FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.TABLES t "
                    + "ON t.TABLE_SCHEMA = k.TABLE_SCHEMA AND t.TABLE_NAME = k.TABLE_NAME AND t.TABLE_TYPE = 'BASE TABLE' "
                    + "WHERE k.CONSTRAINT_NAME = 'PRIMARY' AND k.TABLE_SCHEMA IN (" + in() + ") "
                    + "GROUP BY k.TABLE_SCHEMA, k.TABLE_NAME ORDER BY (k.TABLE_NAME = 'order_items') DESC, 1, 2")) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            s.execute("SET SESSION foreign_key_checks = 0");
            for (String[] t : tables) {
                String table = Sql.qualified(t[0], t[1]);
                if (s.executeUpdate("DELETE FROM " + table + " ORDER BY " + t[2] + " LIMIT 1") == 1) {
                    return "deleted the first row of " + t[0] + "." + t[1] + " on the target, behind DMS's back";
                }
            }
        }
        throw new IllegalStateException("--corrupt-validation: no table with rows and a primary key on the target");
    }

    private String in() {
        return String.join(", ", schemas.stream().map(s -> "'" + s.replace("'", "''") + "'").toList());
    }
}
