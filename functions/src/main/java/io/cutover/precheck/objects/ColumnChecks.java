package io.cutover.precheck.objects;

import static io.cutover.precheck.objects.Rule.count;
import static io.cutover.precheck.objects.Rule.failed;
import static io.cutover.precheck.objects.Rule.manual;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.db.ServerInfo;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.ServerVariables;
import io.cutover.precheck.framework.Severity;
import io.cutover.core.catalog.Catalog.Column;
import io.cutover.core.catalog.Catalog.Index;
import io.cutover.core.catalog.Catalog.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Columns: generated, invisible, ENUM/SET limits, defaults, comments, partially supported types, old formats. */
final class ColumnChecks {
    static final CheckDefinition GENERATED = new CheckDefinition("so-generated-columns",
            "Generated columns are handled", Severity.BLOCKER,
            "A generated (VIRTUAL or STORED) column takes no value: a value DMS wrote into it would be refused by the "
                    + "target, and on a target where it is a plain column it would hold copies instead of computed "
                    + "values. Whether DMS skips generated columns of a MySQL source by itself is not documented "
                    + "(https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.MySQL.html). Cutover's schema phase "
                    + "creates these columns as generated on the target, and its DMS table mappings remove each of them "
                    + "from the replicated columns (a remove-column transformation rule per column, "
                    + "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TableMapping.SelectionTransformation.Transformations.html), "
                    + "so the target computes them; the validation compares their values on both sides. Expressions "
                    + "using functions whose behaviour changed in 8.0 (CAST, CONVERT) may compute other values.",
            "Nothing to add to the mappings: Cutover builds the rules. Review the expressions listed for functions whose "
                    + "behaviour differs on Aurora MySQL 3; a difference shows in the validation report.");
    static final CheckDefinition INVISIBLE = new CheckDefinition("so-invisible-columns-gipk",
            "No invisible columns or generated invisible primary keys", Severity.BLOCKER,
            "DMS does not migrate the data of INVISIBLE columns. A generated invisible primary key (GIPK, my_row_id, "
                    + "MySQL 8.0.30+) is the table's only key: the target gets the rows without their key values, and CDC "
                    + "cannot find the rows to update. With sql_generate_invisible_primary_key=ON, every new table "
                    + "without a key gets one.",
            "Make the columns visible before the migration: ALTER TABLE t ALTER COLUMN c SET VISIBLE (MySQL), "
                    + "ALTER TABLE t MODIFY c <type> (MariaDB, without INVISIBLE); for GIPK tables, "
                    + "ALTER TABLE t ALTER COLUMN my_row_id SET VISIBLE. Turn sql_generate_invisible_primary_key OFF "
                    + "during the migration.");
    static final CheckDefinition ENUM_SET_LENGTH = new CheckDefinition("so-enum-set-element-length",
            "ENUM and SET elements are at most 255 characters", Severity.BLOCKER,
            "MySQL 8.0 refuses ENUM or SET elements longer than 255 characters: the table cannot be created on the target.",
            "Shorten the elements, or change the column to VARCHAR with a CHECK constraint or a lookup table, on the source.");
    static final CheckDefinition CANNOT_HAVE_DEFAULTS = new CheckDefinition("so-columns-cannot-have-defaults",
            "BLOB, TEXT, JSON and spatial columns have no literal default", Severity.BLOCKER,
            "MySQL 8.0 refuses a literal DEFAULT on BLOB, TEXT, JSON and spatial columns (MariaDB and lax 5.7 modes "
                    + "accept it); only an expression default in parentheses is allowed (8.0.13+). The table cannot be "
                    + "created on the target.",
            "Drop the default on the source (ALTER TABLE t ALTER COLUMN c DROP DEFAULT) and let the application supply "
                    + "the value, or create the target column with an expression default, e.g. DEFAULT ('').");
    static final CheckDefinition ZERO_DATE_DEFAULTS = new CheckDefinition("so-zero-date-defaults",
            "No zero-date column defaults", Severity.BLOCKER,
            "A DATE, DATETIME or TIMESTAMP default of '0000-00-00' (or a zero month or day) is refused by Aurora's "
                    + "strict sql_mode (NO_ZERO_DATE, NO_ZERO_IN_DATE): the table cannot be created on the target.",
            "Change the default on the source (e.g. DEFAULT NULL, or a real date such as '1970-01-01') after checking "
                    + "how the application uses it; existing zero values are reported by dc-zero-invalid-dates.");
    static final CheckDefinition UTF8MB3_COMMENTS = new CheckDefinition("so-utf8mb3-comments",
            "Comments hold no 4-byte characters under utf8mb3", Severity.BLOCKER,
            "Metadata is utf8mb3 on 5.7; comments that contain 4-byte characters (emoji, some CJK) are invalid there and "
                    + "MySQL 8.0 validates metadata strictly: the tables cannot be created or upgraded.",
            "Rewrite the table, column or index comments without 4-byte characters on the source "
                    + "(ALTER TABLE … COMMENT '…', ALTER TABLE … MODIFY c … COMMENT '…').");
    static final CheckDefinition PARTIALLY_SUPPORTED = new CheckDefinition("dt-partially-supported-types",
            "Partially supported data types are reviewed", Severity.WARNING,
            "DMS carries ENUM and SET as strings, BIT as booleans or bytes, YEAR as integers, spatial types as BLOBs "
                    + "and JSON as CLOBs. Cutover pre-creates the target columns with the source types, so the values "
                    + "arrive, but edge cases (BIT(>1), invalid ENUM values, JSON formatting, spatial SRIDs) must be "
                    + "checked. MariaDB's JSON is LONGTEXT and stays LONGTEXT on the target.",
            "Review the columns listed with the application owners; compare sample values after the full load "
                    + "(DMS validation or Cutover's checksums).");
    static final CheckDefinition COLLATION_0900 = new CheckDefinition("dt-collation-0900",
            "utf8mb4_0900 collations and the DMS engine", Severity.INFO,
            "An early DMS MySQL driver could not handle utf8mb4_0900_bin; it was fixed by a driver upgrade in later DMS "
                    + "engine versions. The servers cannot tell which DMS engine version the task will use.",
            "Use a current DMS engine version (3.5.x or later) for the replication instance.");
    static final CheckDefinition OLD_FORMATS = new CheckDefinition("dt-old-formats",
            "No pre-5.6.4 temporal formats", Severity.INFO,
            "Temporal columns in the pre-5.6.4 format (and spatial columns from 5.6) block an in-place upgrade of the "
                    + "source. DMS rewrites the data, so the migration itself works, but the source could not be "
                    + "upgraded or used for an in-place rollback plan.",
            "Rebuild the tables on the source (ALTER TABLE t FORCE) when convenient.");

