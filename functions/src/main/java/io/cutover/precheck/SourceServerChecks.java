package io.cutover.precheck;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerFlavor;
import io.cutover.core.db.ServerInfo;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Checks;
import io.cutover.precheck.framework.Fact;
import io.cutover.precheck.framework.ServerVariables;
import io.cutover.precheck.framework.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The source server itself (catalog ids {@code sc-*} that need the source only): the migrated schemas exist, a
 * version DMS can read changes from, the primary rather than a replica or reader, no statement timeout that
 * kills the full load, NDB binlog settings, XA transactions, variables removed in MySQL 8.0.
 */
@RunsOn(Side.SOURCE)
public final class SourceServerChecks implements CheckGroup {
    static final CheckDefinition SCHEMAS_EXIST = new CheckDefinition("cutover-schemas-exist",
            "The migrated schemas exist on the source", Severity.BLOCKER,
            "A schema that does not exist (or that Cutover's user cannot see) makes every other check pass vacuously "
                    + "and the migration copy nothing.",
            "Correct the schema names in the input (\"schemas\"), or grant Cutover's source user SELECT on them.");
    static final CheckDefinition VERSION = new CheckDefinition("sc-version-dms-supported",
            "DMS can capture changes from this source version", Severity.BLOCKER,
            "DMS reads no changes from MySQL before 5.5, RDS MySQL 5.5, MariaDB before 10.0.24, RDS MariaDB 10.4 or "
                    + "older, or Aurora Serverless v1: only a full load would be possible, not a zero-downtime migration.",
            "Upgrade the source first (RDS MySQL to 5.7/8.0, RDS MariaDB to 10.5+), or plan a migration with downtime.");
    static final CheckDefinition PRIMARY = new CheckDefinition("sc-source-is-primary",
            "The source is the primary (writer)", Severity.BLOCKER,
            "An Aurora reader cannot be a CDC source, and a replica only logs the changes it receives when "
                    + "log_slave_updates (log_replica_updates) is ON; replica lag can also lose transactions around the "
                    + "task start.",
            "Point source.secretId (and the DMS source endpoint) at the primary / the Aurora cluster endpoint. To migrate "
                    + "from a replica, set log_slave_updates = ON (log_replica_updates on MySQL 8.0.26+) and restart it.");
    static final CheckDefinition STATEMENT_TIMEOUT = new CheckDefinition("sc-statement-timeout",
            "No statement timeout on the source", Severity.WARNING,
            "A server-wide statement timeout (MySQL max_execution_time, MariaDB max_statement_time) can kill DMS's "
                    + "long full-load SELECTs on large tables.",
            "SET GLOBAL max_execution_time = 0 (MySQL) / max_statement_time = 0 (MariaDB) for the migration, or set it "
                    + "to 0 for the DMS user's sessions only.");
    static final CheckDefinition REMOVED_SYSVARS = new CheckDefinition("sc-removed-sysvars",
            "Applications do not use variables removed in MySQL 8.0", Severity.WARNING,
            "Applications that SET tx_isolation, query_cache_* or other variables removed in MySQL 8.0 fail after the "
                    + "switch to Aurora MySQL 3. The server cannot see what applications set in their sessions.",
            "Search connection strings, ORM settings and init SQL for the variables listed; use transaction_isolation "
                    + "instead of tx_isolation; drop query cache settings. MySQL Shell's util.checkForServerUpgrade with "
                    + "configPath checks my.cnf.");
    static final CheckDefinition NDB = new CheckDefinition("sc-ndb-binlog",
            "NDB tables are logged as DMS needs", Severity.BLOCKER,
            "CDC from NDB Cluster tables needs ndb_log_bin = ON, ndb_log_update_as_write = OFF and "
                    + "ndb_log_updated_only = OFF; otherwise updates are logged incompletely.",
            "Set ndb_log_bin = ON, ndb_log_update_as_write = OFF, ndb_log_updated_only = OFF on the SQL nodes, or "
                    + "convert the tables to InnoDB before the migration.");
    static final CheckDefinition XA = new CheckDefinition("sc-xa-transactions",
            "No XA transactions in flight", Severity.WARNING,
            "Capturing while XA transactions are open can lose data. DMS 3.5.0+ handles them only with "
                    + "IgnoreOpenXaTransactionsCheck=false and the XA_RECOVER_ADMIN grant; DMS does not support XA on "
                    + "MariaDB 10.6 and later.",
            "Commit or roll back the prepared XA transactions (XA COMMIT / XA ROLLBACK <xid>) before starting the task; "
                    + "keep applications from using XA during the migration window.");

