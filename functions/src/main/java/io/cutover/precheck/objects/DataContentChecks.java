package io.cutover.precheck.objects;

import static io.cutover.precheck.objects.Rule.count;
import static io.cutover.precheck.objects.Rule.failed;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.Scope;
import io.cutover.core.db.SqlModeFlags;
import io.cutover.core.sql.Sql;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Severity;
import io.cutover.core.catalog.Catalog.Column;
import io.cutover.core.catalog.Catalog.Table;
import io.cutover.core.catalog.Catalog.TableRef;
import io.cutover.precheck.objects.DataSampler.Outcome;
import io.cutover.precheck.objects.DataSampler.Probe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks that read rows: zero and invalid dates, invalid ENUM values, duplicates in keyless tables, row size
 * for batch apply, FLOAT ranges, LOB sizes against the task's LOB settings, TIME ranges and fractional seconds.
 * Only the columns the catalog found are read, from a sample of each table (see {@link ObjectCheckLimits}); each
 * finding says whether the whole table was read. The target session gives the target's sql_mode,
 * max_allowed_packet and LOB column nullability; without it the checks assume Aurora MySQL 3's defaults.
 */
@RunsOn(Side.BOTH)
public final class DataContentChecks implements CheckGroup {
    static final CheckDefinition ZERO_DATES = new CheckDefinition("dc-zero-invalid-dates",
            "No zero or invalid dates that the target rejects", Severity.BLOCKER,
            "A lax source stores '0000-00-00', dates with a zero month or day ('2020-00-10') and, with "
                    + "ALLOW_INVALID_DATES, impossible dates ('2020-02-30'). A target in strict mode (Aurora's default: "
                    + "STRICT_TRANS_TABLES, NO_ZERO_DATE, NO_ZERO_IN_DATE) does not accept them: DMS records zero dates as "
                    + "NULL instead (DMS, source data types for MySQL), which fails on NOT NULL columns or silently changes "
                    + "the data; what DMS does with the other invalid dates is not documented (the rehearsal's engine fails "
                    + "the table).",
            "Fix the values on the source (UPDATE … SET c = NULL or a real date, agreed with the application owners), or "
                    + "run the target with a sql_mode that accepts them for the migration (parameter group), knowing the "
                    + "application will then keep writing them.");
    static final CheckDefinition LAX_DATA = new CheckDefinition("dc-lax-mode-legacy-data",
            "No values that only a lax sql_mode accepted", Severity.WARNING,
            "A non-strict source stored invalid ENUM values as '' (index 0). DMS loads MySQL targets with LOAD DATA, which "
                    + "under a strict target drops or alters such rows without reporting them in the task log: row counts "
                    + "come up short with no error.",
            "Correct the values on the source (UPDATE t SET c = <valid value or NULL> WHERE c + 0 = 0), then compare row "
                    + "counts after the full load.");
    static final CheckDefinition DUPLICATES = new CheckDefinition("dc-duplicate-rows-keyless",
            "No identical rows in tables without a key", Severity.WARNING,
            "In a table without a primary or unique key, DMS applies a CDC UPDATE or DELETE to a row it finds by all its "
                    + "values: with identical rows it cannot tell which one, and deletes go missing or duplicates appear on "
                    + "the target.",
            "Remove the duplicates and add a primary key on the source (so-no-pk-or-uk), or accept that these tables are "
                    + "compared by row count only.");
    static final CheckDefinition ROW_SIZE = new CheckDefinition("dc-row-size-batch-apply",
            "Rows fit DMS batch apply", Severity.WARNING,
            "With BatchApplyEnabled, DMS stores the changes of a batch in a net-changes table on the target; rows wider "
                    + "than 65,535 bytes do not fit it and the batch falls back to one-by-one apply.",
            "Turn batch apply off (dms.taskSettings.TargetMetadata.BatchApplyEnabled = false), or move the wide tables to a "
                    + "task of their own.");
    static final CheckDefinition FLOAT_RANGE = new CheckDefinition("dt-float-range",
            "FLOAT and DOUBLE values are within the range DMS carries", Severity.INFO,
            "DMS carries FLOAT/DOUBLE values within ±2.23E-308 … ±1.79E+308 (and 0); others need a transformation to a "
                    + "string. Floating-point values are approximate, so value-by-value validation may report mismatches "
                    + "that are only rounding.",
            "Map out-of-range columns to a string type with a transformation rule; expect and review rounding mismatches "
                    + "in validation.");
    static final CheckDefinition LOB_SIZING = new CheckDefinition("dt-lob-mode-sizing",
            "LOB columns fit the task's LOB settings", Severity.BLOCKER,
            "In limited LOB mode DMS truncates every LOB larger than LobMaxSize and only logs a warning (silent data "
                    + "loss). With SupportLobs off the LOB columns are not migrated at all. Full and inline LOB modes "
                    + "write the row first and the LOB afterwards, so the target LOB columns must be nullable. A LOB "
                    + "larger than the target's max_allowed_packet cannot be written.",
            "Set LobMaxSize above the largest LOB (at most 100 MB in limited mode), or use full LOB mode for these "
                    + "tables; make target LOB columns nullable during the migration in full or inline mode; raise "
                    + "max_allowed_packet on the target above the largest LOB.");
    static final CheckDefinition TEMPORAL = new CheckDefinition("dt-temporal-precision",
            "Fractional seconds and TIME values survive DMS", Severity.WARNING,
            "On a MySQL target DMS does not replicate the fractional part of TIME values, and caps TIME values outside "
                    + "00:00:00–23:59:59 unless it loads with CSV. DATETIME/TIMESTAMP with 1–6 fractional digits are "
                    + "carried (verify 6 digits with validation).",
            "Compare TIME(fsp) and out-of-range TIME values after the full load; change TIME intervals over a day to "
                    + "another representation (seconds as INT) if they must survive; enable validation for DATETIME(6).");