    private ColumnChecks() {}

    static List<Rule<SourceView>> rules() {
        return List.of(
                new Rule<>(GENERATED, ColumnChecks::generated),
                new Rule<>(INVISIBLE, ColumnChecks::invisible),
                new Rule<>(ENUM_SET_LENGTH, ColumnChecks::enumSetLength),
                new Rule<>(CANNOT_HAVE_DEFAULTS, ColumnChecks::cannotHaveDefaults),
                new Rule<>(ZERO_DATE_DEFAULTS, ColumnChecks::zeroDateDefaults),
                new Rule<>(UTF8MB3_COMMENTS, ColumnChecks::utf8mb3Comments),
                new Rule<>(PARTIALLY_SUPPORTED, ColumnChecks::partiallySupported),
                new Rule<>(COLLATION_0900, ColumnChecks::collation0900),
                new Rule<>(OLD_FORMATS, ColumnChecks::oldFormats));
    }

    static CheckResult generated(SourceView v) {
        List<Column> generated = v.source().baseTableColumns().stream().filter(Column::isGenerated).toList();
        if (generated.isEmpty()) {
            return GENERATED.passed("no generated column");
        }
        List<String> objects = generated.stream().map(c -> c.ref() + " (" + c.extra().trim() + " AS "
                + abbreviate(c.generationExpression(), 80) + ")").toList();
        return failed(GENERATED, Severity.WARNING, count(generated.size(), "generated column", "generated columns")
                + ": Cutover creates them as generated on the target and keeps them out of the columns DMS replicates "
                + "(one remove-column rule each in the table mappings): the target computes them", objects);
    }

