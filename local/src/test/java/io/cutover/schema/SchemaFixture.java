package io.cutover.schema;

import io.cutover.local.db.MariaDbServer;
import java.util.ArrayList;
import java.util.List;

/**
 * A source schema with everything that breaks naive schema copies: composite, self-referencing and cross-schema
 * foreign keys with CASCADE / SET NULL / RESTRICT / NO ACTION, partitions, stored and virtual generated columns,
 * column charsets and comments, AUTO_INCREMENT, reserved words, backticks, quotes, spaces and utf8mb4 in names;
 * procedures and functions with DEFINER, SQL SECURITY and their own sql_mode and charset context, views on views
 * (alphabetical order opposite to dependency order, one across schemas), BEFORE/AFTER triggers with PRECEDES,
 * events ENABLED and DISABLED in another time zone.
 *
 * <p>Foreign keys: 3 cascading (orders→customers CASCADE; order lines→orders composite CASCADE/CASCADE;
 * employees→employees SET NULL) and 3 not (tab`quote→customers, 商品→customers, B.factures→A.customers).
 */
final class SchemaFixture {
    static final int TABLES_A = 8;
    static final int TABLES_B = 1;
    static final int FOREIGN_KEYS = 6;
    static final int CASCADING = 3;
    static final int PROCEDURES = 2;
    static final int FUNCTIONS = 1;
    static final int VIEWS = 5;
    static final int TRIGGERS = 4;
    static final int EVENTS = 2;

    private SchemaFixture() {}

    /** Creates schema {@code a} (tables, data, all deferred objects) and {@code b} (a table and a view reading {@code a}). */
    static void create(MariaDbServer source, String a, String b) {
        source.execute(statements(a, b).toArray(String[]::new));
    }