    static final List<CheckDefinition> DEFINITIONS = List.of(ZERO_DATES, LAX_DATA, DUPLICATES, ROW_SIZE, FLOAT_RANGE,
            LOB_SIZING, TEMPORAL);

    /** Widest row batch apply can hold in its net-changes table. */
    static final long BATCH_APPLY_ROW_BYTES = 65_535;
    private static final double FLOAT_MIN = 2.23e-308;
    private static final double FLOAT_MAX = 1.79e308;

    private final ObjectCheckLimits limits;

    public DataContentChecks() {
        this(ObjectCheckLimits.defaults());
    }

    public DataContentChecks(ObjectCheckLimits limits) {
        this.limits = limits;
    }

    // ---------------------------------------------------------------------------------------------- planning

    enum Measure { DATES, ENUM, TIME, FLOAT, LOB, ROW_SIZE }

    /** Which expressions of a table's profile probe measure what, for which column. */
    record Slot(Measure measure, Column column, int first) {}

    /** A table's sample: its probe, what each slot measures, and the duplicate-groups probe of keyless tables. */
    record TablePlan(Table table, Probe profile, List<Slot> slots, int limit, Probe duplicates, int duplicatesLimit) {}

    /** Everything the data rules decide from. */
    record DataView(Catalog source, Catalog target, DmsTaskSettings settings, ObjectCheckLimits limits,
                    Map<TableRef, TablePlan> plans, Map<Probe, Outcome> outcomes) {

        List<String> values(TablePlan plan) {
            Outcome o = outcomes.get(plan.profile());
            return o == null || !o.ok() ? null : o.values();
        }

        long rowsRead(TablePlan plan) {
            List<String> v = values(plan);
            return v == null ? -1 : parseLong(v.get(0));
        }

        boolean complete(TablePlan plan) {
            long read = rowsRead(plan);
            return read >= 0 && read < plan.limit();
        }

        String failure(TablePlan plan) {
            Outcome o = outcomes.get(plan.profile());
            return o == null ? "not read" : o.failure();
        }
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        if (context.source() == null) {
            throw new IllegalStateException("this check group needs the source session");
        }
        Scope scope = new Scope(context.config().schemas());
        Catalog source = Catalog.of(context.source(), scope);
        Catalog target = context.target() == null ? null : Catalog.of(context.target(), scope);
        DmsTaskSettings settings = DmsTaskSettings.of(context.config());
        List<Rule<DataView>> rules = List.of(
                new Rule<>(ZERO_DATES, DataContentChecks::zeroDates),
                new Rule<>(LAX_DATA, DataContentChecks::laxData),
                new Rule<>(DUPLICATES, DataContentChecks::duplicates),
                new Rule<>(ROW_SIZE, DataContentChecks::rowSize),
                new Rule<>(FLOAT_RANGE, DataContentChecks::floatRange),
                new Rule<>(LOB_SIZING, DataContentChecks::lobSizing),
                new Rule<>(TEMPORAL, DataContentChecks::temporal));
        DataView view;
        try {
            Map<TableRef, TablePlan> plans = plan(source, settings, limits);
            List<Probe> probes = new ArrayList<>();
            for (TablePlan p : plans.values()) {
                probes.add(p.profile());
                if (p.duplicates() != null) probes.add(p.duplicates());
            }
            view = new DataView(source, target, settings, limits, plans,
                    new DataSampler(context.source(), source.server(), limits, System::nanoTime).run(probes));
        } catch (io.cutover.core.error.TransientDatabaseException e) {
            throw e;
        } catch (io.cutover.core.error.CutoverException e) {
            // The catalog could not be read: no data check can run; each says so.
            return rules.stream().map(r -> r.definition().couldNotCheck(e.getMessage())).toList();
        }
        return Rule.runAll(rules, view);
    }