    private static final List<String> REMOVED_IN_80 = List.of("tx_isolation", "tx_read_only", "query_cache_type",
            "query_cache_size", "query_cache_limit", "query_cache_min_res_unit", "query_cache_wlock_invalidate",
            "innodb_file_format", "innodb_file_format_check", "innodb_file_format_max", "innodb_large_prefix",
            "log_warnings", "show_compatibility_56", "ignore_builtin_innodb", "sync_frm", "secure_auth",
            "old_passwords", "innodb_support_xa", "date_format", "datetime_format", "time_format", "max_tmp_tables",
            "multi_range_count", "have_crypt", "metadata_locks_cache_size", "metadata_locks_hash_instances");

    private static final List<String> VARIABLES;

    static {
        List<String> v = new ArrayList<>(List.of("version", "version_comment", "aurora_version", "basedir", "read_only",
                "super_read_only", "innodb_read_only", "log_slave_updates", "log_replica_updates", "max_execution_time",
                "max_statement_time", "ndb_log_bin", "ndb_log_update_as_write", "ndb_log_updated_only"));
        v.addAll(REMOVED_IN_80);
        VARIABLES = List.copyOf(v);
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        Database db = context.source();
        SchemaScope scope = SchemaScope.of(context.config());
        Fact<ServerVariables> vars = Fact.of(() -> ServerVariables.read(db, VARIABLES));
        return new Checks()
                .run(SCHEMAS_EXIST, () -> schemasExist(db, scope))
                .run(VERSION, () -> version(db.server(), vars.get()))
                .run(PRIMARY, () -> primary(db, vars.get()))
                .run(STATEMENT_TIMEOUT, () -> statementTimeout(vars.get()))
                .run(REMOVED_SYSVARS, () -> removedSysvars(db.server(), vars.get()))
                .run(NDB, () -> ndb(db, vars.get(), scope))
                .run(XA, () -> xa(db))
                .results();
    }

    private static CheckResult schemasExist(Database db, SchemaScope scope) {
        Set<String> found = new TreeSet<>();
        for (Row row : db.query("SELECT schema_name FROM information_schema.schemata WHERE " + scope.in("schema_name"),
                scope.params())) {
            found.add(row.string("schema_name"));
        }
        List<String> missing = scope.names().stream().filter(s -> !found.contains(s)).toList();
        if (missing.isEmpty()) {
            return SCHEMAS_EXIST.passed("all " + scope.names().size() + " schema(s) exist: " + String.join(", ", scope.names()));
        }
        return SCHEMAS_EXIST.failed(missing.size() + " schema(s) do not exist or are not visible to Cutover's user: "
                + String.join(", ", missing), missing);
    }

    static CheckResult version(ServerInfo server, ServerVariables vars) {
        boolean rds = BinlogChecks.isRdsOrAurora(vars) && server.flavor() != ServerFlavor.AURORA_MYSQL;
        String found = server.describe() + (rds ? " on Amazon RDS" : "");
        switch (server.flavor()) {
            case MARIADB -> {
                if (!server.atLeast(10, 0, 24)) {
                    return VERSION.failed(found + ": DMS supports MariaDB 10.0.24 and later");
                }
                if (rds && !server.atLeast(10, 5, 0)) {
                    return VERSION.failed(found + ": DMS has no CDC for RDS MariaDB 10.4 and older");
                }
            }
            case MYSQL -> {
                if (!server.atLeast(5, 5, 0)) {
                    return VERSION.failed(found + ": DMS supports MySQL 5.5 and later");
                }
                if (rds && !server.atLeast(5, 6, 0)) {
                    return VERSION.failed(found + ": DMS has no CDC for RDS MySQL 5.5 and older");
                }
            }
            case AURORA_MYSQL -> {
                return VERSION.passed(found + " (Aurora Serverless v1 has no CDC; Cutover cannot tell it from "
                        + "a provisioned cluster, so check the source cluster's capacity type)");
            }
        }
        return VERSION.passed(found);
    }

    private static CheckResult primary(Database db, ServerVariables vars) {
        if (vars.isOn("innodb_read_only")) {
            return PRIMARY.failed("innodb_read_only = ON: this is a reader or read-only instance (on Aurora: a reader); "
                    + "DMS can only capture changes on the writer");
        }
        List<Row> channels = ServerStatements.replicaStatus(db);
        String logUpdatesName = vars.has("log_replica_updates") ? "log_replica_updates" : "log_slave_updates";
        if (!channels.isEmpty()) {
            List<String> sources = new ArrayList<>();
            for (Row row : channels) {
                String host = ServerStatements.column(row, "Source_Host", "Master_Host");
                String port = ServerStatements.column(row, "Source_Port", "Master_Port");
                sources.add(host + ":" + port);
            }
            String found = "this server replicates from " + String.join(", ", sources);
            if (!vars.isOn(logUpdatesName)) {
                return PRIMARY.failed(found + " and " + vars.show(logUpdatesName) + ": the changes it receives are not in "
                        + "its binary log, so DMS would miss every write made on the primary", sources);
            }
            return PRIMARY.failedAs(Severity.WARNING, found + " with " + vars.show(logUpdatesName)
                    + ": DMS can read it, but replica lag delays CDC and transactions around the task start can be missed; "
                    + "prefer the primary", sources);
        }
        if (vars.isOn("super_read_only") || vars.isOn("read_only")) {
            return PRIMARY.failedAs(Severity.WARNING, vars.show("read_only") + (vars.has("super_read_only")
                    ? ", " + vars.show("super_read_only") : "") + " but no replication is configured: is this the primary? "
                    + "Applications cannot write here, so there will be nothing to capture", List.of());
        }
        return PRIMARY.passed("no replication configured, " + vars.show("read_only"));
    }

