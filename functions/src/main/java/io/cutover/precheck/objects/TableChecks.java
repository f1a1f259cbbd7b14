package io.cutover.precheck.objects;

import static io.cutover.precheck.objects.Rule.count;
import static io.cutover.precheck.objects.Rule.failed;

import io.cutover.core.catalog.Catalog;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Severity;
import io.cutover.core.catalog.Catalog.Column;
import io.cutover.core.catalog.Catalog.Index;
import io.cutover.core.catalog.Catalog.Partition;
import io.cutover.core.catalog.Catalog.Table;
import io.cutover.core.catalog.Catalog.TableRef;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Tables: keys, engines, compression, partitioning, AUTO_INCREMENT, table count, MariaDB-only table features. */
final class TableChecks {
    static final CheckDefinition NO_PK_OR_UK = new CheckDefinition("so-no-pk-or-uk",
            "Every table has a primary key or a unique key on NOT NULL columns", Severity.WARNING,
            "DMS applies each CDC UPDATE and DELETE by key: without one, every change scans the whole target table, "
                    + "batch apply falls back to one-by-one, DMS data validation cannot compare the table, and rows that "
                    + "are identical cannot be told apart (deletes not applied, duplicates on the target). A UNIQUE key "
                    + "on nullable columns does not identify rows.",
            "Add a PRIMARY KEY (or make a UNIQUE key's columns NOT NULL) on the source before the migration, e.g. "
                    + "ALTER TABLE t ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY (the application "
                    + "must not depend on SELECT * column order). Small, rarely updated tables may be accepted as they are.");
    static final CheckDefinition LOB_TABLE_NO_PK = new CheckDefinition("so-lob-table-no-pk",
            "Tables with LOB columns have a primary or unique key", Severity.BLOCKER,
            "DMS writes a row first and then fills its LOB columns (MEDIUMTEXT, LONGTEXT, BLOBs, JSON, spatial types) "
                    + "with an UPDATE by key. Without a key the LOBs of these tables are not migrated at all.",
            "Add a PRIMARY KEY (or a UNIQUE key on NOT NULL columns) to each table listed, on the source, before the "
                    + "migration starts.");
    static final CheckDefinition NON_INNODB = new CheckDefinition("so-non-innodb",
            "Every table uses InnoDB, or Cutover converts it", Severity.WARNING,
            "Aurora MySQL supports only the InnoDB engine for database tables "
                    + "(https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Migrating.ExtMySQL.Prechecks.html). "
                    + "Cutover's schema phase creates these tables as InnoDB on the target (\"2.5 Create target schema\" "
                    + "reports each conversion, and the freeze approval's evidence shows them); MyISAM, Aria, MEMORY, "
                    + "ARCHIVE or CSV tables are not transactional on the source (a consistent full load cannot be "
                    + "guaranteed) and behave differently as InnoDB (locking, full-text, row size). A definition InnoDB "
                    + "refuses (an AUTO_INCREMENT column that is not the first column of a key) blocks: the table "
                    + "could not be created.",
            "Nothing to do for the conversion itself: Cutover creates the tables as InnoDB. Test the application against "
                    + "InnoDB tables, or convert on the source first (ALTER TABLE t ENGINE=InnoDB, algorithm=copy; it "
                    + "rebuilds the table: check free space and lock time). For a blocked table, make the AUTO_INCREMENT "
                    + "column the first column of a key on the source. MEMORY tables hold no durable data: decide "
                    + "whether they need migrating at all.");
    static final CheckDefinition COMPRESSED = new CheckDefinition("so-compressed-tables",
            "No compressed tables", Severity.BLOCKER,
            "Aurora MySQL does not support ROW_FORMAT=COMPRESSED, InnoDB page compression (COMPRESSION=, MariaDB "
                    + "PAGE_COMPRESSED) or compressed MyISAM tables: the replayed CREATE TABLE fails on the target.",
            "Rebuild the tables uncompressed on the source (ALTER TABLE t ROW_FORMAT=DYNAMIC, or COMPRESSION='None' / "
                    + "PAGE_COMPRESSED=0 followed by OPTIMIZE TABLE), or pre-create them uncompressed on the target.");
    static final CheckDefinition PARTITIONED = new CheckDefinition("so-partitioned-tables",
            "Partitioned tables are known", Severity.WARNING,
            "DMS itself creates partitioned tables unpartitioned; Cutover's schema phase pre-creates them with their "
                    + "partitions (DMS then loads with DO_NOTHING). Partition maintenance (ADD/DROP/REORGANIZE "
                    + "PARTITION) during CDC is not replicated and suspends the table in DMS.",
            "Freeze partition maintenance (scheduled ADD/DROP PARTITION jobs) from the start of the full load until "
                    + "the cutover, or set SkipTableSuspensionForPartitionDdl and repeat the DDL on the target by hand. "
                    + "Row counts are validated per partition at cutover.");
    static final CheckDefinition LEGACY_PARTITIONING = new CheckDefinition("so-legacy-partitioning",
            "Partitioning can be recreated on MySQL 8.0", Severity.BLOCKER,
            "MySQL 8.0 supports partitioning only in InnoDB (native partitioning), not in shared tablespaces, not with "
                    + "non-standard date delimiters in partition bounds, and not KEY partitioning on columns with a prefix "
                    + "index: such partitioned tables cannot be created on Aurora MySQL 3.",
            "Convert the table to InnoDB (ALTER TABLE … ENGINE=InnoDB), move partitions to file-per-table tablespaces "
                    + "(ALTER TABLE … REORGANIZE PARTITION), rewrite partition bounds with '-' and ':' delimiters, or "
                    + "remove the prefix index from the KEY partitioning columns, on the source.");
    static final CheckDefinition TABLE_COUNT = new CheckDefinition("so-table-count",
            "The number of tables fits one DMS task", Severity.WARNING,
            "DMS supports up to 10,000 tables in one task; above that the task is slow to start and may fail.",
            "Split the migration into several migrations (each with its own schemas), or migrate the largest schemas "
                    + "separately.");
    static final CheckDefinition MARIADB_ONLY = new CheckDefinition("so-mariadb-only-features",
            "No MariaDB-only features", Severity.BLOCKER,
            "MySQL 8.0 and DMS know nothing of MariaDB system-versioned (temporal) tables, sequences, the INET4, INET6 "
                    + "and UUID types, compressed columns, long UNIQUE keys (USING HASH) or Oracle-mode packages: the "
                    + "DDL does not replay on Aurora MySQL and DMS does not support temporal tables.",
            "Before migrating, remove or replace them on the source: ALTER TABLE … DROP SYSTEM VERSIONING (keep history "
                    + "in a normal table if needed), replace sequences with AUTO_INCREMENT or a counter table, INET6/UUID "
                    + "with VARBINARY(16) or CHAR(36), drop COMPRESSED column attributes, replace long unique keys with a "
                    + "unique key on a hash column, rewrite packages as procedures.");
    static final CheckDefinition AUTO_INCREMENT = new CheckDefinition("so-auto-increment",
            "AUTO_INCREMENT columns are safe to migrate", Severity.WARNING,
            "DMS does not carry the AUTO_INCREMENT attribute (Cutover's schema phase creates the target tables with it). "
                    + "FLOAT/DOUBLE AUTO_INCREMENT is deprecated in 8.0 and refused by 8.4, and a counter close to its "
                    + "type's maximum stops inserts soon after the cutover.",
            "Change FLOAT/DOUBLE AUTO_INCREMENT columns to an integer type; widen columns close to their maximum "
                    + "(INT to BIGINT) on the source before the migration. After cutover, check that each counter is above "
                    + "MAX(id) on the target.");
    static final CheckDefinition INDEX_LIMITS = new CheckDefinition("so-index-limits",
            "Indexes fit MySQL 8.0's limits", Severity.WARNING,
            "MySQL 8.0 refuses index prefixes on spatial columns and indexes over 767 bytes in COMPACT or REDUNDANT "
                    + "tables; DMS alone creates no prefix (partial) indexes at all (Cutover pre-creates the tables, so "
                    + "they are kept).",
            "Drop the prefix from indexes on spatial columns (use a SPATIAL index), shorten oversized indexes or change "
                    + "the table to ROW_FORMAT=DYNAMIC on the source.");