    static CheckResult invisible(SourceView v) {
        Catalog c = v.source();
        Map<TableRef, List<Index>> indexes = c.indexesByTable();
        List<String> gipk = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (Column col : c.baseTableColumns()) {
            if (!col.isInvisible()) continue;
            boolean primary = indexes.getOrDefault(col.table(), List.of()).stream()
                    .anyMatch(i -> i.isPrimary() && i.columnNames().equals(List.of(col.name())));
            if (primary && col.isAutoIncrement()) {
                gipk.add(col.ref() + " (invisible primary key" + ("my_row_id".equals(col.name()) ? ", generated (GIPK)" : "") + ")");
            } else {
                other.add(col.ref() + " (invisible column)");
            }
        }
        String generateGipk = c.variables(List.of("sql_generate_invisible_primary_key"))
                .get("sql_generate_invisible_primary_key");
        boolean generating = ServerVariables.on(generateGipk);
        String variable = generating ? "; sql_generate_invisible_primary_key = ON: new tables without a key get one" : "";
        List<String> objects = new ArrayList<>(gipk);
        objects.addAll(other);
        if (!gipk.isEmpty()) {
            return failed(INVISIBLE, Severity.BLOCKER, count(gipk.size(), "table has", "tables have")
                    + " an invisible primary key DMS would not migrate"
                    + (other.isEmpty() ? "" : "; " + count(other.size(), "other invisible column", "other invisible columns"))
                    + variable, objects);
        }
        if (!other.isEmpty() || generating) {
            return failed(INVISIBLE, Severity.WARNING, (other.isEmpty() ? "no invisible column"
                    : count(other.size(), "invisible column", "invisible columns") + " whose data DMS would not migrate")
                    + variable, objects);
        }
        return INVISIBLE.passed("no invisible column" + (generateGipk == null ? "" : "; sql_generate_invisible_primary_key = " + generateGipk));
    }

    static CheckResult enumSetLength(SourceView v) {
        List<String> objects = new ArrayList<>();
        List<String> unparsed = new ArrayList<>();
        for (Column col : v.source().baseTableColumns()) {
            if (!col.dataType().equals("enum") && !col.dataType().equals("set")) continue;
            try {
                List<String> tooLong = EnumSetElements.tooLong(col.columnType());
                if (!tooLong.isEmpty()) {
                    int longest = tooLong.stream().mapToInt(e -> e.codePointCount(0, e.length())).max().orElse(0);
                    objects.add(col.ref() + " (" + count(tooLong.size(), "element", "elements") + " over 255 characters, longest "
                            + longest + ")");
                }
            } catch (IllegalArgumentException e) {
                unparsed.add(col.ref() + " (type not understood: " + abbreviate(col.columnType(), 60) + ")");
            }
        }
        if (!objects.isEmpty()) {
            objects.addAll(unparsed);
            return failed(ENUM_SET_LENGTH, count(objects.size() - unparsed.size(), "ENUM/SET column has", "ENUM/SET columns have")
                    + " elements over 255 characters", objects);
        }
        if (!unparsed.isEmpty()) {
            return manual(ENUM_SET_LENGTH, count(unparsed.size(), "ENUM/SET type", "ENUM/SET types")
                    + " could not be read: check their elements by hand", unparsed);
        }
        return ENUM_SET_LENGTH.passed("no ENUM or SET element over 255 characters");
    }

    static CheckResult cannotHaveDefaults(SourceView v) {
        boolean mariaDb = v.source().server().isMariaDb();
        List<String> objects = new ArrayList<>();
        for (Column col : v.source().baseTableColumns()) {
            boolean restricted = Column.BLOB_TEXT_TYPES.contains(col.dataType()) || col.dataType().equals("json") || col.isSpatial();
            String d = col.defaultValue();
            if (!restricted || d == null) continue;
            if (mariaDb) {
                // MariaDB shows no default as NULL, DEFAULT NULL as 'NULL', a literal quoted, an expression bare.
                if (d.equalsIgnoreCase("NULL")) continue;
                boolean literal = d.startsWith("'");
                objects.add(col.ref() + " (" + col.dataType() + " DEFAULT " + abbreviate(d, 40)
                        + (literal ? ": a literal" : ": an expression, which MySQL needs in parentheses") + ")");
            } else if (!col.hasExpressionDefault()) {
                objects.add(col.ref() + " (" + col.dataType() + " DEFAULT '" + abbreviate(d, 40) + "')");
            }
        }
        if (objects.isEmpty()) {
            return CANNOT_HAVE_DEFAULTS.passed("no BLOB, TEXT, JSON or spatial column has a literal default");
        }
        return failed(CANNOT_HAVE_DEFAULTS, count(objects.size(), "column has", "columns have")
                + " a default MySQL 8.0 refuses", objects);
    }

    /** '0000-00-00…', or a zero month or day: {@code 2020-00-10}, {@code 2020-01-00}. */
    private static final Pattern ZERO_DATE = Pattern.compile("^'?(0000-00-00|\\d{4}-00-\\d{2}|\\d{4}-\\d{2}-00)");