    /** One profile probe per base table that has something to measure; a duplicates probe per keyless table. */
    static Map<TableRef, TablePlan> plan(Catalog source, DmsTaskSettings settings, ObjectCheckLimits limits) {
        Map<TableRef, List<Column>> columns = source.columnsByTable();
        Set<TableRef> keyless = source.tablesWithoutRowKey().stream().map(Table::ref).collect(Collectors.toSet());
        boolean measureLobs = settings.lobMode() == DmsTaskSettings.LobMode.LIMITED;
        boolean batchApply = settings.batchApply();
        long lobLimitBytes = settings.lobMaxSizeKb() * 1024;
        Map<TableRef, TablePlan> plans = new LinkedHashMap<>();
        for (Table t : source.baseTables()) {
            List<Column> cols = columns.getOrDefault(t.ref(), List.of());
            List<String> exprs = new ArrayList<>(List.of("COUNT(*)"));
            List<Slot> slots = new ArrayList<>();
            List<Column> read = new ArrayList<>();
            for (Column c : cols) {
                String q = "s." + Sql.quote(c.name());
                int first = exprs.size();
                if (Column.DATE_TYPES.contains(c.dataType())) {
                    String bad = "MONTH(" + q + ") = 0 OR DAYOFMONTH(" + q + ") = 0 OR LAST_DAY(" + q + ") IS NULL OR DAYOFMONTH("
                            + q + ") > DAYOFMONTH(LAST_DAY(" + q + "))";
                    exprs.add("SUM(CASE WHEN CAST(" + q + " AS CHAR) LIKE '0000-00-00%' THEN 1 ELSE 0 END)");
                    exprs.add("SUM(CASE WHEN CAST(" + q + " AS CHAR) NOT LIKE '0000-00-00%' AND (MONTH(" + q + ") = 0 OR DAYOFMONTH("
                            + q + ") = 0) THEN 1 ELSE 0 END)");
                    exprs.add("SUM(CASE WHEN MONTH(" + q + ") > 0 AND DAYOFMONTH(" + q + ") > 0 AND (LAST_DAY(" + q
                            + ") IS NULL OR DAYOFMONTH(" + q + ") > DAYOFMONTH(LAST_DAY(" + q + "))) THEN 1 ELSE 0 END)");
                    exprs.add("MIN(CASE WHEN " + q + " IS NOT NULL AND (" + bad + ") THEN CAST(" + q + " AS CHAR) END)");
                    slots.add(new Slot(Measure.DATES, c, first));
                } else if (c.dataType().equals("enum")) {
                    exprs.add("SUM(CASE WHEN " + q + " + 0 = 0 THEN 1 ELSE 0 END)");
                    slots.add(new Slot(Measure.ENUM, c, first));
                } else if (c.dataType().equals("time")) {
                    exprs.add("SUM(CASE WHEN " + q + " < '00:00:00' OR " + q + " >= '24:00:00' THEN 1 ELSE 0 END)");
                    exprs.add("MIN(" + q + ")");
                    exprs.add("MAX(" + q + ")");
                    slots.add(new Slot(Measure.TIME, c, first));
                } else if (c.dataType().equals("float") || c.dataType().equals("double") || c.dataType().equals("real")) {
                    exprs.add("MIN(" + q + ")");
                    exprs.add("MAX(" + q + ")");
                    exprs.add("MIN(CASE WHEN " + q + " <> 0 THEN ABS(" + q + ") END)");
                    slots.add(new Slot(Measure.FLOAT, c, first));
                } else if (c.isLob() && measureLobs) {
                    exprs.add("MAX(LENGTH(" + q + "))");
                    exprs.add("SUM(CASE WHEN LENGTH(" + q + ") > " + lobLimitBytes + " THEN 1 ELSE 0 END)");
                    slots.add(new Slot(Measure.LOB, c, first));
                } else {
                    continue;
                }
                read.add(c);
            }
            if (batchApply && maxRowBytes(cols) > BATCH_APPLY_ROW_BYTES) {
                slots.add(new Slot(Measure.ROW_SIZE, null, exprs.size()));
                exprs.add("MAX(" + cols.stream().map(c -> "COALESCE(LENGTH(s." + Sql.quote(c.name()) + "), 0)")
                        .collect(Collectors.joining(" + ")) + ")");
                read = cols;
            }
            boolean isKeyless = keyless.contains(t.ref());
            if (slots.isEmpty() && !isKeyless) {
                continue;
            }
            // Reading a BLOB/TEXT value reads all of it: such samples are smaller and go alone.
            int limit = readsLargeValues(read) ? limits.lobSampleRows() : limits.sampleRows();
            Probe profile = new Probe(t.ref(), exprs, sample(t, read, limit), readsLargeValues(read));
            Probe duplicates = null;
            int duplicatesLimit = readsLargeValues(cols) ? limits.lobSampleRows() : limits.sampleRows();
            if (isKeyless && !cols.isEmpty()) {
                String groupBy = cols.stream().map(c -> (c.isLob() || Column.BLOB_TEXT_TYPES.contains(c.dataType()))
                        ? "MD5(s." + Sql.quote(c.name()) + ")" : "s." + Sql.quote(c.name())).collect(Collectors.joining(", "));
                duplicates = new Probe(t.ref(), List.of("COUNT(*)", "COALESCE(SUM(d.n), 0)"), "(SELECT COUNT(*) AS n FROM "
                        + sample(t, cols, duplicatesLimit) + " GROUP BY " + groupBy + " HAVING COUNT(*) > 1) AS d", true);
            }
            plans.put(t.ref(), new TablePlan(t, profile, slots, limit, duplicates, duplicatesLimit));
        }
        return plans;
    }