    private TableChecks() {}

    static List<Rule<SourceView>> rules() {
        return List.of(
                new Rule<>(NO_PK_OR_UK, TableChecks::noPkOrUk),
                new Rule<>(LOB_TABLE_NO_PK, TableChecks::lobTableNoPk),
                new Rule<>(NON_INNODB, TableChecks::nonInnoDb),
                new Rule<>(COMPRESSED, TableChecks::compressed),
                new Rule<>(PARTITIONED, TableChecks::partitioned),
                new Rule<>(LEGACY_PARTITIONING, TableChecks::legacyPartitioning),
                new Rule<>(TABLE_COUNT, TableChecks::tableCount),
                new Rule<>(MARIADB_ONLY, TableChecks::mariaDbOnly),
                new Rule<>(AUTO_INCREMENT, TableChecks::autoIncrement),
                new Rule<>(INDEX_LIMITS, TableChecks::indexLimits));
    }

    static CheckResult noPkOrUk(SourceView v) {
        Catalog c = v.source();
        List<Table> keyless = c.tablesWithoutRowKey();
        int total = c.baseTables().size();
        if (keyless.isEmpty()) {
            return NO_PK_OR_UK.passed("all " + count(total, "table has", "tables have")
                    + " a primary key or a unique key on NOT NULL columns");
        }
        Map<TableRef, List<Index>> indexes = c.indexesByTable();
        List<String> objects = keyless.stream().map(t -> {
            List<String> nullableUnique = indexes.getOrDefault(t.ref(), List.of()).stream()
                    .filter(i -> i.unique() && !i.identifiesRows()).map(Index::name).toList();
            return nullableUnique.isEmpty() ? t.ref().toString()
                    : t.ref() + " (only UNIQUE key(s) on nullable columns: " + String.join(", ", nullableUnique) + ")";
        }).toList();
        return failed(NO_PK_OR_UK, keyless.size() + " of " + count(total, "table has", "tables have")
                + " no primary key and no unique key on NOT NULL columns", objects);
    }

