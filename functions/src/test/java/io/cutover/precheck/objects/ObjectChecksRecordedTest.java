package io.cutover.precheck.objects;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import io.cutover.precheck.framework.Severity;
import io.cutover.testing.ScriptedDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The MySQL-only branches of the object checks, on recorded catalog answers (MariaDB is the only server here):
 * GIPK and utf8mb4_0900 on MySQL 8.0.30, what only 5.7 holds (old temporals, names over 64 characters, non-BMP
 * comments, NO_AUTO_CREATE_USER), a MariaDB 11 collation unknown to an Aurora target, and failures of single
 * catalog queries.
 */
class ObjectChecksRecordedTest {

    private static MigrationConfig config(String schema) {
        return Json.convert(Json.parse("""
                {"migrationId": "recorded", "source": {"secretId": "s"}, "target": {"secretId": "t"}, "schemas": ["%s"]}
                """.formatted(schema)), MigrationConfig.class);
    }

    private static Map<String, CheckResult> run(CheckGroup group, CheckContext context) {
        Map<String, CheckResult> byId = new LinkedHashMap<>();
        group.run(context).forEach(r -> byId.put(r.id(), r));
        return byId;
    }

    private static Map<String, CheckResult> source(ScriptedDatabase db, String schema) {
        return run(new SourceSchemaChecks(), new CheckContext(config(schema), db, null));
    }