    /** {@code (SELECT cols FROM t LIMIT n) AS s}: the first rows of the table, in primary key order for InnoDB. */
    private static String sample(Table t, List<Column> columns, int limit) {
        String list = columns.isEmpty() ? "1 as one" : columns.stream().map(c -> Sql.quote(c.name())).collect(Collectors.joining(", "));
        return "(SELECT " + list + " FROM " + Sql.qualified(t.ref().schema(), t.ref().table()) + " LIMIT " + limit + ") AS s";
    }

    private static boolean readsLargeValues(List<Column> columns) {
        return columns.stream().anyMatch(c -> c.isLob() || Column.BLOB_TEXT_TYPES.contains(c.dataType()));
    }

    /** The widest a row can be, from the column definitions (LOBs at their maximum). */
    static long maxRowBytes(List<Column> columns) {
        long total = 0;
        for (Column c : columns) {
            total += c.maxBytes() != null ? c.maxBytes() : TableChecks.keyBytes(c, null);
        }
        return total;
    }

    // ---------------------------------------------------------------------------------------------- rules

    /** Findings of one measure over all tables, with what could not be read and what was only sampled. */
    private record Sweep(List<String> findings, List<String> unread, List<String> sampled, int tables, List<String> reasons) {}

    /**
     * Builds a Sweep table by table, so that every data check counts tables, unread tables and samples the same
     * way. Only the first two distinct reasons a table could not be read are kept: the message names them, and
     * more would repeat the same failure table after table.
     */
    private static final class Tally {
        private final List<String> findings = new ArrayList<>();
        private final List<String> unread = new ArrayList<>();
        private final List<String> sampled = new ArrayList<>();
        private final List<String> reasons = new ArrayList<>();
        private int tables;

