package io.cutover.precheck.objects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import io.cutover.precheck.framework.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every so-/dt-/dc- check against the real MariaDB servers: one source schema seeded with every violation MariaDB
 * can hold (plus a schema outside the migration for cross-schema keys) and a target schema with triggers, events
 * and foreign keys; and a clean schema on both sides that must pass everything. The checks MariaDB cannot seed
 * (GIPK, utf8mb4_0900, 5.7 names over 64 characters, non-BMP comments, old temporals) are tested on recorded
 * MySQL answers in functions/.
 */
@ExtendWith(DatabaseServers.class)
class ObjectChecksIT {
    private static final String BAD = TestDatabases.newSchema("objbad");
    private static final String OUTSIDE = TestDatabases.newSchema("objout");
    private static final String MISSING = TestDatabases.newSchema("objmissing");
    private static final String CLEAN = TestDatabases.newSchema("objclean");

    /** The ids a clean schema must not report; dc-source-availability always asks for a confirmation. */
    private static final Set<String> ALWAYS_MANUAL = Set.of("dc-source-availability");

    @BeforeAll
    static void seed(TestDatabases db) {
        String longElement = "a".repeat(300);
        db.source().execute(
                "CREATE DATABASE " + BAD, "CREATE DATABASE " + OUTSIDE,
                "CREATE TABLE " + OUTSIDE + ".other (id INT PRIMARY KEY)",
                // keys
                "CREATE TABLE " + BAD + ".keyless_lob (a INT, doc LONGTEXT) ENGINE=InnoDB",
                "INSERT INTO " + BAD + ".keyless_lob VALUES (1, 'x'), (1, 'x'), (2, 'y')",
                "CREATE TABLE " + BAD + ".nullable_uk (a INT NULL, b INT, UNIQUE KEY uk_a (a))",
                // engines, compression, partitioning
                "CREATE TABLE " + BAD + ".myisam_t (id INT PRIMARY KEY) ENGINE=MyISAM",
                "CREATE TABLE " + BAD + ".compressed_t (id INT PRIMARY KEY) ROW_FORMAT=COMPRESSED",
                "CREATE TABLE " + BAD + ".page_compressed_t (id INT PRIMARY KEY) PAGE_COMPRESSED=1",
                "CREATE TABLE " + BAD + ".parted (id INT, d DATE, PRIMARY KEY (id, d)) PARTITION BY RANGE COLUMNS(d) "
                        + "(PARTITION p0 VALUES LESS THAN ('2020-01-01'), PARTITION p1 VALUES LESS THAN (MAXVALUE))",
                "CREATE TABLE " + BAD + ".parted_myisam (id INT PRIMARY KEY) ENGINE=MyISAM PARTITION BY HASH(id) PARTITIONS 2",
                // generated and invisible columns
                "CREATE TABLE " + BAD + ".gen_t (id INT PRIMARY KEY, price INT, doubled INT AS (price * 2) VIRTUAL, "
                        + "hidden_note VARCHAR(10) INVISIBLE)",
                // foreign keys
                "CREATE TABLE " + BAD + ".parent (id INT PRIMARY KEY, code INT, KEY code (code))",
                "CREATE TABLE " + BAD + ".child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk_cascade "
                        + "FOREIGN KEY (parent_id) REFERENCES " + BAD + ".parent (id) ON DELETE CASCADE)",
                "CREATE TABLE " + BAD + ".child_code (id INT PRIMARY KEY, code INT, CONSTRAINT fk_nonunique "
                        + "FOREIGN KEY (code) REFERENCES " + BAD + ".parent (code))",
                "CREATE TABLE " + BAD + ".child_outside (id INT PRIMARY KEY, other_id INT, CONSTRAINT fk_outside "
                        + "FOREIGN KEY (other_id) REFERENCES " + OUTSIDE + ".other (id))",
                // names
                "CREATE TABLE " + BAD + ".`rank` (id INT PRIMARY KEY, `rows` INT)",
                "CREATE TABLE " + BAD + ".`odd``name` (id INT PRIMARY KEY, `it's` INT, `$price` INT)",
                "CREATE TABLE " + BAD + ".t_FTS_x (id INT PRIMARY KEY)",
                "CREATE TABLE " + BAD + ".gone (id INT)",
                "CREATE VIEW " + BAD + ".broken_v AS SELECT id FROM " + BAD + ".gone",
                "DROP TABLE " + BAD + ".gone",
                // column types and defaults, with data only a lax mode accepts
                "SET SESSION sql_mode = ''",
                "CREATE TABLE " + BAD + ".enums (id INT PRIMARY KEY, long_enum ENUM('" + longElement + "', 'b'), "
                        + "status ENUM('new', 'done'))",
                "INSERT INTO " + BAD + ".enums VALUES (1, 'b', 'bogus')",
                "CREATE TABLE " + BAD + ".defaults_t (id INT PRIMARY KEY, note TEXT DEFAULT 'n/a', "
                        + "created DATETIME DEFAULT '0000-00-00 00:00:00', d DATE, t TIME(3), f DOUBLE)",
                "INSERT INTO " + BAD + ".defaults_t VALUES (1, 'x', '0000-00-00 00:00:00', '2020-00-10', '25:00:00.500', 1e-310)",
                "SET SESSION sql_mode = 'ALLOW_INVALID_DATES'",
                "INSERT INTO " + BAD + ".defaults_t (id, d) VALUES (2, '2021-02-30')",
                "SET SESSION sql_mode = DEFAULT",
                "CREATE TABLE " + BAD + ".geo (id INT PRIMARY KEY, g GEOMETRY NOT NULL, KEY g_prefix (g(10)))",
                "CREATE TABLE " + BAD + ".charsets_t (id INT PRIMARY KEY, legacy VARCHAR(10) CHARACTER SET utf8mb3, "
                        + "jp VARCHAR(10) CHARACTER SET sjis)",
                // MariaDB-only features
                "CREATE TABLE " + BAD + ".versioned (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING",
                "CREATE SEQUENCE " + BAD + ".seq",
                "CREATE TABLE " + BAD + ".inet_t (id INT PRIMARY KEY, ip INET6, body TEXT, UNIQUE KEY uk_body (body))",
                // AUTO_INCREMENT
                "CREATE TABLE " + BAD + ".ai_double (id DOUBLE AUTO_INCREMENT PRIMARY KEY)",
                "CREATE TABLE " + BAD + ".ai_tiny (id TINYINT AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT=120",
                // LOBs: a NOT NULL one of 5,000 bytes, a table with rows wider than 65,535 bytes
                "CREATE TABLE " + BAD + ".lobs (id INT PRIMARY KEY, body LONGTEXT NOT NULL)",
                "INSERT INTO " + BAD + ".lobs VALUES (1, REPEAT('l', 5000))",
                "CREATE TABLE " + BAD + ".wide (id INT PRIMARY KEY, a LONGTEXT, b LONGTEXT)",
                "INSERT INTO " + BAD + ".wide VALUES (1, REPEAT('a', 40000), REPEAT('b', 40000))",
                // stored code: removed functions, GROUP BY DESC, MariaDB's default NO_AUTO_CREATE_USER, a missing definer
                "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_AUTO_CREATE_USER'",
                "CREATE DEFINER = `ghost`@`%` PROCEDURE " + BAD + ".legacy_proc() BEGIN SELECT PASSWORD('x'); "
                        + "SELECT code FROM " + BAD + ".parent GROUP BY code DESC; END",
                "CREATE DEFINER = `cutover`@`%` FUNCTION " + BAD + ".wkt(g GEOMETRY) RETURNS TEXT DETERMINISTIC RETURN ASTEXT(g)",
                "SET SESSION sql_mode = DEFAULT");
        db.target().execute(
                "CREATE DATABASE " + BAD,
                "CREATE TABLE " + BAD + ".parent (id INT PRIMARY KEY, code INT)",
                "CREATE TABLE " + BAD + ".child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk_cascade "
                        + "FOREIGN KEY (parent_id) REFERENCES " + BAD + ".parent (id) ON DELETE CASCADE)",
                "CREATE TABLE " + BAD + ".child_code (id INT PRIMARY KEY, code INT, CONSTRAINT fk_nonunique "
                        + "FOREIGN KEY (code) REFERENCES " + BAD + ".parent (id))",
                "CREATE TRIGGER " + BAD + ".audit BEFORE INSERT ON " + BAD + ".parent FOR EACH ROW SET NEW.code = 1",
                "CREATE EVENT " + BAD + ".purge ON SCHEDULE EVERY 1 DAY DO DELETE FROM " + BAD + ".parent WHERE id < 0",
                "CREATE TABLE " + BAD + ".lobs (id INT PRIMARY KEY, body LONGTEXT NOT NULL)");

        db.source().execute(
                "CREATE DATABASE " + CLEAN,
                "CREATE TABLE " + CLEAN + ".customers (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL, "
                        + "email VARCHAR(100), created DATETIME NOT NULL, score DOUBLE, opens TIME, KEY idx_email (email))",
                "CREATE TABLE " + CLEAN + ".orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(10,2), "
                        + "note TEXT, shipped DATE, doc LONGTEXT, CONSTRAINT fk_customer FOREIGN KEY (customer_id) "
                        + "REFERENCES " + CLEAN + ".customers (id))",
                "INSERT INTO " + CLEAN + ".customers (name, email, created, score, opens) VALUES "
                        + "('Ada', 'ada@example.com', '2024-01-02 03:04:05', 1.5, '08:30:00'), "
                        + "('Bob', NULL, '2024-02-29 00:00:00', -2.25e10, '23:59:59')",
                "INSERT INTO " + CLEAN + ".orders VALUES (1, 1, 10.00, 'first', '2024-03-01', '{}'), "
                        + "(2, 2, 20.00, NULL, NULL, NULL)",
                "CREATE DEFINER = `cutover`@`%` VIEW " + CLEAN + ".v_orders AS SELECT id, amount FROM " + CLEAN + ".orders",
                "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'",
                "CREATE DEFINER = `cutover`@`%` PROCEDURE " + CLEAN + ".total() SELECT SUM(amount) FROM " + CLEAN + ".orders "
                        + "GROUP BY customer_id ORDER BY customer_id DESC",
                "SET SESSION sql_mode = DEFAULT");
        db.target().execute(
                "CREATE DATABASE " + CLEAN,
                "CREATE TABLE " + CLEAN + ".customers (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL, "
                        + "email VARCHAR(100), created DATETIME NOT NULL, score DOUBLE, opens TIME, KEY idx_email (email))",
                "CREATE TABLE " + CLEAN + ".orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(10,2), "
                        + "note TEXT, shipped DATE, doc LONGTEXT, KEY fk_customer (customer_id))");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static MigrationConfig config(TestDatabases db, List<String> schemas, String taskSettingsJson) {
        ObjectNode input = db.input("objects-it", schemas);
        if (taskSettingsJson != null) {
            input.putObject("dms").set("taskSettings", io.cutover.core.json.Json.parse(taskSettingsJson));
        }
        return new InputValidator().validate(input, InputValidator.Purpose.READINESS);
    }

    private static Map<String, CheckResult> run(TestDatabases db, CheckGroup group, MigrationConfig config, boolean withTarget) {
        try (Database source = db.open(DatabaseRole.SOURCE, config); Database target = db.open(DatabaseRole.TARGET, config)) {
            CheckContext context = switch (group.side()) {
                case SOURCE -> new CheckContext(config, source, null);
                case TARGET -> new CheckContext(config, null, target);
                case BOTH -> new CheckContext(config, source, withTarget ? target : null);
            };
            Map<String, CheckResult> byId = new LinkedHashMap<>();
            for (CheckResult r : group.run(context)) {
                assertThat(byId.put(r.id(), r)).as("duplicate id " + r.id()).isNull();
            }
            return byId;
        }
    }

    private static Map<String, CheckResult> runAll(TestDatabases db, MigrationConfig config, ObjectCheckLimits limits) {
        Map<String, CheckResult> all = new LinkedHashMap<>();
        for (CheckGroup g : ObjectChecks.groups(limits)) {
            run(db, g, config, true).forEach((id, r) -> assertThat(all.put(id, r)).as("id in two groups: " + id).isNull());
        }
        return all;
    }

    /** Reported (not passed) with an object whose description contains each of {@code names}. */
    private static void reported(Map<String, CheckResult> results, String id, String... names) {
        CheckResult r = results.get(id);
        assertThat(r).as(id).isNotNull();
        assertThat(r.status()).as(id + ": " + r.found()).isNotEqualTo(CheckStatus.PASSED);
        for (String name : names) {
            assertThat(r.objects()).as(id + " objects").anySatisfy(o -> assertThat(o).contains(name));
        }
    }

    // ------------------------------------------------------------------------------------------ tests

    @Test
    void theSeededSchemaReportsEveryViolation(TestDatabases db) {
        MigrationConfig config = config(db, List.of(BAD, MISSING),
                "{\"TargetMetadata\": {\"FullLobMode\": false, \"LimitedSizeLobMode\": true, \"LobMaxSize\": 1, \"BatchApplyEnabled\": true}}");
        Map<String, CheckResult> r = runAll(db, config, ObjectCheckLimits.defaults().withMaxTablesPerTask(5));
        String b = BAD + ".";

        reported(r, "so-no-pk-or-uk", b + "keyless_lob", b + "nullable_uk (only UNIQUE key(s) on nullable columns: uk_a)");
        reported(r, "so-lob-table-no-pk", b + "keyless_lob (LOB columns: doc longtext)");
        reported(r, "so-non-innodb", b + "myisam_t (MyISAM)", b + "parted_myisam");
        reported(r, "so-compressed-tables", b + "compressed_t (ROW_FORMAT=COMPRESSED)", b + "page_compressed_t (PAGE_COMPRESSED)");
        reported(r, "so-partitioned-tables", b + "parted (RANGE COLUMNS, 2 partitions)", b + "parted_myisam (HASH");
        reported(r, "so-legacy-partitioning", b + "parted_myisam (MyISAM engine");
        reported(r, "so-table-count");
        reported(r, "so-mariadb-only-features", b + "versioned (system-versioned table)", b + "seq (sequence)",
                b + "inet_t.ip (INET6 type)", b + "inet_t (long UNIQUE key uk_body USING HASH)");
        reported(r, "so-auto-increment", b + "ai_double.id", b + "ai_tiny.id");
        reported(r, "so-index-limits", b + "geo.g_prefix (prefix on spatial column g");
        reported(r, "so-cascade-fks", b + "child.fk_cascade (parent_id) -> " + b + "parent ON DELETE CASCADE");
        assertThat(r.get("so-cascade-fks").severity()).isEqualTo(Severity.BLOCKER); // batch apply asked for in the input
        reported(r, "so-fk-integrity-8x", b + "child_outside.fk_outside (references " + OUTSIDE + ".other, outside",
                b + "child_code.fk_nonunique (references " + b + "parent(code), not a whole PRIMARY or UNIQUE key");
        reported(r, "so-generated-columns", b + "gen_t.doubled");
        assertThat(r.get("so-generated-columns").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.get("so-generated-columns").severity()).isEqualTo(Severity.WARNING); // Cutover adds the remove-column rules
        assertThat(r.get("so-generated-columns").found()).contains("remove-column rule");
        reported(r, "so-invisible-columns-gipk", b + "gen_t.hidden_note (invisible column)");
        reported(r, "so-enum-set-element-length", b + "enums.long_enum (1 element over 255 characters, longest 300)");
        reported(r, "so-columns-cannot-have-defaults", b + "defaults_t.note (text DEFAULT 'n/a': a literal)");
        reported(r, "so-zero-date-defaults", b + "defaults_t.created (datetime DEFAULT '0000-00-00 00:00:00')");
        reported(r, "dt-partially-supported-types", b + "enums.status (enum('new','done'))", b + "geo.g (geometry)");
        reported(r, "so-reserved-keywords", "table " + b + "rank (reserved since MySQL 8.0.11)", "column " + b + "rank.rows");
        reported(r, "so-odd-identifiers", "table " + b + "odd`name (contains a backtick)", "column " + b + "odd`name.it's",
                "column " + b + "odd`name.$price (starts with $)");
        assertThat(r.get("so-odd-identifiers").severity()).isEqualTo(Severity.BLOCKER);
        reported(r, "so-metadata-hygiene", "view " + b + "broken_v (invalid", "table " + b + "t_FTS_x ('FTS' in the name)");
        reported(r, "so-selection-rules", MISSING + " (does not exist on the source");
        reported(r, "so-routine-syntax-removed-functions", "procedure " + b + "legacy_proc (uses PASSWORD(), removed in 8.0",
                "function " + b + "wkt (uses ASTEXT(), removed in 8.0 (use ST_ASTEXT)");
        assertThat(r.get("so-routine-syntax-removed-functions").objects())
                .anySatisfy(o -> assertThat(o).contains("legacy_proc").contains("GROUP BY with ASC/DESC"));
        reported(r, "so-obsolete-sql-mode-in-objects", "procedure " + b + "legacy_proc (NO_AUTO_CREATE_USER: removed in MySQL 8.0)");
        assertThat(r.get("so-obsolete-sql-mode-in-objects").severity()).as("the schema phase drops NO_AUTO_CREATE_USER")
                .isEqualTo(Severity.WARNING);
        reported(r, "so-definers-and-accounts", "procedure " + b + "legacy_proc (definer 'ghost'@'%' does not exist on the source)");
        reported(r, "dc-row-count-and-validation", b + "keyless_lob (no key: row count only)");
        assertThat(r.get("dc-source-availability").status()).isEqualTo(CheckStatus.NEEDS_MANUAL_CONFIRMATION);
        assertThat(r.get("dc-source-availability").found()).contains("the source has been up for");

        // target side
        reported(r, "so-target-fks-full-load", b + "child.fk_cascade", b + "child_code.fk_nonunique");
        reported(r, "so-target-triggers", b + "audit (on parent)");
        reported(r, "so-target-events", b + "purge");
        reported(r, "so-secondary-index-timing", b + "parent.code (code)");
        reported(r, "dt-utf8mb3-and-charsets", b + "charsets_t.legacy (utf8mb3)", b + "charsets_t.jp (sjis: check DMS support");

        // data
        reported(r, "dc-zero-invalid-dates", b + "defaults_t.created (2 zero", b + "defaults_t.d (1 with a zero month or day, 1 impossible");
        assertThat(r.get("dc-zero-invalid-dates").severity()).as("the target refuses impossible dates").isEqualTo(Severity.BLOCKER);
        reported(r, "dc-lax-mode-legacy-data", b + "enums.status (1 invalid '' value)");
        reported(r, "dc-duplicate-rows-keyless", b + "keyless_lob (1 group of identical rows, 2 rows)");
        reported(r, "dc-row-size-batch-apply", b + "wide (a row of 80001 bytes)");
        reported(r, "dt-float-range", b + "defaults_t.f");
        reported(r, "dt-lob-mode-sizing", b + "lobs.body (1 value over 1024 bytes, largest 5000)", b + "wide.a");
        reported(r, "dt-temporal-precision", b + "defaults_t.t (time(3): fractional part not replicated)",
                b + "defaults_t.t (1 value outside 00:00:00-23:59:59");
        assertThat(r.get("dt-lob-mode-sizing").blocks()).isTrue();
        assertThat(r.get("dc-row-size-batch-apply").found()).contains("BatchApplyEnabled = true (input)");
    }

    @Test
    void aSqlModeNameStoredWithARoutineStillBlocks(TestDatabases db) {
        String schema = TestDatabases.newSchema("maxdb_mode");
        db.source().execute("CREATE DATABASE " + schema,
                "SET SESSION sql_mode = 'MAXDB'",
                "CREATE PROCEDURE " + schema + ".p() SELECT 1",
                "SET SESSION sql_mode = DEFAULT");
        Map<String, CheckResult> r = run(db, new SourceSchemaChecks(), config(db, List.of(schema), null), false);
        CheckResult mode = r.get("so-obsolete-sql-mode-in-objects");
        assertThat(mode.objects()).singleElement().asString().contains("procedure " + schema + ".p").contains("MAXDB");
        assertThat(mode.blocks()).as("a mode name can change how the body parses").isTrue();
    }

    @Test
    void everyCheckIdOfTheCatalogIsCoveredOnce(TestDatabases db) {
        Map<String, CheckResult> r = runAll(db, config(db, List.of(CLEAN), null), ObjectCheckLimits.defaults());
        assertThat(r.keySet()).hasSize(43).allSatisfy(id -> assertThat(id).matches("(so|dt|dc)-[a-z0-9-]+"));
        assertThat(r.keySet().stream().filter(id -> id.startsWith("so-"))).hasSize(30);
        assertThat(r.keySet().stream().filter(id -> id.startsWith("dt-"))).hasSize(7);
        assertThat(r.keySet().stream().filter(id -> id.startsWith("dc-"))).hasSize(6);
        assertThat(r.keySet()).containsExactlyElementsOf(ObjectChecks.definitions().stream().map(d -> d.id()).toList());
    }

    /** Issue 16: a SPATIAL index (SUB_PART 32 in information_schema) is no prefix index; passing checks name their columns. */
    @Test
    void aSpatialIndexIsNoPrefixIndexAndPassingChecksNameTheirColumns(TestDatabases db) {
        String s = TestDatabases.newSchema("spatial");
        db.source().execute("CREATE DATABASE " + s,
                "CREATE TABLE " + s + ".places (id INT AUTO_INCREMENT PRIMARY KEY, pos POINT NOT NULL, SPATIAL INDEX sp_pos (pos))");
        Map<String, CheckResult> r = runAll(db, config(db, List.of(s), null), ObjectCheckLimits.defaults());
        assertThat(r.get("so-index-limits").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("so-index-limits").found()).contains("0 prefix indexes");
        assertThat(r.get("so-auto-increment").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.get("so-auto-increment").objects()).singleElement().satisfies(o -> assertThat(o).startsWith(s + ".places.id (int"));
    }

    @Test
    void theCleanSchemaPassesEveryCheck(TestDatabases db) {
        Map<String, CheckResult> r = runAll(db, config(db, List.of(CLEAN), null), ObjectCheckLimits.defaults());
        List<String> notPassed = new ArrayList<>();
        r.values().stream().filter(c -> c.status() != CheckStatus.PASSED && !ALWAYS_MANUAL.contains(c.id()))
                .forEach(c -> notPassed.add(c.id() + " " + c.status() + ": " + c.found() + " " + c.objects()));
        assertThat(notPassed).isEmpty();
        assertThat(r.get("dc-zero-invalid-dates").found()).contains("read in full");
        assertThat(r.get("so-auto-increment").found()).contains("1 AUTO_INCREMENT column");
    }

    @Test
    void fullLobModeNeedsNullableLobColumnsAndWithoutTargetZeroDatesAssumeAurora(TestDatabases db) {
        MigrationConfig config = config(db, List.of(BAD), "{\"TargetMetadata\": {\"BatchApplyEnabled\": false}}");
        Map<String, CheckResult> r = run(db, new DataContentChecks(), config, false);
        reported(r, "dt-lob-mode-sizing", BAD + ".lobs.body (NOT NULL on the source");
        assertThat(r.get("dt-lob-mode-sizing").blocks()).isTrue();
        assertThat(r.get("dc-zero-invalid-dates").found()).contains("Aurora MySQL 3's default sql_mode");
        assertThat(r.get("dc-zero-invalid-dates").blocks()).isTrue();
        assertThat(r.get("dc-row-size-batch-apply").status()).isEqualTo(CheckStatus.PASSED);

        Map<String, CheckResult> s = run(db, new SourceSchemaChecks(), config, false);
        assertThat(s.get("so-cascade-fks").severity()).as("handled without batch apply").isEqualTo(Severity.WARNING);
        assertThat(s.get("so-cascade-fks").found()).contains("BatchApplyEnabled = false (input)");
    }

    @Test
    void samplingIsSaidAndABlockerCheckThenAsksForConfirmation(TestDatabases db) {
        MigrationConfig config = config(db, List.of(CLEAN), null);
        Map<String, CheckResult> r = run(db, new DataContentChecks(ObjectCheckLimits.defaults().withSampleRows(1, 1)), config, true);
        CheckResult dates = r.get("dc-zero-invalid-dates");
        assertThat(dates.status()).isEqualTo(CheckStatus.NEEDS_MANUAL_CONFIRMATION);
        assertThat(dates.found()).contains("only sampled").contains(CLEAN + ".customers");
        assertThat(dates.objects()).contains(CLEAN + ".customers", CLEAN + ".orders");
        CheckResult floats = r.get("dt-float-range");
        assertThat(floats.status()).as("an info check passes with the sample stated").isEqualTo(CheckStatus.PASSED);
        assertThat(floats.found()).contains("only sampled");
    }

    @Test
    void aSpentTimeBudgetIsCouldNotCheckNeverPassed(TestDatabases db) {
        MigrationConfig config = config(db, List.of(CLEAN), null);
        ObjectCheckLimits nothing = ObjectCheckLimits.defaults().withTimes(java.time.Duration.ofSeconds(1), java.time.Duration.ofNanos(1));
        Map<String, CheckResult> r = run(db, new DataContentChecks(nothing), config, true);
        CheckResult dates = r.get("dc-zero-invalid-dates");
        assertThat(dates.status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(dates.found()).contains("time budget");
        assertThat(dates.blocks()).isTrue();
    }

    @Test
    void whatAUserCannotSeeIsCouldNotCheckNeverAPass(TestDatabases db) {
        // A user with SELECT on the schema only: information_schema silently hides the routines of other definers,
        // triggers and events from it, and mysql.user is denied.
        db.source().execute("CREATE USER IF NOT EXISTS 'objlimited'@'%' IDENTIFIED BY 'Limited-pw-1'",
                "GRANT SELECT ON " + BAD + ".* TO 'objlimited'@'%'");
        String secretId = "local/source/objlimited";
        db.secrets().put(secretId, "{\"username\":\"objlimited\",\"password\":\"Limited-pw-1\",\"host\":\"127.0.0.1\","
                + "\"port\":" + db.source().port() + "}");
        ObjectNode input = db.input("objects-limited", List.of(BAD));
        ((ObjectNode) input.get("source")).put("secretId", secretId);
        MigrationConfig config = new InputValidator().validate(input, InputValidator.Purpose.READINESS);

        Map<String, CheckResult> r = run(db, new SourceSchemaChecks(), config, false);
        CheckResult syntax = r.get("so-routine-syntax-removed-functions");
        assertThat(syntax.status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(syntax.found()).contains("has no global SELECT or SHOW_ROUTINE");
        assertThat(syntax.blocks()).isTrue();
        assertThat(r.get("so-obsolete-sql-mode-in-objects").status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(r.get("so-definers-and-accounts").status()).isIn(CheckStatus.COULD_NOT_CHECK, CheckStatus.NEEDS_MANUAL_CONFIRMATION);
        // what the user does see is still checked
        reported(r, "so-non-innodb", BAD + ".myisam_t (MyISAM)");
    }
}