    static List<String> statements(String a, String b) {
        String qa = "`" + a + "`";
        String qb = "`" + b + "`";
        List<String> s = new ArrayList<>();
        s.add("CREATE DATABASE " + qa + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        s.add("CREATE DATABASE " + qb + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        s.add("USE " + qa);
        s.add("""
                CREATE TABLE customers (
                  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  email VARCHAR(191) NOT NULL,
                  `select` VARCHAR(50) COMMENT 'a reserved word, as a column',
                  legacy_name VARCHAR(40) CHARACTER SET latin1 COLLATE latin1_swedish_ci,
                  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
                  UNIQUE KEY uq_email (email)
                ) ENGINE=InnoDB AUTO_INCREMENT=1000 COMMENT='customers, with a comma'""");
        s.add("""
                CREATE TABLE orders (
                  id INT NOT NULL, shop_id SMALLINT NOT NULL, customer_id INT NOT NULL,
                  status ENUM('new','paid','shipped') NOT NULL DEFAULT 'new', total DECIMAL(12,2) NOT NULL DEFAULT 0,
                  PRIMARY KEY (id, shop_id), KEY ix_customer (customer_id),
                  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
                )""");
        s.add("""
                CREATE TABLE `order lines` (
                  order_id INT NOT NULL, shop_id SMALLINT NOT NULL, line_no INT NOT NULL, qty INT NOT NULL, price DECIMAL(10,2) NOT NULL,
                  amount DECIMAL(12,2) AS (qty * price) STORED, discounted DECIMAL(12,2) AS (qty * price * 0.9) VIRTUAL,
                  PRIMARY KEY (order_id, shop_id, line_no),
                  CONSTRAINT `fk lines→order` FOREIGN KEY (order_id, shop_id) REFERENCES orders (id, shop_id) ON DELETE CASCADE ON UPDATE CASCADE
                )""");
        s.add("""
                CREATE TABLE employees (id INT PRIMARY KEY, name VARCHAR(50), manager_id INT, KEY ix_manager (manager_id),
                  CONSTRAINT fk_manager FOREIGN KEY (manager_id) REFERENCES employees (id) ON DELETE SET NULL)""");
        s.add("CREATE TABLE audit_log (id BIGINT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(200), at DATETIME(6))");
        s.add("""
                CREATE TABLE metrics (yr SMALLINT NOT NULL, id INT NOT NULL, v DOUBLE, PRIMARY KEY (yr, id))
                  PARTITION BY RANGE (yr) (PARTITION p2023 VALUES LESS THAN (2024), PARTITION p2024 VALUES LESS THAN (2025),
                  PARTITION pmax VALUES LESS THAN MAXVALUE)""");
        s.add("""
                CREATE TABLE `tab``quote "x"` (id INT PRIMARY KEY, `it's` VARCHAR(10), customer_id INT,
                  CONSTRAINT `fk'quote` FOREIGN KEY (customer_id) REFERENCES customers (id))""");
        s.add("""
                CREATE TABLE `商品` (id INT PRIMARY KEY, `名前` VARCHAR(50) COMMENT '品名', customer_id INT,
                  CONSTRAINT `fk_商品` FOREIGN KEY (customer_id) REFERENCES customers (id) ON UPDATE NO ACTION)""");
        s.add("INSERT INTO customers (id, email, `select`, legacy_name) VALUES (1, 'a@example.com', 's', 'Zoë'), (2, 'b@example.com', NULL, 'Åsa')");
        s.add("INSERT INTO orders VALUES (10, 1, 1, 'new', 5), (11, 1, 2, 'paid', 7)");
        s.add("INSERT INTO `order lines` (order_id, shop_id, line_no, qty, price) VALUES (10, 1, 1, 2, 2.50), (11, 1, 1, 1, 7)");
        s.add("INSERT INTO employees VALUES (1, 'boss', NULL), (2, 'dev', 1)");
        s.add("INSERT INTO metrics VALUES (2023, 1, 1.5), (2024, 1, 2.5)");

        s.add("USE " + qb);
        s.add("CREATE TABLE factures (id INT PRIMARY KEY, customer_id INT NOT NULL, "
                + "CONSTRAINT fk_facture_customer FOREIGN KEY (customer_id) REFERENCES " + qa + ".customers (id) ON DELETE RESTRICT)");

        // routines, each in its own sql_mode and character set context
        s.add("USE " + qa);
        s.add("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO'");
        s.add("""
                CREATE DEFINER=`app`@`%` PROCEDURE refund(IN p_order INT, OUT p_msg VARCHAR(200))
                  COMMENT 'refunds; mentions DEFINER in a string'
                  SQL SECURITY DEFINER
                BEGIN
                  DECLARE v_total DECIMAL(12,2);
                  SELECT total INTO v_total FROM orders WHERE id = p_order LIMIT 1;
                  SET p_msg = CONCAT('remboursé 💶 ', v_total, ' DEFINER=`root`@`localhost`');
                END""");
        s.add("SET SESSION sql_mode = ''");
        s.add("CREATE DEFINER=`we``ird`@`%` PROCEDURE `proc ``odd`` name`() SQL SECURITY INVOKER SELECT 1");
        s.add("SET SESSION character_set_client = latin1");
        s.add("CREATE DEFINER=root@localhost FUNCTION net_price(p DECIMAL(12,2)) RETURNS DECIMAL(12,2) DETERMINISTIC NO SQL RETURN p * 0.8");
        s.add("SET SESSION character_set_client = utf8mb4");
        s.add("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'");

        // views on views: alphabetical order is the opposite of the dependency order
        s.add("CREATE ALGORITHM=MERGE DEFINER=`app`@`%` SQL SECURITY DEFINER VIEW c_base AS "
                + "SELECT o.id, o.shop_id, o.total, c.email FROM orders o JOIN customers c ON c.id = o.customer_id");
        s.add("CREATE SQL SECURITY INVOKER VIEW b_mid AS SELECT id, shop_id, net_price(total) AS net FROM c_base WHERE total > 1");
        s.add("CREATE VIEW a_top AS SELECT b.id, b.net FROM b_mid b JOIN `order lines` l ON l.order_id = b.id");
        s.add("CREATE VIEW `view \"odd\" ``name``` AS SELECT `select` AS `sélection` FROM customers");
        s.add("USE " + qb);
        s.add("CREATE VIEW v_cross AS SELECT t.id, t.net FROM " + qa + ".a_top t");
        s.add("USE " + qa);

        // triggers: BEFORE and AFTER, an odd definer, and an order set with PRECEDES
        s.add("CREATE TRIGGER orders_bi BEFORE INSERT ON orders FOR EACH ROW SET NEW.status = COALESCE(NEW.status, 'new')");
        s.add("CREATE DEFINER=`we``ird`@`%` TRIGGER orders_ai AFTER INSERT ON orders FOR EACH ROW "
                + "INSERT INTO audit_log (msg, at) VALUES (CONCAT('order ', NEW.id, ' créée'), NOW(6))");
        s.add("CREATE TRIGGER orders_au_2 AFTER UPDATE ON orders FOR EACH ROW INSERT INTO audit_log (msg, at) VALUES ('second', NOW(6))");
        s.add("CREATE TRIGGER orders_au_1 AFTER UPDATE ON orders FOR EACH ROW PRECEDES orders_au_2 "
                + "INSERT INTO audit_log (msg, at) VALUES ('first', NOW(6))");

        // events in another time zone, one enabled, one disabled
        s.add("SET SESSION time_zone = '+02:00'");
        s.add("CREATE DEFINER=`app`@`%` EVENT purge_audit ON SCHEDULE EVERY 1 DAY STARTS '2031-01-01 03:00:00' ON COMPLETION PRESERVE "
                + "ENABLE COMMENT 'nightly' DO DELETE FROM audit_log WHERE at < NOW() - INTERVAL 30 DAY");
        s.add("CREATE EVENT `event ``odd``` ON SCHEDULE AT '2032-06-01 00:00:00' ON COMPLETION PRESERVE DISABLE DO UPDATE metrics SET v = v + 1");
        s.add("SET SESSION time_zone = SYSTEM");
        return s;
    }
}