        void table() {
            tables++;
        }

        void unread(TablePlan plan, String why) {
            unread.add(plan.table().ref() + " (" + why + ")");
            if (!reasons.contains(why) && reasons.size() < 2) reasons.add(why);
        }

        void sampled(TablePlan plan) {
            sampled.add(plan.table().ref().toString());
        }

        void finding(String finding) {
            if (finding != null) findings.add(finding);
        }

        Sweep sweep() {
            return new Sweep(findings, unread, sampled, tables, reasons);
        }
    }

    /** What one slot of one table's profile shows: a finding, or null. */
    @FunctionalInterface
    private interface Finder {
        String find(TablePlan plan, Slot slot, List<String> values);
    }

    private static Sweep sweep(DataView v, Measure measure, Finder finder) {
        Tally tally = new Tally();
        for (TablePlan plan : v.plans().values()) {
            List<Slot> slots = plan.slots().stream().filter(s -> s.measure() == measure).toList();
            if (slots.isEmpty()) continue;
            tally.table();
            List<String> values = v.values(plan);
            if (values == null) {
                tally.unread(plan, v.failure(plan));
                continue;
            }
            if (!v.complete(plan)) tally.sampled(plan);
            for (Slot s : slots) {
                tally.finding(finder.find(plan, s, values));
            }
        }
        return tally.sweep();
    }

    /**
     * The common shape of a data check's result: findings fail it; nothing found but tables unread means
     * "could not check"; nothing found in a sample means a blocker check needs confirming, a warning passes with
     * the sample stated.
     */
    private static CheckResult conclude(CheckDefinition d, DataView v, Sweep s, Severity severity, String failedText,
                                        String nothing, String confirmQuery) {
        String coverage = coverage(v, s);
        if (!s.findings().isEmpty()) {
            List<String> objects = new ArrayList<>(s.findings());
            objects.addAll(s.unread());
            return failed(d, severity, failedText + coverage, objects);
        }
        if (!s.unread().isEmpty()) {
            return Rule.couldNotCheck(d, s.unread().size() + " of " + count(s.tables(), "table", "tables")
                    + " could not be read (" + String.join("; ", s.reasons()) + ")"
                    + (s.unread().size() < s.tables() ? "; " + nothing + " in the others" + coverage : ""), s.unread());
        }
        if (!s.sampled().isEmpty() && d.severity() == Severity.BLOCKER) {
            return Rule.manual(d, nothing + " in the rows read" + coverage + "; confirm on the sampled tables with "
                    + confirmQuery, s.sampled());
        }
        return d.passed(nothing + coverage);
    }

    private static String coverage(DataView v, Sweep s) {
        int read = s.tables() - s.unread().size();
        if (read <= 0) return "";
        if (s.sampled().isEmpty()) {
            return " (" + count(read, "table", "tables") + " read in full)";
        }
        return " (" + count(read, "table", "tables") + " read; " + count(s.sampled().size(), "table has", "tables have")
                + " more rows than the sample of " + v.limits().sampleRows() + " (tables with BLOB/TEXT values " + v.limits().lobSampleRows()
                + ") and " + (s.sampled().size() == 1 ? "was" : "were") + " only sampled: " + abbreviateList(s.sampled()) + ")";
    }

    private static String abbreviateList(List<String> items) {
        return items.size() <= 5 ? String.join(", ", items) : String.join(", ", items.subList(0, 5)) + ", …";
    }

