package io.cutover.core.catalog;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.error.CutoverException;
import io.cutover.core.sql.Sql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What one server's information_schema says about the migrated schemas, read once per part and shared by every
 * check of a group: one query per part over all tables (never one per table), so that a group stays fast on a
 * server with 10,000 tables. A part is loaded on first use; if its query fails (access denied, timeout), every
 * check that needs it reports "could not check" with that reason, and the others still run.
 *
 * <p>Every query starts with a {@code /* cutover:<part> *}{@code /} comment: it names the query in the server's
 * process list and slow log, and lets recorded answers ({@code ScriptedDatabase}) match it.
 */
public final class Catalog {
    /** The 4-byte UTF-8 lead bytes F0-F4 at a character boundary of the HEX() of a comment. */
    public static final String NON_BMP_HEX = "'^(..)*F[0-4]'";

    /**
     * The catalog of each open session, so that the groups a Lambda runs on one session read the tables, columns and
     * indexes once (on MariaDB with 10,000 tables each of those queries takes seconds). A snapshot lives as long as
     * its session: weak keys, compared by identity (Database does not override equals).
     */
    private static final Map<Database, Catalog> BY_SESSION = new java.util.WeakHashMap<>();

    private final Database db;
    private final Scope scope;
    private final Map<String, Object> parts = new HashMap<>();

    public Catalog(Database db, Scope scope) {
        this.db = db;
        this.scope = scope;
    }

    /**
     * A catalogue of {@code schemas} on {@code db} of its own: every part is read anew on first use. For a phase that
     * changes what it reads (the schema phase drops and adds keys), or reads once.
     */
    public static Catalog read(Database db, List<String> schemas) {
        return new Catalog(db, new Scope(schemas));
    }

    /** The session's catalog for {@code scope}, shared with the other groups that run on the same session. */
    public static Catalog of(Database db, Scope scope) {
        synchronized (BY_SESSION) {
            Catalog catalog = BY_SESSION.get(db);
            if (catalog == null || !catalog.scope.equals(scope)) {
                catalog = new Catalog(db, scope);
                BY_SESSION.put(db, catalog);
            }
            return catalog;
        }
    }

    public Scope scope() {
        return scope;
    }

    public Database db() {
        return db;
    }

    public ServerInfo server() {
        return part("server", db::server);
    }

    // ---------------------------------------------------------------------------------------------- model

    public record TableRef(String schema, String table) implements Comparable<TableRef> {
        /** {@code `schema`.`table`}, for SQL. */
        public String quoted() {
            return Sql.qualified(schema, table);
        }

        @Override
        public String toString() {
            return schema + "." + table;
        }

        @Override
        public int compareTo(TableRef o) {
            int c = schema.compareTo(o.schema);
            return c != 0 ? c : table.compareTo(o.table);
        }
    }

    /** {@code rows} is the server's estimate (TABLE_ROWS); {@code collation} the table's default collation. */
    public record Table(TableRef ref, String type, String engine, String rowFormat, String createOptions,
                 Long autoIncrement, Long rows, String collation, boolean commentHasNonBmp) {
        /** A table that holds rows: BASE TABLE, or a MariaDB SYSTEM VERSIONED table. */
        public boolean isBaseTable() {
            return "BASE TABLE".equalsIgnoreCase(type) || "SYSTEM VERSIONED".equalsIgnoreCase(type);
        }

        public boolean isView() {
            return "VIEW".equalsIgnoreCase(type);
        }

        public boolean isPartitioned() {
            return createOptions != null && createOptions.toLowerCase(Locale.ROOT).contains("partitioned");
        }

        public boolean isInnoDb() {
            return "InnoDB".equalsIgnoreCase(engine);
        }

        public String options() {
            return createOptions == null ? "" : createOptions.toLowerCase(Locale.ROOT);
        }
    }

    /** {@code dataType} is lower case; {@code columnType} as the server prints it. */
    public record Column(TableRef table, String name, int position, String dataType, String columnType, String defaultValue,
                  boolean nullable, String extra, String charset, String collation, Long numericScale, Long datetimePrecision,
                  Long maxChars, Long maxBytes, String generationExpression, boolean commentHasNonBmp) {
        public static final Set<String> LOB_TYPES = Set.of("blob", "mediumblob", "longblob", "mediumtext", "longtext", "json",
                "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                "geometrycollection", "geomcollection");
        public static final Set<String> SPATIAL_TYPES = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
                "multilinestring", "multipolygon", "geometrycollection", "geomcollection");
        public static final Set<String> BLOB_TEXT_TYPES = Set.of("tinyblob", "blob", "mediumblob", "longblob", "tinytext",
                "text", "mediumtext", "longtext");
        public static final Set<String> DATE_TYPES = Set.of("date", "datetime", "timestamp");

        public String ref() {
            return table + "." + name;
        }

        /** A column DMS migrates as a LOB (BLOB, CLOB, NCLOB): its size is bounded by the task's LOB settings. */
        public boolean isLob() {
            return LOB_TYPES.contains(dataType);
        }

        public boolean isSpatial() {
            return SPATIAL_TYPES.contains(dataType);
        }

        /** EXTRA says VIRTUAL/STORED/PERSISTENT GENERATED, or only VIRTUAL, PERSISTENT or STORED (older MariaDB). */
        public boolean isGenerated() {
            String e = upperExtra();
            return e.contains("VIRTUAL GENERATED") || e.contains("STORED GENERATED") || e.contains("PERSISTENT GENERATED")
                    || e.equals("VIRTUAL") || e.equals("PERSISTENT") || e.equals("STORED");
        }

        public boolean isInvisible() {
            return upperExtra().contains("INVISIBLE");
        }

        public boolean isAutoIncrement() {
            return upperExtra().contains("AUTO_INCREMENT");
        }

        /** MySQL 8 marks expression defaults ({@code DEFAULT (expr)}) with DEFAULT_GENERATED. */
        public boolean hasExpressionDefault() {
            return upperExtra().contains("DEFAULT_GENERATED");
        }

        private String upperExtra() {
            return extra == null ? "" : extra.toUpperCase(Locale.ROOT);
        }
    }

    public record IndexPart(String column, Long subPart, boolean nullable) {}

    public record Index(TableRef table, String name, boolean unique, String type, List<IndexPart> parts, boolean commentHasNonBmp) {
        public boolean isPrimary() {
            return "PRIMARY".equals(name);
        }

        /** A PRIMARY KEY, or a UNIQUE key on NOT NULL columns only: one that identifies every row. */
        public boolean identifiesRows() {
            return unique && parts.stream().allMatch(p -> p.column() != null && (!p.nullable() || isPrimary()));
        }

        public List<String> columnNames() {
            return parts.stream().map(IndexPart::column).toList();
        }
    }

    /** PACKAGE covers MariaDB's Oracle-mode PACKAGE and PACKAGE BODY routines. */
    public enum Kind { PROCEDURE, FUNCTION, PACKAGE, VIEW, TRIGGER, EVENT }

    /** A routine, view, trigger or event. {@code body} is null when the server did not show it to this user. */
    public record StoredObject(Kind kind, String schema, String name, String definer, String sqlMode, String securityType,
                        String body, String table, String status) {
        public String ref() {
            return kind.name().toLowerCase(Locale.ROOT) + " " + schema + "." + name;
        }
    }

    /**
     * One row of information_schema.partitions: a partition, or one subpartition of it ({@code subpartition} and
     * {@code subposition} are null for a table without subpartitions).
     */
    public record Partition(TableRef table, String name, String subpartition, Long position, Long subposition, String method,
                            String subMethod, String expression, String description, String tablespace) {
        /** The name of the unit that holds rows: the subpartition if there is one, else the partition. */
        public String unit() {
            return subpartition != null ? subpartition : name;
        }
    }

    // ---------------------------------------------------------------------------------------------- parts

    public List<Table> tables() {
        return part("tables", () -> db.query("/* cutover:tables */ SELECT table_schema AS table_schema, "
                        + "table_name AS table_name, table_type AS table_type, engine AS engine, row_format AS row_format, "
                        + "create_options AS create_options, auto_increment AS auto_increment, table_rows AS table_rows, "
                        + "table_collation AS table_collation, CASE WHEN HEX(table_comment) REGEXP " + NON_BMP_HEX + " THEN 1 ELSE 0 END AS comment_non_bmp "
                        + "FROM information_schema.tables WHERE " + scope.in("table_schema"), scope.params())
                .stream()
                .map(r -> new Table(ref(r, "table_schema", "table_name"), r.string("table_type"), r.string("engine"),
                        r.string("row_format"), r.string("create_options"), r.longValue("auto_increment"),
                        r.longValue("table_rows"), r.string("table_collation"), r.longValue("comment_non_bmp", 0) == 1))
                .sorted(Comparator.comparing(Table::ref))
                .toList());
    }

    /** Tables that hold rows (BASE TABLE, or a MariaDB SYSTEM VERSIONED table), in schema and name order. */
    public List<Table> baseTables() {
        return tables().stream().filter(Table::isBaseTable).toList();
    }

    public Map<TableRef, Table> tablesByRef() {
        return part("tablesByRef", () -> tables().stream().collect(Collectors.toMap(Table::ref, t -> t, (a, b) -> a, LinkedHashMap::new)));
    }

    public List<Column> columns() {
        return part("columns", () -> {
            prepareSession();
            return loadColumns();
        });
    }

    /**
     * Session settings that make information_schema show everything: old temporal formats on MySQL 5.x
     * (show_old_temporals) and generated invisible primary keys on MySQL 8.0.30+ (hidden when a DBA turned
     * show_gipk_in_create_table_and_information_schema off). Only this session changes; a refusal is harmless.
     */
    private void prepareSession() {
        ServerInfo s = server();
        if (s.isMariaDb()) {
            return;
        }
        try {
            if (s.major() == 5) {
                db.update("SET SESSION show_old_temporals = ON");
            } else if (s.major() == 8 && s.atLeast(8, 0, 30) || s.major() > 8) {
                db.update("SET SESSION show_gipk_in_create_table_and_information_schema = ON");
            }
        } catch (CutoverException e) {
            // not fatal: the checks then see what the server shows by default
        }
    }

    private List<Column> loadColumns() {
        return db.query("/* cutover:columns */ SELECT table_schema AS table_schema, "
                        + "table_name AS table_name, column_name AS column_name, ordinal_position AS ordinal_position, "
                        + "data_type AS data_type, column_type AS column_type, column_default AS column_default, "
                        + "is_nullable AS is_nullable, extra AS extra, character_set_name AS character_set_name, "
                        + "collation_name AS collation_name, numeric_scale AS numeric_scale, "
                        + "datetime_precision AS datetime_precision, "
                        + "character_maximum_length AS character_maximum_length, "
                        + "character_octet_length AS character_octet_length, generation_expression AS generation_expression, "
                        + "CASE WHEN HEX(column_comment) REGEXP " + NON_BMP_HEX + " THEN 1 ELSE 0 END AS comment_non_bmp "
                        + "FROM information_schema.columns WHERE " + scope.in("table_schema"), scope.params())
                .stream()
                .map(r -> new Column(ref(r, "table_schema", "table_name"), r.string("column_name"),
                        (int) r.longValue("ordinal_position", 0), lower(r.string("data_type")), r.string("column_type"),
                        r.string("column_default"), "YES".equalsIgnoreCase(r.string("is_nullable")), r.string("extra"),
                        lower(r.string("character_set_name")), lower(r.string("collation_name")), r.longValue("numeric_scale"),
                        r.longValue("datetime_precision"), r.longValue("character_maximum_length"),
                        r.longValue("character_octet_length"), emptyToNull(r.string("generation_expression")),
                        r.longValue("comment_non_bmp", 0) == 1))
                .sorted(Comparator.comparing(Column::table).thenComparingInt(Column::position))
                .toList();
    }

    /** Columns of base tables only (not of views or MariaDB sequences). */
    public List<Column> baseTableColumns() {
        return part("baseTableColumns", () -> {
            Map<TableRef, Table> tables = tablesByRef();
            return columns().stream().filter(c -> {
                Table t = tables.get(c.table());
                return t != null && t.isBaseTable();
            }).toList();
        });
    }

    /** Columns by table, in ordinal order; tables without columns (broken views) are absent. */
    public Map<TableRef, List<Column>> columnsByTable() {
        return part("columnsByTable", () -> columns().stream()
                .collect(Collectors.groupingBy(Column::table, LinkedHashMap::new, Collectors.toList())));
    }

    public List<Index> indexes() {
        return part("indexes", () -> {
            Map<String, List<Row>> byIndex = new LinkedHashMap<>();
            for (Row r : db.query("/* cutover:indexes */ SELECT table_schema AS table_schema, table_name AS table_name, "
                    + "index_name AS index_name, non_unique AS non_unique, seq_in_index AS seq_in_index, "
                    + "column_name AS column_name, sub_part AS sub_part, nullable AS nullable, index_type AS index_type, "
                    + "CASE WHEN HEX(index_comment) REGEXP " + NON_BMP_HEX + " THEN 1 ELSE 0 END AS comment_non_bmp "
                    + "FROM information_schema.statistics WHERE " + scope.in("table_schema"), scope.params())) {
                String key = r.string("table_schema") + "\u0000" + r.string("table_name") + "\u0000" + r.string("index_name");
                byIndex.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
            List<Index> indexes = new ArrayList<>();
            for (List<Row> rows : byIndex.values()) {
                rows.sort(Comparator.comparingLong(r -> r.longValue("seq_in_index", 0)));
                Row first = rows.get(0);
                List<IndexPart> parts = rows.stream()
                        .map(r -> new IndexPart(r.string("column_name"), r.longValue("sub_part"),
                                "YES".equalsIgnoreCase(r.string("nullable"))))
                        .toList();
                indexes.add(new Index(ref(first, "table_schema", "table_name"), first.string("index_name"),
                        first.longValue("non_unique", 1) == 0, first.string("index_type"), parts,
                        rows.stream().anyMatch(r -> r.longValue("comment_non_bmp", 0) == 1)));
            }
            return List.copyOf(indexes);
        });
    }

    public Map<TableRef, List<Index>> indexesByTable() {
        return part("indexesByTable", () -> indexes().stream()
                .collect(Collectors.groupingBy(Index::table, LinkedHashMap::new, Collectors.toList())));
    }

    /** Base tables with neither a PRIMARY KEY nor a UNIQUE key on NOT NULL columns. */
    public List<Table> tablesWithoutRowKey() {
        return part("keyless", () -> {
            Map<TableRef, List<Index>> byTable = indexesByTable();
            return baseTables().stream()
                    .filter(t -> byTable.getOrDefault(t.ref(), List.of()).stream().noneMatch(Index::identifiesRows))
                    .toList();
        });
    }

    /**
     * Foreign keys of the migrated tables, by schema, table and name (case-insensitively, as information_schema sorts
     * them), columns in key order. On MariaDB and MySQL 5.x, information_schema opens every table to answer (about 12 s
     * for 10,000 tables), so InnoDB's own dictionary is read first (milliseconds; it needs PROCESS); information_schema
     * is the fallback, and the only source on MySQL 8, whose information_schema is a view over its data dictionary.
     */
    public List<ForeignKey> foreignKeys() {
        return part("foreignKeys", () -> loadForeignKeys().stream().sorted(FOREIGN_KEY_ORDER).toList());
    }

    private static final Comparator<ForeignKey> FOREIGN_KEY_ORDER = Comparator
            .comparing(ForeignKey::schema, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(ForeignKey::table, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(ForeignKey::name, String.CASE_INSENSITIVE_ORDER);

    private List<ForeignKey> loadForeignKeys() {
        ServerInfo s = server();
        if (s.isMariaDb() || s.major() <= 5) {
            try {
                Optional<List<ForeignKey>> fromDictionary = foreignKeysFromInnoDbDictionary();
                if (fromDictionary.isPresent()) {
                    return fromDictionary.get();
                }
            } catch (io.cutover.core.error.TransientDatabaseException e) {
                throw e;
            } catch (CutoverException e) {
                // no PROCESS privilege: information_schema answers too, only slower
            }
        }
        return foreignKeysFromInformationSchema();
    }

    private List<ForeignKey> foreignKeysFromInformationSchema() {
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        for (Row r : db.query("/* cutover:foreign-keys */ SELECT k.constraint_schema AS constraint_schema, "
                + "k.table_name AS table_name, k.constraint_name AS constraint_name, k.column_name AS column_name, "
                + "k.ordinal_position AS ordinal_position, k.referenced_table_schema AS referenced_table_schema, "
                + "k.referenced_table_name AS referenced_table_name, k.referenced_column_name AS referenced_column_name, "
                + "r.update_rule AS update_rule, r.delete_rule AS delete_rule "
                + "FROM information_schema.key_column_usage k JOIN information_schema.referential_constraints r "
                + "ON r.constraint_schema = k.constraint_schema AND r.table_name = k.table_name "
                + "AND r.constraint_name = k.constraint_name "
                + "WHERE k.referenced_table_name IS NOT NULL AND " + scope.in("k.constraint_schema"), scope.params())) {
            String key = r.string("constraint_schema") + "\u0000" + r.string("table_name") + "\u0000" + r.string("constraint_name");
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<ForeignKey> keys = new ArrayList<>();
        for (List<Row> rows : byKey.values()) {
            rows.sort(Comparator.comparingLong(r -> r.longValue("ordinal_position", 0)));
            Row first = rows.get(0);
            keys.add(new ForeignKey(first.string("constraint_schema"), first.string("table_name"), first.string("constraint_name"),
                    rows.stream().map(r -> r.string("column_name")).toList(),
                    first.string("referenced_table_schema"), first.string("referenced_table_name"),
                    rows.stream().map(r -> r.string("referenced_column_name")).toList(),
                    first.string("delete_rule"), first.string("update_rule")));
        }
        return List.copyOf(keys);
    }

    /**
     * Foreign keys from information_schema.innodb_sys_foreign(_cols): names as {@code db/name} in the file-name
     * encoding, rules as bits of TYPE. Empty when a name uses an encoding this code does not decode (then
     * information_schema is asked instead, so that names always match the other catalog parts).
     */
    private Optional<List<ForeignKey>> foreignKeysFromInnoDbDictionary() {
        Map<String, List<Row>> byId = new LinkedHashMap<>();
        for (Row r : db.query("/* cutover:innodb-foreign-keys */ SELECT f.id AS id, f.for_name AS for_name, "
                + "f.ref_name AS ref_name, f.type AS type, c.for_col_name AS for_col_name, c.ref_col_name AS ref_col_name, "
                + "c.pos AS pos FROM information_schema.innodb_sys_foreign f "
                + "JOIN information_schema.innodb_sys_foreign_cols c ON c.id = f.id")) {
            byId.computeIfAbsent(r.string("id"), k -> new ArrayList<>()).add(r);
        }
        List<ForeignKey> keys = new ArrayList<>();
        for (List<Row> rows : byId.values()) {
            rows.sort(Comparator.comparingLong(r -> r.longValue("pos", 0)));
            Row first = rows.get(0);
            Optional<String[]> id = FileNames.split(first.string("id"));
            Optional<String[]> child = FileNames.split(first.string("for_name"));
            Optional<String[]> parent = FileNames.split(first.string("ref_name"));
            if (id.isEmpty() || child.isEmpty() || parent.isEmpty()) {
                return Optional.empty();
            }
            if (!scope.contains(child.get()[0])) {
                continue;
            }
            long type = first.longValue("type", 0);
            keys.add(new ForeignKey(child.get()[0], child.get()[1], id.get()[1],
                    rows.stream().map(r -> r.string("for_col_name")).toList(),
                    parent.get()[0], parent.get()[1],
                    rows.stream().map(r -> r.string("ref_col_name")).toList(),
                    (type & 1) != 0 ? "CASCADE" : (type & 2) != 0 ? "SET NULL" : (type & 16) != 0 ? "NO ACTION" : "RESTRICT",
                    (type & 4) != 0 ? "CASCADE" : (type & 8) != 0 ? "SET NULL" : (type & 32) != 0 ? "NO ACTION" : "RESTRICT"));
        }
        return Optional.of(List.copyOf(keys));
    }

    /** Partitions of the partitioned tables only (none queried when no table is partitioned). */
    public List<Partition> partitions() {
        return part("partitions", () -> {
            Set<TableRef> partitioned = tables().stream().filter(Table::isPartitioned).map(Table::ref)
                    .collect(Collectors.toSet());
            if (partitioned.isEmpty()) {
                return List.of();
            }
            return db.query("/* cutover:partitions */ SELECT table_schema AS table_schema, table_name AS table_name, "
                            + "partition_name AS partition_name, subpartition_name AS subpartition_name, "
                            + "partition_ordinal_position AS partition_ordinal_position, "
                            + "subpartition_ordinal_position AS subpartition_ordinal_position, partition_method AS partition_method, "
                            + "subpartition_method AS subpartition_method, partition_expression AS partition_expression, "
                            + "partition_description AS partition_description, tablespace_name AS tablespace_name "
                            + "FROM information_schema.partitions WHERE partition_name IS NOT NULL AND "
                            + scope.in("table_schema"), scope.params())
                    .stream()
                    .map(r -> new Partition(ref(r, "table_schema", "table_name"), r.string("partition_name"),
                            r.string("subpartition_name"), r.longValue("partition_ordinal_position"),
                            r.longValue("subpartition_ordinal_position"), r.string("partition_method"), r.string("subpartition_method"), r.string("partition_expression"),
                            r.string("partition_description"), r.string("tablespace_name")))
                    .filter(p -> partitioned.contains(p.table()))
                    .toList();
        });
    }

    public List<StoredObject> routines() {
        return part("routines", () -> db.query("/* cutover:routines */ SELECT routine_schema AS routine_schema, "
                        + "routine_name AS routine_name, routine_type AS routine_type, definer AS definer, sql_mode AS sql_mode, "
                        + "security_type AS security_type, routine_definition AS routine_definition "
                        + "FROM information_schema.routines WHERE " + scope.in("routine_schema"), scope.params())
                .stream()
                .map(r -> new StoredObject(routineKind(r.string("routine_type")), r.string("routine_schema"),
                        r.string("routine_name"), r.string("definer"), r.string("sql_mode"), r.string("security_type"),
                        r.string("routine_definition"), null, null))
                .toList());
    }

    public List<StoredObject> views() {
        return part("views", () -> db.query("/* cutover:views */ SELECT table_schema AS table_schema, "
                        + "table_name AS table_name, definer AS definer, security_type AS security_type, "
                        + "view_definition AS view_definition FROM information_schema.views WHERE " + scope.in("table_schema"),
                        scope.params())
                .stream()
                .map(r -> new StoredObject(Kind.VIEW, r.string("table_schema"), r.string("table_name"), r.string("definer"),
                        null, r.string("security_type"), emptyToNull(r.string("view_definition")), null, null))
                .toList());
    }

    public List<StoredObject> triggers() {
        return part("triggers", () -> db.query("/* cutover:triggers */ SELECT trigger_schema AS trigger_schema, "
                        + "trigger_name AS trigger_name, event_object_table AS event_object_table, definer AS definer, "
                        + "sql_mode AS sql_mode, action_statement AS action_statement "
                        + "FROM information_schema.triggers WHERE " + scope.in("trigger_schema"), scope.params())
                .stream()
                .map(r -> new StoredObject(Kind.TRIGGER, r.string("trigger_schema"), r.string("trigger_name"),
                        r.string("definer"), r.string("sql_mode"), null, r.string("action_statement"),
                        r.string("event_object_table"), null))
                .toList());
    }

    public List<StoredObject> events() {
        return part("events", () -> db.query("/* cutover:events */ SELECT event_schema AS event_schema, "
                        + "event_name AS event_name, definer AS definer, sql_mode AS sql_mode, status AS status, "
                        + "event_definition AS event_definition FROM information_schema.events WHERE " + scope.in("event_schema"),
                        scope.params())
                .stream()
                .map(r -> new StoredObject(Kind.EVENT, r.string("event_schema"), r.string("event_name"), r.string("definer"),
                        r.string("sql_mode"), null, r.string("event_definition"), null, r.string("status")))
                .toList());
    }

    public static final Set<Kind> ALL_CODE = java.util.EnumSet.allOf(Kind.class);

    /**
     * The routines, views, triggers and events of the given kinds that could be read. A kind whose query failed, or
     * that information_schema may hide from this user (missing global privileges), is described in
     * {@code unreadable}: what is not seen must not pass. A transient failure is rethrown.
     */
    public List<StoredObject> storedObjects(Set<Kind> kinds, List<String> unreadable) {
        List<StoredObject> objects = new ArrayList<>();
        List<Supplier<List<StoredObject>>> parts = new ArrayList<>();
        if (kinds.contains(Kind.PROCEDURE) || kinds.contains(Kind.FUNCTION) || kinds.contains(Kind.PACKAGE)) parts.add(this::routines);
        if (kinds.contains(Kind.VIEW)) parts.add(this::views);
        if (kinds.contains(Kind.TRIGGER)) parts.add(this::triggers);
        if (kinds.contains(Kind.EVENT)) parts.add(this::events);
        for (Supplier<List<StoredObject>> part : parts) {
            try {
                part.get().stream().filter(o -> kinds.contains(o.kind())).forEach(objects::add);
            } catch (io.cutover.core.error.TransientDatabaseException e) {
                throw e;
            } catch (CutoverException e) {
                if (!unreadable.contains(e.getMessage())) unreadable.add(e.getMessage());
            }
        }
        try {
            hiddenKinds().entrySet().stream().filter(e -> kinds.contains(e.getKey())).map(Map.Entry::getValue).distinct()
                    .filter(reason -> !unreadable.contains(reason)).forEach(unreadable::add);
        } catch (io.cutover.core.error.TransientDatabaseException e) {
            throw e;
        } catch (CutoverException e) {
            unreadable.add("Cutover's privileges could not be read, so objects may be hidden: " + e.getMessage());
        }
        return objects;
    }

    /** The schemas of the scope that exist on this server, with their defaults. */
    public Map<String, Row> schemata() {
        return part("schemata", () -> {
            Map<String, Row> byName = new LinkedHashMap<>();
            for (Row r : db.query("/* cutover:schemata */ SELECT schema_name AS schema_name, "
                    + "default_character_set_name AS default_character_set_name, "
                    + "default_collation_name AS default_collation_name FROM information_schema.schemata WHERE "
                    + scope.in("schema_name"), scope.params())) {
                byName.put(r.string("schema_name"), r);
            }
            return byName;
        });
    }

    /** Accounts as {@code user@host} pairs, from mysql.user (often not readable: callers handle the failure). */
    public Set<Definer> accounts() {
        return part("accounts", () -> db.query("/* cutover:accounts */ SELECT user AS user, host AS host FROM mysql.user")
                .stream()
                .map(r -> new Definer(r.string("user"), r.string("host")))
                .collect(Collectors.toSet()));
    }

    /**
     * Foreign key ids ({@code db/name}) whose name is over 64 characters, from InnoDB's own dictionary
     * (information_schema.innodb_sys_foreign, MySQL 5.x and MariaDB): MySQL 5.7 could create them, 8.0 cannot.
     */
    public List<String> longForeignKeyIds() {
        return part("longForeignKeyIds", () -> db.query("/* cutover:innodb-foreign */ SELECT id AS id "
                        + "FROM information_schema.innodb_sys_foreign WHERE CHAR_LENGTH(SUBSTRING_INDEX(id, '/', -1)) > 64")
                .stream()
                .map(r -> r.string("id"))
                .filter(id -> id.indexOf('/') > 0 && scope.contains(id.substring(0, id.indexOf('/'))))
                .toList());
    }

    /**
     * Why some objects of a kind may be invisible to this session: information_schema silently leaves out routines
     * (without global SELECT or SHOW_ROUTINE), view definitions (SHOW VIEW), triggers (TRIGGER) and events (EVENT)
     * that the user has no privilege on. Empty when Cutover's user holds the global privileges.
     */
    public Map<Kind, String> hiddenKinds() {
        return part("hiddenKinds", () -> {
            // The session's own account and its enabled roles (MySQL 8 grants through roles, e.g. Aurora's
            // rds_superuser_role; MariaDB lists a role's grantee without a host).
            Set<String> grantees = new java.util.HashSet<>();
            try {
                for (Row r : db.query("/* cutover:roles */ SELECT * FROM information_schema.enabled_roles")) {
                    String role = r.string("role_name");
                    grantees.add(r.has("role_host") ? "'" + role + "'@'" + r.string("role_host") + "'" : "'" + role + "'");
                }
            } catch (io.cutover.core.error.TransientDatabaseException e) {
                throw e;
            } catch (CutoverException e) {
                // no roles on this server (MySQL 5.7): the account's own grants are all there is
            }
            Set<String> privileges = new java.util.HashSet<>();
            String me = null;
            for (Row r : db.query("/* cutover:privileges */ SELECT CURRENT_USER() AS me, grantee AS grantee, "
                    + "privilege_type AS privilege_type FROM information_schema.user_privileges")) {
                me = r.string("me");
                Definer d = Definer.parse(me);
                String grantee = r.string("grantee");
                if (("'" + d.user() + "'@'" + d.host() + "'").equalsIgnoreCase(grantee) || grantees.contains(grantee)) {
                    privileges.add(r.string("privilege_type").toUpperCase(Locale.ROOT));
                }
            }
            Map<Kind, String> hidden = new java.util.EnumMap<>(Kind.class);
            String who = me == null ? "Cutover's user" : "Cutover's user " + me;
            if (!privileges.contains("SELECT") && !privileges.contains("SHOW_ROUTINE")) {
                String why = who + " has no global SELECT or SHOW_ROUTINE: routines of other definers are hidden";
                hidden.put(Kind.PROCEDURE, why);
                hidden.put(Kind.FUNCTION, why);
                hidden.put(Kind.PACKAGE, why);
            }
            if (!privileges.contains("SHOW VIEW")) hidden.put(Kind.VIEW, who + " has no global SHOW VIEW: view definitions are hidden");
            if (!privileges.contains("TRIGGER")) hidden.put(Kind.TRIGGER, who + " has no global TRIGGER: triggers are hidden");
            if (!privileges.contains("EVENT")) hidden.put(Kind.EVENT, who + " has no global EVENT: events are hidden");
            return hidden;
        });
    }

    /** Names of the collations the server knows. */
    public Set<String> collations() {
        return part("collations", () -> db.query("/* cutover:collations */ SELECT collation_name AS collation_name "
                        + "FROM information_schema.collations")
                .stream()
                .map(r -> lower(r.string("collation_name")))
                .collect(Collectors.toSet()));
    }

    /** Global variables (absent when the server does not have them). */
    public Map<String, String> variables(Collection<String> names) {
        return db.globalVariables(names);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Loads a part once; a failure is kept too, so that every check needing the part reports the same reason. */
    @SuppressWarnings("unchecked")
    private synchronized <T> T part(String name, Supplier<T> loader) {
        Object value = parts.get(name);
        if (value == null) {
            try {
                value = loader.get();
            } catch (CutoverException e) {
                value = e;
            }
            parts.put(name, value);
        }
        if (value instanceof CutoverException e) {
            throw e;
        }
        return (T) value;
    }

    /** Whether a part has already failed to load (for "the rest of this group could not run" decisions). */
    public Optional<CutoverException> failure(String part) {
        return parts.get(part) instanceof CutoverException e ? Optional.of(e) : Optional.empty();
    }

    private static TableRef ref(Row r, String schemaColumn, String tableColumn) {
        return new TableRef(r.string(schemaColumn), r.string(tableColumn));
    }

    private static Kind routineKind(String type) {
        String t = type == null ? "" : type.toUpperCase(Locale.ROOT);
        return t.equals("FUNCTION") ? Kind.FUNCTION : t.startsWith("PACKAGE") ? Kind.PACKAGE : Kind.PROCEDURE;
    }

    public static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
