package io.cutover.schema.table;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.DatabaseException;
import io.cutover.core.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/** Tables as the catalog lists them, and their SHOW CREATE TABLE text. One query for all tables of all schemas. */
public final class TableCatalog {
    private TableCatalog() {}

    /** A base table: {@code collation} is the table's default collation (TABLES.TABLE_COLLATION). */
    public record TableInfo(String schema, String name, String engine, String collation) {
        public String qualified() {
            return Sql.qualified(schema, name);
        }
    }

    /**
     * Base tables of the schemas, ordered by schema and name. MariaDB's system-versioned tables are included:
     * replaying them on MySQL fails with a clear error, which is what the readiness check announced.
     */
    public static List<TableInfo> baseTables(Database db, List<String> schemas) {
        if (schemas.isEmpty()) {
            return List.of();
        }
        List<TableInfo> tables = new ArrayList<>();
        for (Row row : db.query("SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, ENGINE AS e, TABLE_COLLATION AS c "
                + "FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (" + Sql.placeholders(schemas.size()) + ") "
                + "AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY TABLE_SCHEMA, TABLE_NAME", schemas.toArray())) {
            tables.add(new TableInfo(row.string("s"), row.string("t"), row.string("e"), row.string("c")));
        }
        return tables;
    }

    public static String showCreateTable(Database db, String schema, String table) {
        List<Row> rows = db.query("SHOW CREATE TABLE " + Sql.qualified(schema, table));
        if (rows.isEmpty() || rows.get(0).string("Create Table") == null) {
            throw new DatabaseException(db.role().label() + ": SHOW CREATE TABLE " + Sql.qualified(schema, table) + " returned no definition");
        }
        return rows.get(0).string("Create Table");
    }
}