    static CheckResult zeroDates(DataView v) {
        String targetMode = targetVariable(v, "sql_mode");
        String mode = targetMode != null ? targetMode : "STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";
        boolean[] rejected = {false};
        Sweep s = sweep(v, Measure.DATES, (plan, slot, values) -> {
            long zero = parseLong(values.get(slot.first()));
            long zeroIn = parseLong(values.get(slot.first() + 1));
            long invalid = parseLong(values.get(slot.first() + 2));
            if (zero + zeroIn + invalid == 0) return null;
            if ((zero > 0 && SqlModeFlags.rejectsZeroDates(mode)) || (zeroIn > 0 && SqlModeFlags.rejectsZeroInDates(mode))
                    || (invalid > 0 && SqlModeFlags.rejectsInvalidDates(mode))) {
                rejected[0] = true;
            }
            List<String> parts = new ArrayList<>();
            if (zero > 0) parts.add(zero + " zero");
            if (zeroIn > 0) parts.add(zeroIn + " with a zero month or day");
            if (invalid > 0) parts.add(invalid + " impossible");
            return slot.column().ref() + " (" + String.join(", ", parts) + ", e.g. " + values.get(slot.first() + 3) + ")";
        });
        String modeText = targetMode != null ? "the target's sql_mode " + targetMode
                : "Aurora MySQL 3's default sql_mode (the target session was not given to this check group)";
        Severity severity = rejected[0] ? Severity.BLOCKER : Severity.WARNING;
        String failedText = count(s.findings().size(), "date column holds", "date columns hold") + " zero or invalid dates; "
                + modeText + (rejected[0] ? " rejects them: DMS would write NULL for zero dates (other invalid dates: not documented)" : " accepts them, Aurora's default does not");
        return conclude(ZERO_DATES, v, s, severity, failedText, "no zero or invalid date", "SELECT COUNT(*) FROM t WHERE MONTH(c) = 0 OR DAYOFMONTH(c) = 0 "
                + "OR DAYOFMONTH(c) > DAYOFMONTH(LAST_DAY(c)) per DATE/DATETIME/TIMESTAMP column");
    }

    static CheckResult laxData(DataView v) {
        Sweep s = sweep(v, Measure.ENUM, (plan, slot, values) -> {
            long bad = parseLong(values.get(slot.first()));
            return bad == 0 ? null : slot.column().ref() + " (" + bad + " invalid '' value" + (bad == 1 ? "" : "s") + ")";
        });
        return conclude(LAX_DATA, v, s, LAX_DATA.severity(), count(s.findings().size(), "ENUM column holds", "ENUM columns hold")
                + " the invalid value '' that only a lax sql_mode accepted", "no invalid ENUM value", "SELECT COUNT(*) FROM t WHERE c + 0 = 0");
    }

    static CheckResult duplicates(DataView v) {
        Tally tally = new Tally();
        for (TablePlan plan : v.plans().values()) {
            if (plan.duplicates() == null) continue;
            tally.table();
            Outcome o = v.outcomes().get(plan.duplicates());
            if (o == null || !o.ok()) {
                tally.unread(plan, o == null ? "not read" : o.failure());
                continue;
            }
            long read = v.rowsRead(plan);
            if (read < 0 || read >= plan.duplicatesLimit()) tally.sampled(plan);
            long groups = parseLong(o.values().get(0));
            long rows = parseLong(o.values().get(1));
            if (groups > 0) {
                tally.finding(plan.table().ref() + " (" + count((int) groups, "group", "groups") + " of identical rows, " + rows + " rows)");
            }
        }
        Sweep s = tally.sweep();
        return conclude(DUPLICATES, v, s, DUPLICATES.severity(), count(s.findings().size(), "keyless table holds",
                "keyless tables hold") + " identical rows", s.tables() == 0 ? "no table without a key"
                : "no identical rows in the tables without a key", "");
    }

    static CheckResult rowSize(DataView v) {
        if (!v.settings().batchApply()) {
            return ROW_SIZE.passed(v.settings().describe("TargetMetadata", "BatchApplyEnabled") + ": row width does not matter");
        }
        Sweep s = sweep(v, Measure.ROW_SIZE, (plan, slot, values) -> {
            long widest = parseLong(values.get(slot.first()));
            return widest > BATCH_APPLY_ROW_BYTES ? plan.table().ref() + " (a row of " + widest + " bytes)" : null;
        });
        String batch = v.settings().describe("TargetMetadata", "BatchApplyEnabled");
        return conclude(ROW_SIZE, v, s, ROW_SIZE.severity(), count(s.findings().size(), "table has", "tables have")
                + " rows wider than 65,535 bytes; " + batch, batch + ": " + (s.tables() == 0
                ? "no table can hold a row wider than 65,535 bytes" : "no row wider than 65,535 bytes"), "");
    }