    static CheckResult lobTableNoPk(SourceView v) {
        Catalog c = v.source();
        Map<TableRef, List<Column>> columns = c.columnsByTable();
        List<String> objects = new ArrayList<>();
        for (Table t : c.tablesWithoutRowKey()) {
            List<String> lobs = columns.getOrDefault(t.ref(), List.of()).stream().filter(Column::isLob)
                    .map(col -> col.name() + " " + col.dataType()).toList();
            if (!lobs.isEmpty()) {
                objects.add(t.ref() + " (LOB columns: " + String.join(", ", lobs) + ")");
            }
        }
        if (objects.isEmpty()) {
            return LOB_TABLE_NO_PK.passed("every table with LOB columns has a primary or unique key");
        }
        return failed(LOB_TABLE_NO_PK, count(objects.size(), "table has", "tables have")
                + " LOB columns and no key: DMS would not migrate their LOBs", objects);
    }

    static CheckResult nonInnoDb(SourceView v) {
        List<Table> other = v.source().baseTables().stream()
                .filter(t -> t.engine() != null && !t.isInnoDb()).toList();
        if (other.isEmpty()) {
            return NON_INNODB.passed("all " + count(v.source().baseTables().size(), "table uses", "tables use") + " InnoDB");
        }
        Map<String, Long> byEngine = other.stream()
                .collect(Collectors.groupingBy(Table::engine, TreeMap::new, Collectors.counting()));
        List<String> refused = autoIncrementNotFirstInAKey(v.source(), other);
        String found = count(other.size(), "table uses", "tables use") + " another engine than InnoDB ("
                + byEngine.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                + "): Cutover creates them as InnoDB on the target";
        if (!refused.isEmpty()) {
            return failed(NON_INNODB, Severity.BLOCKER, found + "; InnoDB refuses " + count(refused.size(), "of them", "of them")
                    + " (an AUTO_INCREMENT column that is not the first column of a key)", refused);
        }
        return failed(NON_INNODB, found, other.stream().map(t -> t.ref() + " (" + t.engine() + "): created as InnoDB").toList());
    }

