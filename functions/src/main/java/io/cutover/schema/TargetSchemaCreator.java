package io.cutover.schema;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.CutoverException;
import io.cutover.core.sql.Sql;
import io.cutover.schema.SchemaSelection.SourceSchema;
import io.cutover.schema.TargetSchemaReport.DatabaseState;
import io.cutover.schema.TargetSchemaReport.Status;
import io.cutover.schema.TargetSchemaReport.TableState;
import io.cutover.schema.ddl.DatabaseDefaults;
import io.cutover.schema.ddl.DdlSession;
import io.cutover.schema.ddl.SqlFailures;
import io.cutover.schema.ddl.TimeBudget;
import io.cutover.schema.table.CreateTable;
import io.cutover.schema.table.InnoDbConversion;
import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.Catalog.Table;
import io.cutover.schema.table.TableComparison;
import io.cutover.schema.table.TableOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runbook 1.7 + 2.5 done over JDBC: every selected database and base table of the source created on the
 * target from {@code SHOW CREATE TABLE}, without foreign keys (the foreign-key steps own them) and without
 * procedures, functions, views, triggers and events (created after the cutover point). Partitioning, indexes,
 * AUTO_INCREMENT, generated columns, column character sets and comments come with the DDL.
 *
 * <p>Idempotent: a table that exists is compared, never replaced; a table whose CREATE was cut off by a lost
 * connection either exists (and is compared) or does not (and is created).
 */
public final class TargetSchemaCreator {
    private static final Logger LOG = LoggerFactory.getLogger(TargetSchemaCreator.class);

    private final Database source;
    private final Database target;

    public TargetSchemaCreator(Database source, Database target) {
        this.source = source;
        this.target = target;
    }

    /** {@code defaults}: {@link DatabaseDefaults#resolve resolved} on the target. */
    public TargetSchemaReport create(String migrationId, List<SourceSchema> schemas, DatabaseDefaults defaults, TimeBudget budget) {
        List<String> names = SchemaSelection.names(schemas);
        TargetActivity activity = TargetActivity.read(target, names);
        List<String> blockers = activity.blockers();
        if (!blockers.isEmpty()) {
            // Nothing is created on a target where something could fire during the load.
            return report(migrationId, true, blockers, List.of(), List.of());
        }
        DdlSession.forReading(source);
        DdlSession.forTableDdl(target);

        List<DatabaseState> databases = new ArrayList<>();
        for (SourceSchema schema : schemas) {
            databases.add(ensureDatabase(schema, defaults));
        }

        Map<String, Table> existing = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Table t : Catalog.read(target, names).baseTables()) {
            existing.put(t.ref().toString(), t);
        }
        List<TableState> tables = new ArrayList<>();
        boolean complete = true;
        int created = 0;
        String currentSchema = null;
        for (Table table : Catalog.read(source, names).baseTables()) {
            boolean exists = existing.containsKey(table.ref().toString());
            // The budget limits new work only: comparing what exists is quick, and each call creates at least one table.
            if (!exists && created > 0 && budget.exhausted()) {
                complete = false;
                break;
            }
            if (!table.ref().schema().equals(currentSchema)) {
                DdlSession.use(target, table.ref().schema());
                currentSchema = table.ref().schema();
            }
            tables.add(ensureTable(table, exists));
            created += exists ? 0 : 1;
        }
        return report(migrationId, complete, List.of(), databases, tables);
    }

    /**
     * The DDL Cutover creates for a source table: its SHOW CREATE TABLE without foreign keys, collation explicit, and
     * InnoDB whatever the source's engine ({@link InnoDbConversion}: Aurora MySQL has no other engine for tables).
     */
    public static CreateTable expectedTable(String sourceDdl, String tableCollation) {
        CreateTable parsed = CreateTable.parse(sourceDdl);
        CreateTable withoutFks = InnoDbConversion.toInnoDb(CreateTable.parse(parsed.withoutForeignKeys())).table();
        if (tableCollation == null || TableOptions.hasCollation(withoutFks.options())) {
            return withoutFks;
        }
        // 5.7 prints no COLLATE for a charset's default collation, and 8.0's default for utf8mb4 is another
        // one (utf8mb4_0900_ai_ci): replaying the text as it is would change how every string compares.
        return new CreateTable(withoutFks.table(), withoutFks.header(), withoutFks.elements(),
                (withoutFks.options() + " COLLATE=" + tableCollation).strip(), withoutFks.partitioning());
    }

    private DatabaseState ensureDatabase(SourceSchema schema, DatabaseDefaults defaults) {
        String charset = defaults.characterSetFor(schema.characterSet());
        String collation = defaults.collationFor(schema.collation());
        List<Row> rows = target.query("SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co "
                + "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", schema.name());
        if (rows.isEmpty()) {
            target.update("CREATE DATABASE IF NOT EXISTS " + Sql.quote(schema.name()) + " CHARACTER SET " + Sql.quote(charset)
                    + (collation == null ? "" : " COLLATE " + Sql.quote(collation)));
            LOG.info("created database {} ({} / {})", schema.name(), charset, collation);
            rows = target.query("SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co "
                    + "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", schema.name());
        }
        String haveCharset = rows.get(0).string("cs");
        String haveCollation = rows.get(0).string("co");
        List<String> differences = defaults.differences(schema.characterSet(), schema.collation(), haveCharset, haveCollation);
        return new DatabaseState(schema.name(), haveCharset, haveCollation,
                differences.isEmpty() ? Status.MATCHES_SOURCE : Status.DIFFERS, differences);
    }

    private TableState ensureTable(Table table, boolean exists) {
        String name = table.ref().quoted();
        String sourceDdl = CreateTable.show(source, table.ref());
        CreateTable expected = expectedTable(sourceDdl, table.collation());
        InnoDbConversion.Result conversion = InnoDbConversion.toInnoDb(CreateTable.parse(sourceDdl));
        String converted = conversion.converted() ? conversion.describe() : null;
        if (!exists) {
            try {
                target.update(expected.withoutForeignKeys());
                LOG.info("created table {}{}", name, converted == null ? "" : " (" + converted + ")");
            } catch (CutoverException e) {
                if (SqlFailures.code(e) == 1050) {
                    LOG.info("table {} already exists (created by an earlier attempt)", name);
                } else if (SqlFailures.stopsEverything(e)) {
                    throw e;
                } else {
                    LOG.warn("target refused table {}: {}", name, e.getMessage());
                    return new TableState(table.ref().schema(), table.ref().table(), Status.FAILED, List.of(),
                            "CREATE TABLE " + name + " failed on the target: " + SqlFailures.describe(e), converted);
                }
            }
        }
        // Read back what the target made of it: a silent change (engine substitution, a changed default) shows here.
        CreateTable actual = CreateTable.parse(CreateTable.show(target, table.ref()));
        List<String> differences = TableComparison.differences(expected, actual);
        if (!differences.isEmpty()) {
            LOG.warn("table {} differs from the source: {}", name, differences);
        }
        return new TableState(table.ref().schema(), table.ref().table(), differences.isEmpty() ? Status.MATCHES_SOURCE : Status.DIFFERS,
                differences, null, converted);
    }

    private TargetSchemaReport report(String migrationId, boolean complete, List<String> blockers,
                                      List<DatabaseState> databases, List<TableState> tables) {
        return new TargetSchemaReport(migrationId, source.server().describe(), target.server().describe(), complete,
                blockers, databases, tables);
    }
}