    static CheckResult floatRange(DataView v) {
        Sweep s = sweep(v, Measure.FLOAT, (plan, slot, values) -> {
            double min = parseDouble(values.get(slot.first()));
            double max = parseDouble(values.get(slot.first() + 1));
            double smallest = parseDouble(values.get(slot.first() + 2));
            boolean outside = Math.abs(min) > FLOAT_MAX || Math.abs(max) > FLOAT_MAX
                    || (!Double.isNaN(smallest) && smallest > 0 && smallest < FLOAT_MIN);
            return outside ? slot.column().ref() + " (values from " + values.get(slot.first()) + " to " + values.get(slot.first() + 1)
                    + ", smallest magnitude " + values.get(slot.first() + 2) + ")" : null;
        });
        long floatColumns = v.plans().values().stream().flatMap(p -> p.slots().stream()).filter(sl -> sl.measure() == Measure.FLOAT).count();
        return conclude(FLOAT_RANGE, v, s, Severity.INFO, count(s.findings().size(), "column holds", "columns hold")
                + " values outside the range DMS carries", floatColumns == 0 ? "no FLOAT or DOUBLE column"
                : count((int) floatColumns, "FLOAT/DOUBLE column", "FLOAT/DOUBLE columns") + " within the range DMS carries "
                + "(approximate values may still differ in validation)", "");
    }

    static CheckResult lobSizing(DataView v) {
        DmsTaskSettings settings = v.settings();
        List<Column> lobs = v.source().baseTableColumns().stream().filter(Column::isLob).toList();
        String mode = settings.describeLobMode();
        if (lobs.isEmpty()) {
            return LOB_SIZING.passed("no LOB column; " + mode);
        }
        List<String> lobNames = lobs.stream().map(c -> c.ref() + " (" + c.dataType() + ")").toList();
        Long targetPacket = parseLongOrNull(targetVariable(v, "max_allowed_packet"));
        Long sourcePacket = parseLongOrNull(v.source().variables(List.of("max_allowed_packet")).get("max_allowed_packet"));
        switch (settings.lobMode()) {
            case NONE -> {
                return failed(LOB_SIZING, count(lobs.size(), "LOB column is", "LOB columns are") + " not migrated: " + mode, lobNames);
            }
            case FULL, INLINE -> {
                List<String> notNull = new ArrayList<>();
                for (Column c : lobs) {
                    if (!c.nullable()) notNull.add(c.ref() + " (NOT NULL on the source, so on the target Cutover creates)");
                }
                if (v.target() != null) {
                    for (Column c : v.target().baseTableColumns()) {
                        if (c.isLob() && !c.nullable() && notNull.stream().noneMatch(n -> n.startsWith(c.ref() + " "))) {
                            notNull.add(c.ref() + " (NOT NULL on the target)");
                        }
                    }
                }
                if (!notNull.isEmpty()) {
                    return failed(LOB_SIZING, count(notNull.size(), "LOB column is", "LOB columns are") + " NOT NULL, which "
                            + mode + " cannot load (it writes the row first, the LOB after)", notNull);
                }
                return packetCheck(v, lobs.size() + " LOB columns, all nullable; " + mode + " migrates LOBs of any size", sourcePacket, targetPacket, lobNames);
            }
            default -> {
                if (settings.lobMaxSizeKb() > DmsTaskSettings.LIMITED_LOB_MAX_KB) {
                    return failed(LOB_SIZING, settings.describe("TargetMetadata", "LobMaxSize", "KB") + " is above the "
                            + DmsTaskSettings.LIMITED_LOB_MAX_KB + " KB that limited LOB mode allows", lobNames);
                }
                long limitBytes = settings.lobMaxSizeKb() * 1024;
                long[] largest = {0};
                Sweep s = sweep(v, Measure.LOB, (plan, slot, values) -> {
                    long max = parseLong(values.get(slot.first()));
                    long over = parseLong(values.get(slot.first() + 1));
                    largest[0] = Math.max(largest[0], max);
                    return over > 0 ? slot.column().ref() + " (" + over + " value" + (over == 1 ? "" : "s") + " over "
                            + limitBytes + " bytes, largest " + max + ")" : null;
                });
                if (s.findings().isEmpty() && s.unread().isEmpty() && targetPacket != null && largest[0] > targetPacket) {
                    return failed(LOB_SIZING, Severity.BLOCKER, "the largest LOB read is " + largest[0] + " bytes, over the target's "
                            + "max_allowed_packet of " + targetPacket, lobNames);
                }
                return conclude(LOB_SIZING, v, s, Severity.BLOCKER, count(s.findings().size(), "LOB column holds", "LOB columns hold")
                        + " values that " + mode + " would truncate", "no LOB over " + limitBytes + " bytes (" + mode + "), largest "
                        + largest[0] + " bytes", "SELECT MAX(LENGTH(c)) FROM t per LOB column");
            }
        }
    }

