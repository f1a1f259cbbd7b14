package io.cutover.local.dms;

import io.cutover.core.db.BinlogPosition;
import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.Catalog.Column;
import io.cutover.core.catalog.Catalog.Index;
import io.cutover.core.catalog.Catalog.TableRef;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.catalog.Scope;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.JdbcDatabase;
import io.cutover.core.error.DatabaseException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the engine needs to know about the source's tables, from the catalogue ({@link Catalog}) over every schema but
 * the server's own: one read of each part per task start or assessment.
 */
final class SourceTables {
    private final Database source;
    private final Catalog catalog;

    /** {@code source}: a session the caller closes (the catalogue reads through it, it does not close it). */
    SourceTables(Connection source) {
        this.source = new JdbcDatabase(DatabaseRole.SOURCE, source);
        this.catalog = new Catalog(this.source, Scope.userSchemas());
    }

    /** Every BASE TABLE outside the system schemas. */
    List<TableName> baseTables() {
        return catalog.tables().stream().filter(t -> "BASE TABLE".equalsIgnoreCase(t.type()))
                .map(t -> new TableName(t.ref().schema(), t.ref().table())).toList();
    }

    /**
     * Columns, key and size estimate of each of {@code tables}. The key is the PRIMARY KEY, else the first unique key
     * (by name) whose columns are all NOT NULL and whole (no prefix): one that identifies a row in the binlog's images.
     */
    Map<TableName, TableInfo> describe(List<TableName> tables) {
        Map<TableName, TableInfo> out = new LinkedHashMap<>();
        Map<TableRef, List<Column>> columns = catalog.columnsByTable();
        Map<TableRef, List<Index>> indexes = catalog.indexesByTable();
        Map<TableRef, Catalog.Table> byRef = catalog.tablesByRef();
        for (TableName table : tables) {
            TableRef ref = new TableRef(table.schema(), table.table());
            List<Column> cols = columns.get(ref);
            if (cols == null) {
                throw new DatabaseException("source table " + table + " does not exist (or the DMS user cannot see it)");
            }
            List<ColumnInfo> infos = new ArrayList<>();
            for (Column c : cols) {
                infos.add(new ColumnInfo(c.name(), infos.size(), c.dataType(), c.columnType(), ValueKind.of(c.dataType()),
                        c.columnType().toLowerCase(Locale.ROOT).contains("unsigned"), c.isGenerated(), c.charset()));
            }
            Map<String, Integer> indexByName = infos.stream().collect(Collectors.toMap(ColumnInfo::name, ColumnInfo::index, (a, b) -> a));
            Index key = key(indexes.getOrDefault(ref, List.of()));
            List<Integer> keyColumns = key == null ? List.of() : key.columnNames().stream().map(indexByName::get).toList();
            Catalog.Table t = byRef.get(ref);
            out.put(table, new TableInfo(table, infos, keyColumns, t == null || t.rows() == null ? 0 : t.rows()));
        }
        return out;
    }

    private static Index key(List<Index> indexes) {
        List<Index> usable = indexes.stream()
                .filter(i -> i.unique() && i.parts().stream().allMatch(p -> p.column() != null && p.subPart() == null && !p.nullable()))
                .sorted(Comparator.comparing(Index::name))
                .toList();
        return usable.stream().filter(Index::isPrimary).findFirst().orElse(usable.isEmpty() ? null : usable.get(0));
    }

    /** Selected tables whose engine is not InnoDB, as {@code schema.table (engine)}. */
    List<String> notInnoDb(List<TableName> tables) {
        Set<TableName> wanted = Set.copyOf(tables);
        return catalog.tables().stream().filter(t -> "BASE TABLE".equalsIgnoreCase(t.type()))
                .filter(t -> wanted.contains(new TableName(t.ref().schema(), t.ref().table())) && !t.isInnoDb())
                .map(t -> t.ref() + " (" + t.engine() + ")").toList();
    }

    /** Foreign keys of selected tables that change child rows (their effects are not in the binlog). */
    List<String> cascades(List<TableName> tables) {
        Set<TableName> wanted = Set.copyOf(tables);
        return catalog.foreignKeys().stream().filter(ForeignKey::cascading)
                .filter(fk -> wanted.contains(new TableName(fk.schema(), fk.table())))
                .map(fk -> fk.schema() + "." + fk.table() + " (" + fk.name() + ": ON DELETE " + fk.onDelete() + ", ON UPDATE "
                        + fk.onUpdate() + ")")
                .toList();
    }

    /**
     * The source's current binlog position; refused when binary logging is off (there is nothing to capture changes
     * from).
     */
    BinlogPosition currentPosition() {
        BinlogPosition position = BinlogPosition.read(source);
        if (position.file() == null) {
            throw new DatabaseException("the source has no binary log (SHOW MASTER STATUS is empty): log_bin must be ON for CDC");
        }
        return new BinlogPosition(position.file(), position.position()); // as the binlog's events give positions: no GTID state
    }

    /** Global variables by lower-case name; a variable the server lacks is absent. */
    Map<String, String> variables(List<String> names) {
        return source.globalVariables(names);
    }

    /** Which of {@code tables} the target lacks (the engine never creates tables). */
    static List<String> missingOn(Connection target, List<TableName> tables) {
        List<String> schemas = tables.stream().map(TableName::schema).distinct().toList();
        Map<TableRef, Catalog.Table> there = Catalog.read(new JdbcDatabase(DatabaseRole.TARGET, target), schemas).tablesByRef();
        return tables.stream().filter(t -> !there.containsKey(new TableRef(t.schema(), t.table()))).map(TableName::toString).toList();
    }
}