    /**
     * MyISAM and Aria accept an AUTO_INCREMENT column as a later column of a composite key (a counter per group);
     * InnoDB requires it to be the first column of some index ("Incorrect table definition; there can be only one
     * auto column and it must be defined as a key", https://dev.mysql.com/doc/refman/8.0/en/innodb-auto-increment-handling.html).
     */
    private static List<String> autoIncrementNotFirstInAKey(Catalog c, List<Table> tables) {
        Map<TableRef, List<Index>> indexes = c.indexesByTable();
        Map<TableRef, List<Catalog.Column>> columns = c.columnsByTable();
        List<String> refused = new ArrayList<>();
        for (Table t : tables) {
            for (Catalog.Column col : columns.getOrDefault(t.ref(), List.of())) {
                if (col.extra() == null || !col.extra().toLowerCase(java.util.Locale.ROOT).contains("auto_increment")) {
                    continue;
                }
                boolean first = indexes.getOrDefault(t.ref(), List.of()).stream()
                        .anyMatch(i -> !i.parts().isEmpty() && i.parts().get(0).column().equalsIgnoreCase(col.name()));
                if (!first) {
                    refused.add(t.ref() + "." + col.name() + " (" + t.engine() + ")");
                }
            }
        }
        return refused;
    }

    private static final Pattern PAGE_COMPRESSION = Pattern.compile("compression\\W*=\\W*(zlib|lz4)");
    private static final Pattern MARIADB_PAGE_COMPRESSED = Pattern.compile("page_compressed\\W*=\\W*(1|on|yes)");

    static CheckResult compressed(SourceView v) {
        List<String> objects = new ArrayList<>();
        for (Table t : v.source().baseTables()) {
            String options = t.options();
            List<String> why = new ArrayList<>();
            if ("compressed".equalsIgnoreCase(t.rowFormat()) || options.contains("row_format=compressed")) {
                why.add("ROW_FORMAT=COMPRESSED");
            }
            if (PAGE_COMPRESSION.matcher(options).find()) {
                why.add("page compression");
            }
            if (MARIADB_PAGE_COMPRESSED.matcher(options).find()) {
                why.add("PAGE_COMPRESSED");
            }
            if (!why.isEmpty()) {
                objects.add(t.ref() + " (" + String.join(", ", why) + ")");
            }
        }
        if (objects.isEmpty()) {
            return COMPRESSED.passed("no compressed table");
        }
        return failed(COMPRESSED, count(objects.size(), "table is", "tables are") + " compressed", objects);
    }

    static CheckResult partitioned(SourceView v) {
        Map<TableRef, List<Partition>> byTable = v.source().partitions().stream()
                .collect(Collectors.groupingBy(Partition::table, TreeMap::new, Collectors.toList()));
        if (byTable.isEmpty()) {
            return PARTITIONED.passed("no partitioned table");
        }
        List<String> objects = byTable.entrySet().stream().map(e -> {
            Partition first = e.getValue().get(0);
            long parts = e.getValue().stream().map(Partition::name).distinct().count();
            return e.getKey() + " (" + first.method() + (first.subMethod() == null ? "" : ", subpartitioned by " + first.subMethod())
                    + ", " + count((int) parts, "partition", "partitions") + ")";
        }).toList();
        return failed(PARTITIONED, count(objects.size(), "table is", "tables are")
                + " partitioned: the schema phase pre-creates them partitioned; no partition DDL during CDC", objects);
    }