    static CheckResult zeroDateDefaults(SourceView v) {
        List<String> objects = v.source().baseTableColumns().stream()
                .filter(c -> Column.DATE_TYPES.contains(c.dataType()) && c.defaultValue() != null
                        && ZERO_DATE.matcher(c.defaultValue().trim()).find())
                .map(c -> c.ref() + " (" + c.dataType() + " DEFAULT " + c.defaultValue() + ")")
                .toList();
        if (objects.isEmpty()) {
            return ZERO_DATE_DEFAULTS.passed("no DATE, DATETIME or TIMESTAMP column defaults to a zero date");
        }
        return failed(ZERO_DATE_DEFAULTS, count(objects.size(), "column defaults", "columns default")
                + " to a zero date", objects);
    }

    static CheckResult utf8mb3Comments(SourceView v) {
        Catalog c = v.source();
        List<String> objects = new ArrayList<>();
        c.tables().stream().filter(Catalog.Table::commentHasNonBmp).forEach(t -> objects.add(t.ref() + " (table comment)"));
        c.columns().stream().filter(Column::commentHasNonBmp).forEach(col -> objects.add(col.ref() + " (column comment)"));
        c.indexes().stream().filter(Index::commentHasNonBmp).forEach(i -> objects.add(i.table() + "." + i.name() + " (index comment)"));
        if (objects.isEmpty()) {
            return UTF8MB3_COMMENTS.passed("no table, column or index comment holds a 4-byte character");
        }
        return failed(UTF8MB3_COMMENTS, count(objects.size(), "comment holds", "comments hold")
                + " 4-byte characters, invalid in utf8mb3 metadata", objects);
    }

    static CheckResult partiallySupported(SourceView v) {
        Catalog c = v.source();
        boolean mariaDb = c.server().isMariaDb();
        Map<String, Integer> byType = new TreeMap<>();
        List<String> objects = new ArrayList<>();
        for (Column col : c.baseTableColumns()) {
            String kind = switch (col.dataType()) {
                case "enum", "set", "bit", "year", "json" -> col.dataType().toUpperCase(Locale.ROOT);
                default -> col.isSpatial() ? "spatial" : null;
            };
            if (mariaDb && "longtext".equals(col.dataType()) && "utf8mb4_bin".equals(col.collation())) {
                // MariaDB's JSON is an alias: LONGTEXT with utf8mb4_bin (and a json_valid CHECK); the collation is the sign.
                kind = "JSON (MariaDB LONGTEXT utf8mb4_bin)";
            }
            if (kind == null) continue;
            byType.merge(kind, 1, Integer::sum);
            objects.add(col.ref() + " (" + abbreviate(col.columnType(), 60) + ")");
        }
        if (objects.isEmpty()) {
            return PARTIALLY_SUPPORTED.passed("no ENUM, SET, BIT, YEAR, JSON or spatial column");
        }
        return failed(PARTIALLY_SUPPORTED, count(objects.size(), "column has", "columns have") + " a partially supported type: "
                + byType.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")), objects);
    }

    static CheckResult collation0900(SourceView v) {
        List<Column> cols = v.source().baseTableColumns().stream()
                .filter(c -> c.collation() != null && c.collation().startsWith("utf8mb4_0900")).toList();
        if (cols.isEmpty()) {
            return COLLATION_0900.passed("no column uses a utf8mb4_0900 collation");
        }
        Map<String, Long> byCollation = cols.stream().collect(Collectors.groupingBy(Column::collation, TreeMap::new, Collectors.counting()));
        return manual(COLLATION_0900, count(cols.size(), "column uses", "columns use") + " utf8mb4_0900 collations ("
                + byCollation.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                + "): the servers cannot show the DMS engine version; confirm it is current",
                cols.stream().map(c -> c.ref() + " (" + c.collation() + ")").toList());
    }

    static CheckResult oldFormats(SourceView v) {
        Catalog c = v.source();
        ServerInfo server = c.server();
        List<String> objects = c.baseTableColumns().stream()
                .filter(col -> col.columnType() != null && (col.columnType().contains("5.5 binary format")
                        || col.columnType().toLowerCase(Locale.ROOT).contains("mariadb-5.3")))
                .map(col -> col.ref() + " (" + col.columnType() + ")")
                .toList();
        if (!objects.isEmpty()) {
            return failed(OLD_FORMATS, count(objects.size(), "temporal column is", "temporal columns are")
                    + " in the pre-5.6.4 format", objects);
        }
        if (!server.isMariaDb() && server.major() >= 8) {
            return OLD_FORMATS.passed("the source is " + server.describe() + ": old temporal formats cannot exist");
        }
        return OLD_FORMATS.passed("no temporal column in the pre-5.6.4 format; 5.6 spatial formats are not visible "
                + "through SQL and do not matter to a logical migration");
    }

    static String abbreviate(String s, int max) {
        if (s == null) return "";
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > max ? one.substring(0, max) + "…" : one;
    }
}
