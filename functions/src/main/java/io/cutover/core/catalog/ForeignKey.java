package io.cutover.core.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.cutover.core.db.ServerFlavor;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.sql.Sql;
import java.util.List;
import java.util.Set;

/**
 * One foreign key exactly as the source defines it: child columns in order, the referenced table and columns
 * in the same order, and the ON DELETE / ON UPDATE rules as information_schema reports them
 * (CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION).
 */
public record ForeignKey(
        String schema,
        String table,
        String name,
        List<String> columns,
        String referencedSchema,
        String referencedTable,
        List<String> referencedColumns,
        String onDelete,
        String onUpdate) {

    /** Rules that change child rows: InnoDB applies them inside the engine, so the binlog never sees the child change. */
    public static final Set<String> CHANGING_RULES = Set.of("CASCADE", "SET NULL", "SET DEFAULT");

    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }

    @JsonIgnore
    public boolean cascading() {
        return CHANGING_RULES.contains(onDelete) || CHANGING_RULES.contains(onUpdate);
    }

    /**
     * Whether it references exactly {@code keyColumns}, in order (names compared as MySQL compares column names,
     * without case): then a changed parent key is the value child rows refer to.
     */
    public boolean referencesExactly(List<String> keyColumns) {
        if (referencedColumns.size() != keyColumns.size()) {
            return false;
        }
        for (int i = 0; i < keyColumns.size(); i++) {
            if (!referencedColumns.get(i).equalsIgnoreCase(keyColumns.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The child table. */
    @JsonIgnore
    public Catalog.TableRef tableRef() {
        return new Catalog.TableRef(schema, table);
    }

    /** The referenced (parent) table. */
    @JsonIgnore
    public Catalog.TableRef referencedRef() {
        return new Catalog.TableRef(referencedSchema, referencedTable);
    }

    /** For readiness reports: {@code schema.table.name (a, b) -> schema.parent ON DELETE … ON UPDATE …}, names unquoted. */
    @JsonIgnore
    public String describe() {
        return tableRef() + "." + name + " (" + String.join(", ", columns) + ") -> " + referencedRef()
                + " ON DELETE " + onDelete + " ON UPDATE " + onUpdate;
    }

    /** {@code schema.table.name}, for messages and as a key. */
    @JsonIgnore
    public String id() {
        return Sql.qualified(schema, table) + "." + Sql.quote(name);
    }

    /** The table-and-name key (constraint names are unique per table). */
    @JsonIgnore
    public String key() {
        return (schema + "\u0000" + table + "\u0000" + name).toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code CONSTRAINT `n` FOREIGN KEY (`a`, `b`) REFERENCES `s`.`p` (`x`, `y`) ON DELETE … ON UPDATE …}. */
    @JsonIgnore
    public String clause() {
        return "CONSTRAINT " + Sql.quote(name) + " FOREIGN KEY (" + Sql.quoteAll(columns) + ") REFERENCES "
                + Sql.qualified(referencedSchema, referencedTable) + " (" + Sql.quoteAll(referencedColumns) + ") ON DELETE "
                + onDelete + " ON UPDATE " + onUpdate;
    }

    /**
     * The statement that adds it to its table on {@code target}. A RESTRICT rule is written out for MySQL 8.0
     * (where an omitted rule means NO ACTION) and left implicit elsewhere: MariaDB's in-place ADD FOREIGN KEY
     * (foreign_key_checks=0) records an explicit RESTRICT as NO ACTION, while an omitted rule is RESTRICT there
     * and in MySQL 5.7. (InnoDB enforces both the same way; Cutover still recreates the rule as the source reports it.)
     */
    public String addStatement(ServerInfo target) {
        boolean implicitRestrict = target.flavor() == ServerFlavor.MARIADB || target.major() < 8;
        StringBuilder clause = new StringBuilder("CONSTRAINT ").append(Sql.quote(name)).append(" FOREIGN KEY (")
                .append(Sql.quoteAll(columns)).append(") REFERENCES ").append(Sql.qualified(referencedSchema, referencedTable))
                .append(" (").append(Sql.quoteAll(referencedColumns)).append(")");
        if (!(implicitRestrict && onDelete.equals("RESTRICT"))) clause.append(" ON DELETE ").append(onDelete);
        if (!(implicitRestrict && onUpdate.equals("RESTRICT"))) clause.append(" ON UPDATE ").append(onUpdate);
        return "ALTER TABLE " + Sql.qualified(schema, table) + " ADD " + clause;
    }

    /**
     * {@link #addStatement} with {@code ALGORITHM=INPLACE}, for a session with {@code foreign_key_checks = 0}: the
     * constraint is added to the table's metadata without a table copy and without validating the rows (MySQL 8.0: "The
     * INPLACE algorithm is supported when foreign_key_checks is disabled. Otherwise, only the COPY algorithm is
     * supported", https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html#online-ddl-foreign-key-operations;
     * MariaDB: adding a foreign key with ALGORITHM=INPLACE needs foreign_key_checks=OFF, else error 1846 with reason
     * 1851, https://mariadb.com/kb/en/innodb-online-ddl-operations-with-the-inplace-alter-algorithm/). Naming the
     * algorithm makes the server refuse, rather than silently run, a table copy proportional to the data (a session
     * with the checks on gets that refusal, not a copy). The caller checks the rows for orphans itself.
     */
    @JsonIgnore
    public String addInPlaceStatement(ServerInfo target) {
        return addStatement(target) + ", ALGORITHM=INPLACE";
    }

    @JsonIgnore
    public String dropStatement() {
        return "ALTER TABLE " + Sql.qualified(schema, table) + " DROP FOREIGN KEY " + Sql.quote(name);
    }

    /** True if {@code other} has the same columns, referenced table and columns, and rules (names compared case-insensitively). */
    public boolean sameDefinition(ForeignKey other) {
        return equalNames(columns, other.columns) && referencedSchema.equalsIgnoreCase(other.referencedSchema)
                && referencedTable.equalsIgnoreCase(other.referencedTable) && equalNames(referencedColumns, other.referencedColumns)
                && onDelete.equals(other.onDelete) && onUpdate.equals(other.onUpdate);
    }

    /** What differs from {@code other}, in words; empty when the definitions are the same. */
    public String describeDifference(ForeignKey other) {
        if (sameDefinition(other)) return "";
        return "source " + clause() + "; target " + other.clause();
    }

    private static boolean equalNames(List<String> a, List<String> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equalsIgnoreCase(b.get(i))) return false;
        }
        return true;
    }
}
