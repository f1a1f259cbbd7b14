package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.db.DatabaseRole;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sample database and the write workload on a private pair of servers (the workload's test freezes the source,
 * a global setting). The tests run in order: the sample first, then the workload on it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleAndWorkloadIT {
    private static DatabasePair pair;
    private static RehearsalServers servers;
    private static SampleDatabase.Summary summary;

    @BeforeAll
    static void start() throws SQLException {
        pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target());
        servers = RehearsalServers.of(pair);
        try (Connection c = servers.admin(DatabaseRole.SOURCE)) {
            summary = SampleDatabase.create(c, 5_000, table -> { });
        }
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    @Order(1)
    void theSampleHasTheRowsOfItsPlan() {
        SampleDatabase.Plan plan = SampleDatabase.Plan.forRows(5_000);
        assertThat(summary.rows()).containsEntry("shop.customers", plan.customers()).containsEntry("shop.products", plan.products())
                .containsEntry("shop.orders", plan.orders()).containsEntry("shop.order_items", plan.orderItems())
                .containsEntry("shop.reviews", plan.reviews()).containsEntry("audit.order_events", plan.orderEvents())
                .containsEntry("audit.login_attempts", plan.loginAttempts());
        assertThat(summary.totalRows()).isEqualTo(plan.total()).isBetween(4_500L, 6_000L);
    }

    @Test
    @Order(1)
    void theSampleHasEveryKindOfObjectThatBreaksMigrations() throws SQLException {
        assertThat(summary.objects().get("ROUTINE")).containsExactly("shop.order_total (FUNCTION)", "shop.recalculate_order (PROCEDURE)");
        assertThat(summary.objects().get("TRIGGER")).containsExactly("shop.orders_after_insert", "shop.orders_after_update");
        assertThat(summary.objects().get("VIEW")).containsExactly("shop.customer_order_totals", "shop.top_customers");
        assertThat(summary.objects().get("EVENT")).containsExactly("shop.cancel_stale_orders");
        try (Connection c = servers.admin(DatabaseRole.SOURCE)) {
            assertThat(rows(c, "SELECT CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME, ' ', DELETE_RULE) FROM information_schema.REFERENTIAL_CONSTRAINTS "
                    + "WHERE CONSTRAINT_SCHEMA = 'shop'")).containsExactlyInAnyOrder(
                    "order_items.fk_items_order CASCADE", "order_items.fk_items_product RESTRICT", "orders.fk_orders_customer CASCADE",
                    "reviews.fk_reviews_customer SET NULL", "reviews.fk_reviews_product SET NULL");
            assertThat(rows(c, "SELECT CONCAT(TABLE_NAME, ' ', PARTITION_METHOD, ' ', COUNT(*)) FROM information_schema.PARTITIONS "
                    + "WHERE TABLE_SCHEMA = 'audit' GROUP BY TABLE_NAME, PARTITION_METHOD ORDER BY 1"))
                    .containsExactly("login_attempts HASH 4", "order_events RANGE 4");
            // every partition of the RANGE table holds rows (the bounds follow the size)
            assertThat(rows(c, "SELECT COUNT(*) FROM audit.order_events PARTITION (p0)")).first().isNotEqualTo("0");
            assertThat(rows(c, "SELECT COUNT(*) FROM audit.order_events PARTITION (p2)")).first().isNotEqualTo("0");
            assertThat(rows(c, "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'customers' "
                    + "ORDER BY ORDINAL_POSITION")).contains("enum", "set", "point", "longtext", "datetime", "timestamp");
            assertThat(rows(c, "SELECT name FROM shop.customers WHERE id IN (77, 154) ORDER BY id"))
                    .anySatisfy(n -> assertThat(n).contains("🎉")).anySatisfy(n -> assertThat(n).contains("東京"));
            assertThat(rows(c, "SELECT JSON_VALUE(profile, '$.lang') FROM shop.customers WHERE id = 1")).containsExactly("fr");
            assertThat(rows(c, "SELECT ROUND(ST_X(home), 2) FROM shop.customers WHERE id = 1")).containsExactly("-100.81");
            // the view on the view answers
            assertThat(rows(c, "SELECT COUNT(*) FROM shop.top_customers")).first().isNotEqualTo("0");
        }
    }

    @Test
    @Order(1)
    void aSecondSampleIsRefusedRatherThanMixedWithTheFirst() throws SQLException {
        try (Connection c = servers.admin(DatabaseRole.SOURCE)) {
            assertThatThrownBy(() -> SampleDatabase.create(c, 1_000, t -> { }))
                    .hasMessageContaining("source: the sample's schema(s) [audit, shop] exist already");
        }
    }

    @Test
    @Order(2)
    void theWorkloadCommitsEveryKindOfWriteThenStopsCleanlyWhenTheSourceIsFrozen() throws Exception {
        Workload workload = new Workload(servers::app, 80, 42, Clock.systemUTC());
        workload.allowCascades();
        List<Runnable> frozen = new ArrayList<>();
        workload.onFrozen(() -> frozen.add(() -> { }));
        workload.start();
        awaitCommitted(workload, 150);
        long ordersBefore;
        try (Connection c = servers.admin(DatabaseRole.SOURCE)) {
            ordersBefore = Long.parseLong(rows(c, "SELECT COUNT(*) FROM audit.order_events").get(0));
        }
        pair.source().execute("SET GLOBAL read_only = ON");
        try {
            assertThat(workload.awaitStopped(Duration.ofSeconds(30))).isTrue();
            Workload.Stats stats = workload.stats();
            assertThat(stats.stopReason()).isEqualTo(Workload.StopReason.FROZEN);
            assertThat(stats.refusedByFreeze()).isEqualTo(1);
            assertThat(stats.firstRefusalAt()).isNotNull();
            assertThat(frozen).hasSize(1);
            assertThat(stats.failed()).as("errors: %s", stats.errors()).isZero();
            assertThat(stats.committed()).isGreaterThanOrEqualTo(150).isEqualTo(workload.ledger().committedTransactions());
            assertThat(stats.byKind()).containsKeys(Workload.Kind.NEW_ORDER, Workload.Kind.ORDER_STATUS, Workload.Kind.CUSTOMER_UPDATE,
                    Workload.Kind.REVIEW, Workload.Kind.LOGIN, Workload.Kind.NEW_PRODUCT, Workload.Kind.DELETE_ORDER, Workload.Kind.DELETE_CUSTOMER);
            assertThat(stats.cascadedRowsDeleted()).as("rows removed by ON DELETE CASCADE / SET NULL").isPositive();

            try (Connection c = servers.admin(DatabaseRole.SOURCE)) {
                WorkloadLedger.Verification v = workload.ledger().verify(c, "source");
                assertThat(v.ok()).as(v.summary()).isTrue();
                assertThat(v.rowsChecked()).isEqualTo(workload.ledger().rowsTouched()).isGreaterThan(200);
                assertThat(workload.ledger().absent()).as("deleted rows, cascades included").isPositive();
                // the triggers ran for the workload's orders
                assertThat(Long.parseLong(rows(c, "SELECT COUNT(*) FROM audit.order_events").get(0))).isGreaterThan(ordersBefore - 1);
            }
        } finally {
            pair.source().execute("SET GLOBAL read_only = OFF");
        }
    }

    @Test
    @Order(3)
    void theLedgerNamesAWriteThatIsMissingChangedOrResurrected() throws Exception {
        Workload workload = new Workload(servers::app, 100, 7, Clock.systemUTC());
        workload.allowCascades();
        workload.start();
        awaitCommitted(workload, 100);
        workload.stop();
        assertThat(workload.stats().stopReason()).isEqualTo(Workload.StopReason.STOPPED);
        WorkloadLedger ledger = workload.ledger();
        try (Connection c = servers.admin(DatabaseRole.SOURCE); Statement s = c.createStatement()) {
            assertThat(ledger.verify(c, "source").ok()).isTrue();
            // change the newest review the workload wrote, and delete the newest login attempt
            s.execute("SET SESSION foreign_key_checks = 0");
            long review = Long.parseLong(rows(c, "SELECT MAX(id) FROM shop.reviews").get(0));
            long login = Long.parseLong(rows(c, "SELECT MAX(id) FROM audit.login_attempts").get(0));
            s.executeUpdate("UPDATE shop.reviews SET body = 'tampered' WHERE id = " + review);
            s.executeUpdate("DELETE FROM audit.login_attempts WHERE id = " + login);
            WorkloadLedger.Verification v = ledger.verify(c, "source");
            assertThat(v.ok()).isFalse();
            assertThat(v.missing()).isEqualTo(1);
            assertThat(v.different()).isEqualTo(1);
            assertThat(v.examples()).anySatisfy(e -> assertThat(e).isEqualTo("audit.login_attempts[" + login + "] missing"))
                    .anySatisfy(e -> assertThat(e).startsWith("shop.reviews[" + review + "].body is tampered, the workload wrote "));
        }
    }

    private static void awaitCommitted(Workload workload, long transactions) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (workload.stats().committed() < transactions) {
            assertThat(System.nanoTime()).as("the workload committed only %s: %s", workload.stats().committed(), workload.stats().errors())
                    .isLessThan(deadline);
            assertThat(workload.isRunning()).as("workload errors: %s", workload.stats().errors()).isTrue();
            Thread.sleep(50);
        }
    }

    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