    /** A date literal in a partition bound whose delimiter is not '-' (e.g. '2020/01/01'), deprecated in 8.0. */
    private static final Pattern ODD_DATE_DELIMITER = Pattern.compile("'\\d{4}([^\\d\\-'])\\d{1,2}\\1\\d{1,2}");
    private static final Pattern BACKQUOTED = Pattern.compile("`((?:[^`]|``)+)`");

    static CheckResult legacyPartitioning(SourceView v) {
        Catalog c = v.source();
        Map<TableRef, Table> tables = c.tablesByRef();
        Map<TableRef, List<Partition>> byTable = c.partitions().stream()
                .collect(Collectors.groupingBy(Partition::table, TreeMap::new, Collectors.toList()));
        List<String> objects = new ArrayList<>();
        for (Map.Entry<TableRef, List<Partition>> e : byTable.entrySet()) {
            Table t = tables.get(e.getKey());
            Set<String> why = new LinkedHashSet<>();
            if (t != null && t.engine() != null && !t.isInnoDb() && !t.engine().toUpperCase(Locale.ROOT).startsWith("NDB")) {
                why.add(t.engine() + " engine: MySQL 8.0 partitions only InnoDB tables");
            }
            for (Partition p : e.getValue()) {
                String ts = p.tablespace();
                if (ts != null && !ts.isBlank() && !ts.equalsIgnoreCase("innodb_file_per_table")) {
                    why.add("partition " + p.name() + " in shared tablespace " + ts);
                }
                if (p.description() != null && ODD_DATE_DELIMITER.matcher(p.description()).find()) {
                    why.add("partition " + p.name() + " bound " + p.description() + " uses a deprecated date delimiter");
                }
            }
            Partition first = e.getValue().get(0);
            if (first.method() != null && first.method().toUpperCase(Locale.ROOT).contains("KEY")) {
                List<String> keyColumns = partitionColumns(first.expression(), c, e.getKey());
                Set<String> prefixed = c.indexesByTable().getOrDefault(e.getKey(), List.of()).stream()
                        .flatMap(i -> i.parts().stream()).filter(pp -> pp.subPart() != null && pp.column() != null)
                        .map(Catalog.IndexPart::column).collect(Collectors.toSet());
                List<String> both = keyColumns.stream().filter(prefixed::contains).toList();
                if (!both.isEmpty()) {
                    why.add("KEY partitioning on column(s) with a prefix index: " + String.join(", ", both));
                }
            }
            if (!why.isEmpty()) {
                objects.add(e.getKey() + " (" + String.join("; ", why) + ")");
            }
        }
        if (objects.isEmpty()) {
            return LEGACY_PARTITIONING.passed(byTable.isEmpty() ? "no partitioned table"
                    : "the partitioning of " + count(byTable.size(), "table", "tables") + " can be recreated on MySQL 8.0");
        }
        return failed(LEGACY_PARTITIONING, count(objects.size(), "partitioned table", "partitioned tables")
                + " cannot be recreated on MySQL 8.0", objects);
    }

    /** The columns of a KEY partitioning expression; {@code KEY()} (empty) means the primary key's columns. */
    private static List<String> partitionColumns(String expression, Catalog c, TableRef table) {
        List<String> columns = new ArrayList<>();
        if (expression != null) {
            Matcher m = BACKQUOTED.matcher(expression);
            while (m.find()) {
                columns.add(m.group(1).replace("``", "`"));
            }
            if (columns.isEmpty()) {
                for (String s : expression.split(",")) {
                    if (!s.isBlank()) columns.add(s.trim());
                }
            }
        }
        if (columns.isEmpty()) {
            c.indexesByTable().getOrDefault(table, List.of()).stream().filter(Index::isPrimary).findFirst()
                    .ifPresent(pk -> columns.addAll(pk.columnNames()));
        }
        return columns;
    }