    private static CheckResult statementTimeout(ServerVariables vars) {
        long mysqlMillis = vars.longValue("max_execution_time", 0);
        double mariaSeconds = vars.doubleValue("max_statement_time", 0);
        if (mysqlMillis > 0) {
            return STATEMENT_TIMEOUT.failed("max_execution_time = " + mysqlMillis + " ms: full-load SELECTs that run longer are killed");
        }
        if (mariaSeconds > 0) {
            return STATEMENT_TIMEOUT.failed("max_statement_time = " + vars.value("max_statement_time")
                    + " s: full-load SELECTs that run longer are killed");
        }
        String which = vars.has("max_execution_time") ? vars.show("max_execution_time")
                : vars.has("max_statement_time") ? vars.show("max_statement_time") : "no statement timeout variable";
        return STATEMENT_TIMEOUT.passed(which);
    }

    private static CheckResult removedSysvars(ServerInfo server, ServerVariables vars) {
        if (server.flavor() != ServerFlavor.MARIADB && server.atLeast(8, 0, 0)) {
            return REMOVED_SYSVARS.passed("the source is " + server.describe()
                    + ": variables removed in 8.0 do not exist there, so applications cannot depend on them");
        }
        List<String> present = REMOVED_IN_80.stream().filter(vars::has).map(vars::show).toList();
        return REMOVED_SYSVARS.needsManualConfirmation("this " + server.describe() + " source has " + present.size()
                + " variable(s) that MySQL 8.0 / Aurora MySQL 3 no longer has; whether applications set them in their "
                + "sessions cannot be seen from the server", present);
    }

    private static CheckResult ndb(Database db, ServerVariables vars, SchemaScope scope) {
        List<String> tables = new ArrayList<>();
        for (Row row : db.query("SELECT table_schema, table_name FROM information_schema.tables WHERE engine = 'ndbcluster' AND "
                + scope.in("table_schema") + " ORDER BY table_schema, table_name", scope.params())) {
            tables.add(row.string("table_schema") + "." + row.string("table_name"));
        }
        if (tables.isEmpty()) {
            return NDB.passed("no NDB tables in the migrated schemas");
        }
        List<String> wrong = new ArrayList<>();
        if (!vars.isOn("ndb_log_bin")) {
            wrong.add(vars.show("ndb_log_bin") + " (must be ON)");
        }
        if (vars.isOn("ndb_log_update_as_write")) {
            wrong.add(vars.show("ndb_log_update_as_write") + " (must be OFF)");
        }
        if (vars.isOn("ndb_log_updated_only")) {
            wrong.add(vars.show("ndb_log_updated_only") + " (must be OFF)");
        }
        if (wrong.isEmpty()) {
            return NDB.passed(tables.size() + " NDB table(s), logged as DMS needs");
        }
        return NDB.failed(tables.size() + " NDB table(s) and " + String.join(", ", wrong), tables);
    }

    private static CheckResult xa(Database db) {
        List<String> prepared = new ArrayList<>();
        for (Row row : db.query("XA RECOVER")) {
            prepared.add("prepared XA transaction '" + row.string("data") + "'");
        }
        long started = ServerStatements.globalStatus(db, "Com_xa_start").map(Long::parseLong).orElse(0L);
        boolean noXaSupport = db.server().isMariaDb() && db.server().atLeast(10, 6, 0);
        if (prepared.isEmpty() && started == 0) {
            return XA.passed("no prepared XA transaction, and no XA START since the server started (Com_xa_start = 0)");
        }
        String found = (prepared.isEmpty() ? "no prepared XA transaction now" : prepared.size() + " prepared XA transaction(s)")
                + "; Com_xa_start = " + started + " since the server started";
        if (noXaSupport) {
            return XA.failedAs(Severity.BLOCKER, found + ": DMS does not support XA transactions on "
                    + db.server().describe(), prepared);
        }
        return XA.failed(found, prepared);
    }
}
