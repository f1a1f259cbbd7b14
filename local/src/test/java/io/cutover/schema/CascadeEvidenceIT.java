package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import io.cutover.core.db.DatabaseRole;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The facts the cascading foreign key policy rests on, shown on real servers: the source's binlog carries the
 * parent's row event only (a CDC reader never sees the cascaded child rows), and the target repeats the cascade
 * only while its session has foreign key checks on, which is why the target endpoint's init statement must be
 * switched from {@code SET FOREIGN_KEY_CHECKS=0} (full load) to nothing (CDC).
 */
@ExtendWith(DatabaseServers.class)
class CascadeEvidenceIT {

    @Test
    void theSourceBinlogHasTheParentDeleteButNotTheCascadedChildDeletes(TestDatabases db) throws Exception {
        String s = TestDatabases.newSchema("binlog");
        db.source().execute("CREATE DATABASE `" + s + "`", "USE `" + s + "`",
                "CREATE TABLE parent (id INT PRIMARY KEY)",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE)",
                "INSERT INTO parent VALUES (1), (2)", "INSERT INTO child VALUES (10, 1), (11, 1), (12, 2)");

        Map<Long, String> tables = new ConcurrentHashMap<>();
        List<String> deletedFrom = new CopyOnWriteArrayList<>();
        CountDownLatch committed = new CountDownLatch(1);
        BinaryLogClient client = new BinaryLogClient(db.source().host(), db.source().port(), "dms", db.pair().password(DatabaseRole.SOURCE, "dms"));
        client.setServerId(424242);
        client.registerEventListener(event -> {
            EventType type = event.getHeader().getEventType();
            if (type == EventType.TABLE_MAP) {
                TableMapEventData d = event.getData();
                tables.put(d.getTableId(), d.getDatabase() + "." + d.getTable());
            } else if (EventType.isDelete(type)) {
                DeleteRowsEventData d = event.getData();
                d.getRows().forEach(row -> deletedFrom.add(tables.get(d.getTableId())));
            } else if (type == EventType.XID && !deletedFrom.isEmpty()) {
                committed.countDown();
            }
        });
        client.connect(10_000);
        try {
            db.source().execute("DELETE FROM `" + s + "`.parent WHERE id = 1");
            assertThat(committed.await(20, TimeUnit.SECONDS)).as("the delete reached the binlog").isTrue();
        } finally {
            client.disconnect();
        }
        assertThat(deletedFrom).containsExactly(s + ".parent");
        assertThat(count(db, true, "SELECT COUNT(*) FROM `" + s + "`.child")).as("the source did cascade").isEqualTo(1);
    }

    @Test
    void theTargetRepeatsTheCascadeOnlyWithForeignKeyChecksOn(TestDatabases db) throws Exception {
        String s = TestDatabases.newSchema("cascade");
        db.target().execute("CREATE DATABASE `" + s + "`", "USE `" + s + "`",
                "CREATE TABLE parent (id INT PRIMARY KEY)",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE)",
                "INSERT INTO parent VALUES (1), (2)", "INSERT INTO child VALUES (10, 1), (11, 2)");
        // what DMS applies for the parent's row event, once under each init statement
        db.target().execute("SET SESSION foreign_key_checks = 0", "DELETE FROM `" + s + "`.parent WHERE id = 1");
        assertThat(count(db, false, "SELECT COUNT(*) FROM `" + s + "`.child WHERE parent_id = 1")).as("checks off: no cascade").isEqualTo(1);
        db.target().execute("DELETE FROM `" + s + "`.parent WHERE id = 2");
        assertThat(count(db, false, "SELECT COUNT(*) FROM `" + s + "`.child WHERE parent_id = 2")).as("checks on: cascaded").isZero();
    }

    private static long count(TestDatabases db, boolean source, String sql) throws Exception {
        try (Connection c = (source ? db.source() : db.target()).rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