    static CheckResult tableCount(SourceView v) {
        int n = v.source().baseTables().size();
        int max = v.limits().maxTablesPerTask();
        String found = count(n, "table", "tables") + " in the migrated schemas (one DMS task supports " + max + ")";
        return n > max ? TABLE_COUNT.failed(found) : TABLE_COUNT.passed(found);
    }

    static CheckResult mariaDbOnly(SourceView v) {
        Catalog c = v.source();
        if (!c.server().isMariaDb()) {
            return MARIADB_ONLY.passed("the source is " + c.server().describe() + ", not MariaDB");
        }
        List<String> objects = new ArrayList<>();
        for (Table t : c.tables()) {
            if ("SYSTEM VERSIONED".equalsIgnoreCase(t.type())) objects.add(t.ref() + " (system-versioned table)");
            if ("SEQUENCE".equalsIgnoreCase(t.type())) objects.add(t.ref() + " (sequence)");
        }
        Map<TableRef, Table> tables = c.tablesByRef();
        for (Column col : c.baseTableColumns()) {
            if (Set.of("inet4", "inet6", "uuid").contains(col.dataType())) {
                objects.add(col.ref() + " (" + col.dataType().toUpperCase(Locale.ROOT) + " type)");
            }
            if (col.columnType() != null && col.columnType().toUpperCase(Locale.ROOT).contains("COMPRESSED")) {
                objects.add(col.ref() + " (COMPRESSED column)");
            }
        }
        for (Index i : c.indexes()) {
            Table t = tables.get(i.table());
            boolean memoryHash = t != null && "MEMORY".equalsIgnoreCase(t.engine());
            if ("HASH".equalsIgnoreCase(i.type()) && i.unique() && !memoryHash) {
                objects.add(i.table() + " (long UNIQUE key " + i.name() + " USING HASH)");
            }
        }
        for (Catalog.StoredObject r : c.routines()) {
            if (r.kind() == Catalog.Kind.PACKAGE) objects.add(r.schema() + "." + r.name() + " (Oracle-mode package)");
        }
        if (objects.isEmpty()) {
            return MARIADB_ONLY.passed("no system-versioned table, sequence, MariaDB-only type, compressed column, "
                    + "long unique key or package");
        }
        return failed(MARIADB_ONLY, count(objects.size(), "MariaDB-only object", "MariaDB-only objects")
                + " that MySQL 8.0 and DMS do not support", objects);
    }

    static CheckResult autoIncrement(SourceView v) {
        Catalog c = v.source();
        Map<TableRef, Table> tables = c.tablesByRef();
        List<Column> ai = c.baseTableColumns().stream().filter(Column::isAutoIncrement).toList();
        List<String> objects = new ArrayList<>();
        for (Column col : ai) {
            if (col.dataType().equals("float") || col.dataType().equals("double") || col.dataType().equals("real")) {
                objects.add(col.ref() + " (" + col.columnType() + " AUTO_INCREMENT: deprecated, refused by MySQL 8.4)");
                continue;
            }
            Table t = tables.get(col.table());
            BigInteger max = integerMax(col);
            if (t != null && t.autoIncrement() != null && max != null) {
                BigInteger next = BigInteger.valueOf(t.autoIncrement());
                if (next.multiply(BigInteger.TEN).compareTo(max.multiply(BigInteger.valueOf(9))) >= 0) {
                    objects.add(col.ref() + " (" + col.columnType() + ": next value " + next + " is over 90% of its maximum " + max + ")");
                }
            }
        }
        String summary = count(ai.size(), "AUTO_INCREMENT column", "AUTO_INCREMENT columns")
                + " (counters read from information_schema, which MySQL 8.0 caches)";
        if (objects.isEmpty()) {
            return AUTO_INCREMENT.passed(summary + "; none is FLOAT/DOUBLE or close to its maximum",
                    ai.stream().map(col -> col.ref() + " (" + col.columnType() + ")").toList());
        }
        return failed(AUTO_INCREMENT, summary + "; " + count(objects.size(), "needs", "need") + " attention", objects);
    }