    @Test
    void mysql80GipkIsABlockerAndIsMadeVisibleFirst() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "objects-mysql-8.0.30");
        Map<String, CheckResult> r = source(db, "shop");

        CheckResult gipk = r.get("so-invisible-columns-gipk");
        assertThat(gipk.blocks()).isTrue();
        assertThat(gipk.objects()).containsExactly("shop.events_log.my_row_id (invisible primary key, generated (GIPK))");
        assertThat(gipk.found()).contains("sql_generate_invisible_primary_key = ON");
        assertThat(db.executed()).contains("SET SESSION show_gipk_in_create_table_and_information_schema = ON");
        // on the source the GIPK is a primary key: the keyless check does not double-report it
        assertThat(r.get("so-no-pk-or-uk").status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void mysql80CollationsExpressionDefaultsAndReservedWordsOfLaterReleases() {
        Map<String, CheckResult> r = source(ScriptedDatabase.recording(DatabaseRole.SOURCE, "objects-mysql-8.0.30"), "shop");

        CheckResult c0900 = r.get("dt-collation-0900");
        assertThat(c0900.status()).isEqualTo(CheckStatus.NEEDS_MANUAL_CONFIRMATION);
        assertThat(c0900.found()).contains("DMS engine version");
        assertThat(c0900.objects()).contains("shop.customers.name (utf8mb4_0900_ai_ci)");
        assertThat(c0900.objectCount()).isEqualTo(3);

        assertThat(r.get("so-columns-cannot-have-defaults").status()).as("DEFAULT ('') is an expression default")
                .isEqualTo(CheckStatus.PASSED);
        CheckResult reserved = r.get("so-reserved-keywords");
        assertThat(reserved.objects()).as("RANK is reserved on 8.0.30 already; FULL only from 8.0.31")
                .containsExactly("column shop.events_log.full (reserved since MySQL 8.0.31)");
        assertThat(r.get("dt-old-formats").found()).contains("cannot exist");
        assertThat(r.get("so-mariadb-only-features").found()).contains("not MariaDB");
        assertThat(r.get("dt-partially-supported-types").found()).contains("JSON 1");
        assertThat(r.get("so-index-limits").status()).as("a functional key part has no column").isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("so-definers-and-accounts").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("so-obsolete-sql-mode-in-objects").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("so-routine-syntax-removed-functions").status())
                .as("TRIGGER and EVENT come from an enabled role: nothing is hidden").isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("dc-source-availability").found()).contains("14 d 0 h");
    }

    @Test
    void mysql57LeftoversAreFound() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "objects-mysql-5.7.44");
        Map<String, CheckResult> r = source(db, "legacy");
        assertThat(db.executed()).contains("SET SESSION show_old_temporals = ON");

        assertThat(r.get("dt-old-formats").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.get("dt-old-formats").objects()).containsExactly("legacy.orders.created (datetime /* 5.5 binary format */)");

        CheckResult lengths = r.get("so-identifier-lengths");
        assertThat(lengths.blocks()).isTrue();
        assertThat(lengths.objects()).hasSize(3)
                .anySatisfy(o -> assertThat(o).startsWith("foreign key legacy.orders.orders_customer_reference_").endsWith("(70 characters)"))
                .anySatisfy(o -> assertThat(o).startsWith("foreign key legacy.another_very_long").contains("InnoDB dictionary"))
                .anySatisfy(o -> assertThat(o).startsWith("view column legacy.v_report.concat("));

        assertThat(r.get("so-utf8mb3-comments").objects())
                .containsExactlyInAnyOrder("legacy.orders (table comment)", "legacy.orders.note (column comment)");
        assertThat(r.get("so-routine-syntax-removed-functions").objects()).singleElement().asString()
                .contains("procedure legacy.report").contains("ENCRYPT()").contains("GROUP BY with ASC/DESC").contains("'.table' syntax");
        assertThat(r.get("so-obsolete-sql-mode-in-objects").objects())
                .containsExactly("procedure legacy.report (NO_AUTO_CREATE_USER: removed in MySQL 8.0)",
                        "trigger legacy.trg_orders (NO_AUTO_CREATE_USER: removed in MySQL 8.0)");
        assertThat(r.get("so-obsolete-sql-mode-in-objects").severity()).as("the schema phase drops NO_AUTO_CREATE_USER")
                .isEqualTo(io.cutover.precheck.framework.Severity.WARNING);
        assertThat(r.get("so-reserved-keywords").objects()).containsExactly("table legacy.admin (reserved since MySQL 8.0.11)");
        assertThat(r.get("so-definers-and-accounts").objects()).containsExactly("trigger legacy.trg_orders (empty definer)");
    }

    @Test
    void oneFailingCatalogQueryMakesOnlyTheChecksThatNeedItCouldNotCheck() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "objects-mysql-8.0.30")
                .fail("/* cutover:columns */", 1142, "SELECT command denied to user 'cutover'@'10.0.0.5' for table 'COLUMNS'");
        Map<String, CheckResult> r = source(db, "shop");
        CheckResult generated = r.get("so-generated-columns");
        assertThat(generated.status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(generated.found()).contains("SELECT command denied").contains("COLUMNS");
        assertThat(generated.blocks()).as("a blocker check that could not run blocks").isTrue();
        assertThat(r.get("so-enum-set-element-length").status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        // checks that do not need the columns still decide
        assertThat(r.get("so-non-innodb").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("so-no-pk-or-uk").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("so-table-count").found()).startsWith("2 tables");
    }

    @Test
    void groupsOnTheSameSessionReadTheCatalogOnce() {
        ScriptedDatabase source = ScriptedDatabase.recording(DatabaseRole.SOURCE, "objects-mariadb-11.4");
        ScriptedDatabase target = ScriptedDatabase.recording(DatabaseRole.TARGET, "objects-aurora-mysql-3.05-target");
        CheckContext context = new CheckContext(config("crm"), source, target);
        run(new ComparisonChecks(), context);
        run(new ComparisonChecks(), context);
        assertThat(source.executed()).filteredOn(sql -> sql.startsWith("/* cutover:columns */")).hasSize(1);
        // a new session (the next Lambda invocation) reads again
        ScriptedDatabase next = ScriptedDatabase.recording(DatabaseRole.SOURCE, "objects-mariadb-11.4");
        run(new ComparisonChecks(), new CheckContext(config("crm"), next, target));
        assertThat(next.executed()).filteredOn(sql -> sql.startsWith("/* cutover:columns */")).hasSize(1);
    }

    @Test
    void withoutTheRoleThatGrantsTriggerAndEventTheStoredCodeChecksCannotPass() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "objects-mysql-8.0.30")
                .answer("/* cutover:roles */", List.of());
        CheckResult syntax = source(db, "shop").get("so-routine-syntax-removed-functions");
        assertThat(syntax.status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(syntax.found()).contains("has no global TRIGGER: triggers are hidden")
                .contains("has no global EVENT: events are hidden");
        assertThat(syntax.blocks()).isTrue();
    }

    @Test
    void anUnreadableAccountTableAsksToConfirmTheDefiners() {
        ScriptedDatabase db = ScriptedDatabase.recording(DatabaseRole.SOURCE, "objects-mysql-8.0.30")
                .fail("/* cutover:accounts */", 1142, "SELECT command denied to user 'cutover'@'%' for table 'user'");
        CheckResult definers = source(db, "shop").get("so-definers-and-accounts");
        assertThat(definers.status()).isEqualTo(CheckStatus.NEEDS_MANUAL_CONFIRMATION);
        assertThat(definers.found()).contains("mysql.user is not readable");
        assertThat(definers.objects()).containsExactly("'app'@'%' (2 objects)");
    }

    @Test
    void aSourceCollationTheTargetDoesNotKnowBlocks() {
        ScriptedDatabase source = ScriptedDatabase.recording(DatabaseRole.SOURCE, "objects-mariadb-11.4");
        ScriptedDatabase target = ScriptedDatabase.recording(DatabaseRole.TARGET, "objects-aurora-mysql-3.05-target");
        Map<String, CheckResult> r = run(new ComparisonChecks(), new CheckContext(config("crm"), source, target));

        CheckResult charsets = r.get("dt-utf8mb3-and-charsets");
        assertThat(charsets.severity()).isEqualTo(Severity.BLOCKER);
        assertThat(charsets.blocks()).isTrue();
        assertThat(charsets.objects()).contains("collation utf8mb4_uca1400_ai_ci (used by schema crm): unknown to the target",
                "crm.contacts.legacy_code (utf8mb3)");
        assertThat(r.get("so-secondary-index-timing").found()).contains("none of the migrated tables yet");

        // without a target session the collations cannot be compared: the check says so instead of failing
        Map<String, CheckResult> sourceOnly = run(new ComparisonChecks(), new CheckContext(config("crm"),
                ScriptedDatabase.recording(DatabaseRole.SOURCE, "objects-mariadb-11.4"), null));
        assertThat(sourceOnly.get("dt-utf8mb3-and-charsets").severity()).isEqualTo(Severity.WARNING);
        assertThat(sourceOnly.get("dt-utf8mb3-and-charsets").found()).contains("collations not compared");
        assertThat(sourceOnly.get("so-secondary-index-timing").status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
    }

    @Test
    void anAuroraTargetWithTriggersAndARunningSchedulerIsReported() {
        ScriptedDatabase target = ScriptedDatabase.recording(DatabaseRole.TARGET, "objects-aurora-mysql-3.05-target");
        Map<String, CheckResult> r = run(new TargetObjectChecks(), new CheckContext(config("crm"), null, target));
        assertThat(r.get("so-target-triggers").blocks()).isTrue();
        assertThat(r.get("so-target-triggers").objects()).containsExactly("crm.stamp (on contacts)");
        CheckResult events = r.get("so-target-events");
        assertThat(events.objects()).containsExactly("crm.nightly_cleanup");
        assertThat(events.found()).contains("event_scheduler = ON: they run now");
        assertThat(r.get("so-target-fks-full-load").status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void everyCheckHasAnIdFromTheCatalogAndAllTextsFilled() {
        List<io.cutover.precheck.framework.CheckDefinition> all = ObjectChecks.definitions();
        assertThat(all).hasSize(43);
        assertThat(all.stream().map(io.cutover.precheck.framework.CheckDefinition::id).distinct()).hasSize(43);
        assertThat(all).allSatisfy(d -> {
            assertThat(d.id()).matches("(so|dt|dc)-[a-z0-9-]+");
            assertThat(d.title()).isNotBlank();
            assertThat(d.why()).hasSizeGreaterThan(40);
            assertThat(d.remediation()).hasSizeGreaterThan(40);
        });
        assertThat(ObjectChecks.groups()).extracting(CheckGroup::side)
                .containsExactly(CheckGroup.Side.SOURCE, CheckGroup.Side.TARGET, CheckGroup.Side.BOTH, CheckGroup.Side.BOTH);
    }
}