    /** In full/inline mode the size only matters against max_allowed_packet: the target must take what the source took. */
    private static CheckResult packetCheck(DataView v, String found, Long sourcePacket, Long targetPacket, List<String> lobNames) {
        if (v.target() == null || targetPacket == null) {
            return LOB_SIZING.passed(found + "; target max_allowed_packet not compared (no target session)");
        }
        if (sourcePacket != null && targetPacket < sourcePacket) {
            return failed(LOB_SIZING, Severity.WARNING, found + "; but the target's max_allowed_packet (" + targetPacket
                    + ") is smaller than the source's (" + sourcePacket + "): a LOB the source accepted may not fit", lobNames);
        }
        return LOB_SIZING.passed(found + "; target max_allowed_packet " + targetPacket
                + (sourcePacket == null ? "" : " ≥ source " + sourcePacket));
    }

    static CheckResult temporal(DataView v) {
        List<Column> fractional = v.source().baseTableColumns().stream()
                .filter(c -> Set.of("time", "datetime", "timestamp").contains(c.dataType())
                        && c.datetimePrecision() != null && c.datetimePrecision() > 0).toList();
        List<String> timeFractions = fractional.stream().filter(c -> c.dataType().equals("time"))
                .map(c -> c.ref() + " (" + c.columnType() + ": fractional part not replicated)").toList();
        long otherFractional = fractional.size() - timeFractions.size();
        Sweep s = sweep(v, Measure.TIME, (plan, slot, values) -> {
            long outside = parseLong(values.get(slot.first()));
            return outside == 0 ? null : slot.column().ref() + " (" + outside + " value" + (outside == 1 ? "" : "s")
                    + " outside 00:00:00-23:59:59, from " + values.get(slot.first() + 1) + " to " + values.get(slot.first() + 2) + ")";
        });
        List<String> findings = new ArrayList<>(timeFractions);
        findings.addAll(s.findings());
        String others = otherFractional == 0 ? "" : "; " + count((int) otherFractional, "DATETIME/TIMESTAMP column has",
                "DATETIME/TIMESTAMP columns have") + " fractional seconds (carried; verify with validation)";
        Sweep all = new Sweep(findings, s.unread(), s.sampled(), s.tables(), s.reasons());
        return conclude(TEMPORAL, v, all, TEMPORAL.severity(), count(findings.size(), "TIME column loses", "TIME columns lose")
                + " fractions or out-of-range values" + others, "no TIME column with fractions or values outside a day" + others, "");
    }

    private static String targetVariable(DataView v, String name) {
        if (v.target() == null) return null;
        return v.target().variables(List.of(name)).get(name.toLowerCase(Locale.ROOT));
    }

    static long parseLong(String s) {
        if (s == null || s.isBlank()) return 0;
        try {
            return new java.math.BigDecimal(s.trim()).longValue();
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Long parseLongOrNull(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static double parseDouble(String s) {
        if (s == null || s.isBlank()) return Double.NaN;
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