    private static BigInteger integerMax(Column col) {
        boolean unsigned = col.columnType() != null && col.columnType().toLowerCase(Locale.ROOT).contains("unsigned");
        int bits = switch (col.dataType()) {
            case "tinyint" -> 8;
            case "smallint" -> 16;
            case "mediumint" -> 24;
            case "int", "integer" -> 32;
            case "bigint" -> 64;
            default -> 0;
        };
        if (bits == 0) return null;
        return unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    }

    static CheckResult indexLimits(SourceView v) {
        Catalog c = v.source();
        Map<TableRef, Table> tables = c.tablesByRef();
        Map<TableRef, Map<String, Column>> columns = new LinkedHashMap<>();
        for (Column col : c.columns()) {
            columns.computeIfAbsent(col.table(), k -> new LinkedHashMap<>()).put(col.name(), col);
        }
        List<String> objects = new ArrayList<>();
        int prefixIndexes = 0;
        for (Index i : c.indexes()) {
            Table t = tables.get(i.table());
            Map<String, Column> cols = columns.getOrDefault(i.table(), Map.of());
            boolean prefix = false;
            long bytes = 0;
            for (Catalog.IndexPart p : i.parts()) {
                Column col = p.column() == null ? null : cols.get(p.column());
                // MariaDB reports a SUB_PART (32) for the column of a SPATIAL index (ObjectChecksIT), which is no prefix
                // index; MySQL is believed to do the same (not verified here: no MySQL server on the build machine)
                if (p.subPart() != null && !"SPATIAL".equalsIgnoreCase(i.type())) {
                    prefix = true;
                    if (col != null && col.isSpatial() && !"SPATIAL".equalsIgnoreCase(i.type())) {
                        objects.add(i.table() + "." + i.name() + " (prefix on spatial column " + col.name()
                                + ": refused by MySQL 8.0.12+)");
                    }
                }
                bytes += keyBytes(col, p.subPart());
            }
            if (prefix) prefixIndexes++;
            String rowFormat = t == null || t.rowFormat() == null ? "" : t.rowFormat().toLowerCase(Locale.ROOT);
            if ((rowFormat.equals("compact") || rowFormat.equals("redundant")) && bytes > 767
                    && !"FULLTEXT".equalsIgnoreCase(i.type()) && !"SPATIAL".equalsIgnoreCase(i.type())) {
                objects.add(i.table() + "." + i.name() + " (about " + bytes + " bytes in a " + t.rowFormat()
                        + " table: over the 767-byte limit)");
            }
        }
        String prefixes = count(prefixIndexes, "prefix index", "prefix indexes")
                + " (kept: Cutover pre-creates the target tables)";
        if (objects.isEmpty()) {
            return INDEX_LIMITS.passed("every index fits MySQL 8.0's limits; " + prefixes);
        }
        return failed(INDEX_LIMITS, count(objects.size(), "index exceeds", "indexes exceed") + " MySQL 8.0's limits; "
                + prefixes, objects);
    }

    /** The bytes an index part takes, as InnoDB counts them for the key length limit (approximate for non-strings). */
    static long keyBytes(Column col, Long subPart) {
        if (col == null) return 8;
        if (col.maxBytes() != null && col.maxChars() != null && col.maxChars() > 0) {
            long bytesPerChar = Math.max(1, col.maxBytes() / col.maxChars());
            long chars = subPart != null ? subPart : col.maxChars();
            return col.dataType().contains("binary") || col.dataType().contains("blob") ? (subPart != null ? subPart : col.maxBytes())
                    : chars * bytesPerChar;
        }
        return switch (col.dataType()) {
            case "tinyint", "year" -> 1;
            case "smallint", "enum" -> 2;
            case "mediumint", "date", "time" -> 3;
            case "int", "integer", "float", "timestamp" -> 4;
            default -> 8;
        };
    }
}
