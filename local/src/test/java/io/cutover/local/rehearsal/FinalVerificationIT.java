package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.DatabaseRole;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The rehearsal's own verification on a private pair: the same sample generated on both servers is identical, and
 * each kind of difference (a changed value, a missing row, a missing trigger or foreign key, a changed partition) is
 * found and named; the source's write state is read and probed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FinalVerificationIT {
    private static DatabasePair pair;
    private static RehearsalServers servers;
    private static FinalVerification verification;

    @BeforeAll
    static void start() throws Exception {
        pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target());
        servers = RehearsalServers.of(pair);
        for (DatabaseRole role : DatabaseRole.values()) {
            try (Connection c = servers.admin(role)) {
                SampleDatabase.create(c, 3_000, t -> { });
            }
        }
        verification = new FinalVerification(servers, SampleDatabase.SCHEMAS);
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    @Order(1)
    void theSameSampleOnBothServersIsIdenticalRowForRowWithEveryObject() throws Exception {
        FinalVerification.TablesReport tables = verification.compareTables();
        assertThat(tables.identical()).as(tables.summary()).isTrue();
        assertThat(tables.tables()).hasSize(7);
        assertThat(tables.rowsCompared()).isEqualTo(SampleDatabase.Plan.forRows(3_000).total());
        assertThat(tables.tables()).allSatisfy(t -> assertThat(t.sourceChecksum()).isNotZero());
        FinalVerification.ObjectsReport objects = verification.compareObjects();
        assertThat(objects.complete()).as(objects.summary()).isTrue();
        assertThat(objects.onSource()).containsEntry("ROUTINE", 2).containsEntry("TRIGGER", 2).containsEntry("VIEW", 2)
                .containsEntry("EVENT", 1).containsEntry("FOREIGN KEY", 5).containsEntry("PARTITION", 8);
        assertThat(objects.summary()).isEqualTo("on the target as on the source: 2 routines, 2 triggers, 2 views, 1 event, 5 foreign keys, 8 partitions");
    }

    @Test
    @Order(2)
    void aChangedValueAMissingRowAndAnExtraRowAreLocatedByKey() throws Exception {
        try (Connection c = servers.admin(DatabaseRole.TARGET); Statement s = c.createStatement()) {
            s.execute("SET SESSION foreign_key_checks = 0");
            s.executeUpdate("UPDATE shop.customers SET name = 'Änderung' WHERE id = 5");
            s.executeUpdate("DELETE FROM shop.order_items WHERE order_id = 2 AND line_no = 1");
            s.executeUpdate("INSERT INTO audit.login_attempts (id, customer_id, ip, success, at) VALUES (999999, 1, x'00', 1, '2024-01-01')");
        }
        FinalVerification.TablesReport tables = verification.compareTables();
        assertThat(tables.identical()).isFalse();
        assertThat(tables.differing()).extracting(FinalVerification.TableCheck::table)
                .containsExactly("`audit`.`login_attempts`", "`shop`.`customers`", "`shop`.`order_items`");
        assertThat(tables.differing().get(0).differences()).containsExactly("[id=999999] only on the target");
        assertThat(tables.differing().get(1).differences()).singleElement().satisfies(d ->
                assertThat(d).startsWith("[id=5].name differs (source '").endsWith("', target 'Änderung')"));
        assertThat(tables.differing().get(2).differences()).containsExactly("[order_id=2, line_no=1] missing on the target");
        assertThat(tables.differing().get(2).targetRows()).isEqualTo(tables.differing().get(2).sourceRows() - 1);
        assertThat(tables.summary()).startsWith("3 of 7 tables differ: ");
    }

    @Test
    @Order(3)
    void aMissingTriggerForeignKeyOrPartitionIsNamed() throws Exception {
        pair.target().execute("DROP TRIGGER shop.orders_after_update",
                "ALTER TABLE shop.reviews DROP FOREIGN KEY fk_reviews_product",
                "ALTER TABLE audit.order_events REMOVE PARTITIONING");
        FinalVerification.ObjectsReport objects = verification.compareObjects();
        assertThat(objects.complete()).isFalse();
        assertThat(objects.missingOnTarget().get("TRIGGER")).containsExactly("shop.orders_after_update AFTER UPDATE ON orders");
        assertThat(objects.missingOnTarget().get("FOREIGN KEY"))
                .containsExactly("shop.reviews.fk_reviews_product (product_id) -> shop.products ON DELETE SET NULL ON UPDATE RESTRICT");
        assertThat(objects.missingOnTarget().get("PARTITION")).hasSize(4).allSatisfy(p -> assertThat(p).startsWith("audit.order_events p"));
        assertThat(objects.missingOnTarget().get("ROUTINE")).isEmpty();
        assertThat(objects.missing()).isEqualTo(6);
    }

    @Test
    @Order(4)
    void theSourcesWriteStateIsReadAndProvedByTheApplicationAccount() throws Exception {
        FinalVerification.SourceWrites open = verification.sourceWrites();
        assertThat(open.readOnly()).isFalse();
        assertThat(open.writeRefused()).isFalse();
        assertThat(open.summary()).isEqualTo("read_only OFF, a write by the application account succeeds");
        pair.source().execute("SET GLOBAL read_only = ON");
        try {
            FinalVerification.SourceWrites frozen = verification.sourceWrites();
            assertThat(frozen.readOnly()).isTrue();
            assertThat(frozen.writeRefused()).isTrue();
            assertThat(frozen.summary()).isEqualTo("read_only ON, a write by the application account is refused");
        } finally {
            pair.source().execute("SET GLOBAL read_only = OFF");
        }
    }
}
