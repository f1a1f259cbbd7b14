package io.cutover.local.rehearsal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rehearsal's sample database: two schemas with what breaks migrations in production.
 * <ul>
 *   <li>{@code shop}: customers (utf8mb4 names with accents, CJK and emoji, ENUM, SET, JSON, a POINT with a spatial
 *       index, DATETIME(3), TIMESTAMP(3)), products (JSON, DECIMAL, BIT), orders ({@code ON DELETE CASCADE} from
 *       customers), order_items (composite key, {@code ON DELETE CASCADE} from orders, a plain foreign key to
 *       products), reviews ({@code ON DELETE SET NULL} to products and customers);</li>
 *   <li>{@code audit}: order_events ({@code PARTITION BY RANGE}, written by triggers on shop.orders),
 *       login_attempts ({@code PARTITION BY HASH}, VARBINARY);</li>
 *   <li>deferred objects: a function and a procedure, two triggers, a view and a view on that view, an event.</li>
 * </ul>
 * Rows are generated on the server (the same rows for the same size on any server) ({@code INSERT … SELECT} over a number sequence, in chunks), deterministic for a
 * size, in roughly these shares: order_items 40 %, orders 20 %, order_events 15 %, customers 10 %, reviews 5 %,
 * login_attempts 5 %, products 1 %. Works on MariaDB (its SEQUENCE engine) and MySQL (a numbers table, dropped after).
 */
public final class SampleDatabase {
    public static final List<String> SCHEMAS = List.of("shop", "audit");
    public static final String SHOP = "shop";
    public static final String AUDIT = "audit";
    private static final long CHUNK = 50_000;

    /** How many rows each table gets for a total of about {@code rows}. */
    public record Plan(long customers, long products, long orders, long reviews, long orderEvents, long loginAttempts) {
        public static Plan forRows(long rows) {
            return new Plan(Math.max(100, rows / 10), Math.max(50, rows / 100), Math.max(100, rows / 5),
                    Math.max(50, rows / 20), Math.max(100, rows * 15 / 100), Math.max(50, rows / 20));
        }

        /** Each order has 1 to 3 lines (order id mod 3, plus one). */
        public long orderItems() {
            long full = orders / 3;
            long items = full * 6;
            for (long id = full * 3 + 1; id <= orders; id++) {
                items += 1 + id % 3;
            }
            return items;
        }

        public long total() {
            return customers + products + orders + orderItems() + reviews + orderEvents + loginAttempts;
        }
    }

    /** What was created: rows per table ({@code schema.table}) and the deferred objects by type. */
    public record Summary(Map<String, Long> rows, Map<String, List<String>> objects, double seconds) {
        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private SampleDatabase() {}

    /** Refuses to go on when a schema of the sample exists (nothing is dropped on a server the rehearsal did not start). */
    public static void requireAbsent(Connection c, String side) throws SQLException {
        List<String> present = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('shop','audit')")) {
            while (rs.next()) {
                present.add(rs.getString(1));
            }
        }
        if (!present.isEmpty()) {
            throw new IllegalStateException(side + ": the sample's schema(s) " + present + " exist already; drop them or migrate them with --database");
        }
    }

    /** Creates the schemas, loads about {@code rows} rows, then creates the deferred objects. */
    public static Summary create(Connection c, long rows, Consumer<String> progress) throws SQLException {
        long started = System.nanoTime();
        Plan plan = Plan.forRows(rows);
        requireAbsent(c, "source");
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
            s.execute("SET SESSION time_zone = '+00:00'");
            for (String ddl : tables(plan)) {
                s.execute(ddl);
            }
            Numbers numbers = Numbers.open(s, Math.max(plan.orders(), Math.max(plan.customers(), plan.orderEvents())));
            try {
                load(s, numbers, "shop.customers", plan.customers(), progress, (a, b) -> """
                        INSERT INTO shop.customers (id, name, email, tier, flags, profile, home, created_at, updated_at)
                        SELECT n.seq,
                          CONCAT(ELT(1 + n.seq %% 8, 'Ana', 'Bjørn', 'Chloé', 'Dmitri', 'Élodie', 'Fatima', 'Giulia', 'Hiroshi'), ' ',
                                 ELT(1 + (n.seq DIV 8) %% 6, 'Lima', 'Østergård', 'Müller', 'Nakamura', 'da Silva', 'O''Brien'),
                                 IF(n.seq %% 7 = 0, ' 🎉', ''), IF(n.seq %% 11 = 0, ' 東京', '')),
                          CONCAT('customer', n.seq, '@example.com'),
                          ELT(1 + n.seq %% 4, 'bronze', 'silver', 'gold', 'platinum'),
                          MAKE_SET(n.seq %% 16, 'newsletter', 'sms', 'vip', 'b2b'),
                          IF(n.seq %% 10 = 0, NULL, JSON_OBJECT('lang', ELT(1 + n.seq %% 3, 'en', 'fr', 'ja'), 'score', n.seq %% 100,
                                                             'tags', JSON_ARRAY('t', n.seq %% 5))),
                          POINT((n.seq * 7919 %% 36000) / 100 - 180, (n.seq * 104729 %% 18000) / 100 - 90),
                          TIMESTAMP('2024-01-01 00:00:00') + INTERVAL n.seq * 37 SECOND + INTERVAL n.seq %% 1000 * 1000 MICROSECOND,
                          TIMESTAMP('2024-01-01 00:00:00') + INTERVAL n.seq * 37 SECOND + INTERVAL n.seq %% 1000 * 1000 MICROSECOND
                        FROM %s
                        """.formatted(numbers.range("n", a, b)));
                load(s, numbers, "shop.products", plan.products(), progress, (a, b) -> """
                        INSERT INTO shop.products (id, sku, title, attributes, price, stock, active)
                        SELECT n.seq, CONCAT('SKU-', LPAD(n.seq, 8, '0')),
                          CONCAT(ELT(1 + n.seq %% 6, 'Chaise', 'Lampe', 'Tasse', 'Teppich', 'Kaffeemühle', 'Étagère'), ' ', n.seq,
                                 IF(n.seq %% 5 = 0, ' ☕', '')),
                          JSON_OBJECT('color', ELT(1 + n.seq %% 4, 'red', 'green', 'blue', 'black'), 'weightGrams', 100 + n.seq %% 5000,
                                      'fragile', IF(n.seq %% 3 = 0, 'yes', 'no')),
                          ROUND(1 + (n.seq * 7907 %% 99900) / 100, 2), n.seq %% 500, IF(n.seq %% 17 = 0, b'0', b'1')
                        FROM %s
                        """.formatted(numbers.range("n", a, b)));
                load(s, numbers, "shop.orders", plan.orders(), progress, (a, b) -> """
                        INSERT INTO shop.orders (id, customer_id, status, total, note, placed_at)
                        SELECT n.seq, 1 + (n.seq * 7) %% %d, ELT(1 + n.seq %% 4, 'new', 'paid', 'shipped', 'cancelled'),
                          ROUND((n.seq * 7919 %% 500000) / 100, 2), IF(n.seq %% 9 = 0, 'gift wrap 🎁', NULL),
                          TIMESTAMP('2024-06-01 00:00:00') + INTERVAL n.seq * 13 SECOND
                        FROM %s
                        """.formatted(plan.customers(), numbers.range("n", a, b)));
                load(s, numbers, "shop.order_items", plan.orders(), progress, (a, b) -> """
                        INSERT INTO shop.order_items (order_id, line_no, product_id, quantity, unit_price)
                        SELECT o.seq, l.seq, 1 + (o.seq * 31 + l.seq * 17) %% %d, 1 + (o.seq + l.seq) %% 5,
                          ROUND(1 + ((o.seq * 31 + l.seq) * 7907 %% 99900) / 100, 2)
                        FROM %s JOIN %s ON l.seq <= 1 + o.seq %% 3
                        """.formatted(plan.products(), numbers.range("o", a, b), numbers.range("l", 1, 3)));
                load(s, numbers, "shop.reviews", plan.reviews(), progress, (a, b) -> """
                        INSERT INTO shop.reviews (id, product_id, customer_id, rating, body)
                        SELECT n.seq, 1 + (n.seq * 13) %% %d, 1 + (n.seq * 11) %% %d, 1 + n.seq %% 5,
                          CONCAT(ELT(1 + n.seq %% 5, 'Très bien', 'Sehr gut', 'とても良い', 'Great 👍', 'Meh'), ' #', n.seq)
                        FROM %s
                        """.formatted(plan.products(), plan.customers(), numbers.range("n", a, b)));
                load(s, numbers, "audit.order_events", plan.orderEvents(), progress, (a, b) -> """
                        INSERT INTO audit.order_events (id, order_id, event, detail, at)
                        SELECT n.seq, 1 + n.seq %% %d, ELT(1 + n.seq %% 4, 'created', 'paid', 'shipped', 'cancelled'),
                          JSON_OBJECT('by', 'sample', 'n', n.seq), TIMESTAMP('2024-06-01 00:00:00') + INTERVAL n.seq * 11 SECOND
                        FROM %s
                        """.formatted(plan.orders(), numbers.range("n", a, b)));
                load(s, numbers, "audit.login_attempts", plan.loginAttempts(), progress, (a, b) -> """
                        INSERT INTO audit.login_attempts (id, customer_id, ip, success, at)
                        SELECT n.seq, 1 + (n.seq * 3) %% %d, UNHEX(LPAD(HEX(n.seq * 2654435761), 32, '0')), n.seq %% 4 <> 0,
                          TIMESTAMP('2024-06-01 00:00:00') + INTERVAL n.seq * 5 SECOND
                        FROM %s
                        """.formatted(plan.customers(), numbers.range("n", a, b)));
            } finally {
                numbers.close(s);
            }
            for (String ddl : deferredObjects()) {
                s.execute(ddl);
            }
            // Fresh statistics: DMS weights its full-load percentage and validation balances its batches by them.
            s.execute("ANALYZE TABLE shop.customers, shop.products, shop.orders, shop.order_items, shop.reviews, "
                    + "audit.order_events, audit.login_attempts");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables()) {
            counts.put(table, count(c, table));
        }
        return new Summary(counts, objects(c), (System.nanoTime() - started) / 1e9);
    }

    /** Every table of the sample, {@code schema.table}. */
    public static List<String> tables() {
        return List.of("shop.customers", "shop.products", "shop.orders", "shop.order_items", "shop.reviews",
                "audit.order_events", "audit.login_attempts");
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The deferred objects present, by type: routines, triggers, views, events ({@code schema.name}). */
    public static Map<String, List<String>> objects(Connection c) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("ROUTINE", names(c, "SELECT CONCAT(ROUTINE_SCHEMA, '.', ROUTINE_NAME, ' (', ROUTINE_TYPE, ')') FROM information_schema.ROUTINES "
                + "WHERE ROUTINE_SCHEMA IN ('shop','audit') ORDER BY 1"));
        out.put("TRIGGER", names(c, "SELECT CONCAT(TRIGGER_SCHEMA, '.', TRIGGER_NAME) FROM information_schema.TRIGGERS "
                + "WHERE TRIGGER_SCHEMA IN ('shop','audit') ORDER BY 1"));
        out.put("VIEW", names(c, "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.VIEWS "
                + "WHERE TABLE_SCHEMA IN ('shop','audit') ORDER BY 1"));
        out.put("EVENT", names(c, "SELECT CONCAT(EVENT_SCHEMA, '.', EVENT_NAME) FROM information_schema.EVENTS "
                + "WHERE EVENT_SCHEMA IN ('shop','audit') ORDER BY 1"));
        return out;
    }

    private static List<String> names(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private interface ChunkSql {
        String sql(long from, long to);
    }

    private static void load(Statement s, Numbers numbers, String table, long count, Consumer<String> progress, ChunkSql chunk) throws SQLException {
        for (long from = 1; from <= count; from += CHUNK) {
            long to = Math.min(count, from + CHUNK - 1);
            s.execute(chunk.sql(from, to));
        }
        progress.accept(table);
    }

    static List<String> tables(Plan plan) {
        long e = plan.orderEvents();
        return List.of(
                "CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE DATABASE audit CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                """
                CREATE TABLE shop.customers (
                  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  name VARCHAR(100) NOT NULL,
                  email VARCHAR(191) NOT NULL,
                  tier ENUM('bronze','silver','gold','platinum') NOT NULL DEFAULT 'bronze',
                  flags SET('newsletter','sms','vip','b2b') NOT NULL DEFAULT '',
                  profile JSON NULL,
                  home POINT NOT NULL,
                  created_at DATETIME(3) NOT NULL,
                  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
                  UNIQUE KEY uk_customers_email (email),
                  SPATIAL KEY sp_customers_home (home)
                ) ENGINE=InnoDB
                """,
                """
                CREATE TABLE shop.products (
                  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  sku CHAR(12) NOT NULL,
                  title VARCHAR(200) NOT NULL,
                  attributes JSON NOT NULL,
                  price DECIMAL(10,2) NOT NULL,
                  stock INT NOT NULL DEFAULT 0,
                  active BIT(1) NOT NULL DEFAULT b'1',
                  UNIQUE KEY uk_products_sku (sku)
                ) ENGINE=InnoDB
                """,
                """
                CREATE TABLE shop.orders (
                  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  customer_id BIGINT UNSIGNED NOT NULL,
                  status ENUM('new','paid','shipped','cancelled') NOT NULL DEFAULT 'new',
                  total DECIMAL(12,2) NOT NULL DEFAULT 0,
                  note VARCHAR(255) NULL,
                  placed_at DATETIME(3) NOT NULL,
                  KEY ix_orders_customer (customer_id),
                  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES shop.customers (id) ON DELETE CASCADE
                ) ENGINE=InnoDB
                """,
                """
                CREATE TABLE shop.order_items (
                  order_id BIGINT UNSIGNED NOT NULL,
                  line_no SMALLINT UNSIGNED NOT NULL,
                  product_id INT UNSIGNED NOT NULL,
                  quantity INT NOT NULL,
                  unit_price DECIMAL(10,2) NOT NULL,
                  PRIMARY KEY (order_id, line_no),
                  KEY ix_items_product (product_id),
                  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES shop.orders (id) ON DELETE CASCADE,
                  CONSTRAINT fk_items_product FOREIGN KEY (product_id) REFERENCES shop.products (id)
                ) ENGINE=InnoDB
                """,
                """
                CREATE TABLE shop.reviews (
                  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  product_id INT UNSIGNED NULL,
                  customer_id BIGINT UNSIGNED NULL,
                  rating TINYINT NOT NULL,
                  body TEXT NOT NULL,
                  KEY ix_reviews_product (product_id),
                  KEY ix_reviews_customer (customer_id),
                  CONSTRAINT fk_reviews_product FOREIGN KEY (product_id) REFERENCES shop.products (id) ON DELETE SET NULL,
                  CONSTRAINT fk_reviews_customer FOREIGN KEY (customer_id) REFERENCES shop.customers (id) ON DELETE SET NULL
                ) ENGINE=InnoDB
                """,
                """
                CREATE TABLE audit.order_events (
                  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
                  order_id BIGINT UNSIGNED NOT NULL,
                  event VARCHAR(20) NOT NULL,
                  detail JSON NULL,
                  at DATETIME(3) NOT NULL,
                  PRIMARY KEY (id),
                  KEY ix_events_order (order_id)
                ) ENGINE=InnoDB
                PARTITION BY RANGE (id) (
                  PARTITION p0 VALUES LESS THAN (%d),
                  PARTITION p1 VALUES LESS THAN (%d),
                  PARTITION p2 VALUES LESS THAN (%d),
                  PARTITION pmax VALUES LESS THAN MAXVALUE
                )
                """.formatted(e / 4 + 1, e / 2 + 1, e * 3 / 4 + 1),
                """
                CREATE TABLE audit.login_attempts (
                  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
                  customer_id BIGINT UNSIGNED NOT NULL,
                  ip VARBINARY(16) NOT NULL,
                  success BOOLEAN NOT NULL,
                  at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                  PRIMARY KEY (id)
                ) ENGINE=InnoDB
                PARTITION BY HASH (id) PARTITIONS 4
                """);
    }

    /**
     * Routines, triggers, views (one on another), an event. The procedure is SQL SECURITY INVOKER: a DEFINER routine
     * would write with its definer's privileges, and on MariaDB an account with READ_ONLY ADMIN writes through
     * read_only, so the freeze would not stop the workload's calls.
     */
    static List<String> deferredObjects() {
        return List.of(
                """
                CREATE FUNCTION shop.order_total(p_order BIGINT UNSIGNED) RETURNS DECIMAL(12,2)
                  READS SQL DATA SQL SECURITY INVOKER
                  RETURN (SELECT IFNULL(SUM(quantity * unit_price), 0) FROM shop.order_items WHERE order_id = p_order)
                """,
                """
                CREATE PROCEDURE shop.recalculate_order(IN p_order BIGINT UNSIGNED)
                  MODIFIES SQL DATA SQL SECURITY INVOKER
                  UPDATE shop.orders SET total = shop.order_total(p_order) WHERE id = p_order
                """,
                """
                CREATE TRIGGER shop.orders_after_insert AFTER INSERT ON shop.orders FOR EACH ROW
                  INSERT INTO audit.order_events (order_id, event, detail, at)
                  VALUES (NEW.id, 'created', JSON_OBJECT('customer', NEW.customer_id), NOW(3))
                """,
                """
                CREATE TRIGGER shop.orders_after_update AFTER UPDATE ON shop.orders FOR EACH ROW
                BEGIN
                  IF NOT (OLD.status <=> NEW.status) THEN
                    INSERT INTO audit.order_events (order_id, event, detail, at)
                    VALUES (NEW.id, NEW.status, JSON_OBJECT('from', OLD.status, 'to', NEW.status), NOW(3));
                  END IF;
                END
                """,
                """
                CREATE VIEW shop.customer_order_totals AS
                  SELECT c.id AS customer_id, c.name, COUNT(o.id) AS orders, IFNULL(SUM(o.total), 0) AS spent
                  FROM shop.customers c LEFT JOIN shop.orders o ON o.customer_id = c.id
                  GROUP BY c.id, c.name
                """,
                """
                CREATE VIEW shop.top_customers AS
                  SELECT customer_id, name, spent FROM shop.customer_order_totals WHERE spent > 1000
                """,
                """
                CREATE EVENT shop.cancel_stale_orders
                  ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00'
                  DO UPDATE shop.orders SET status = 'cancelled' WHERE status = 'new' AND placed_at < NOW() - INTERVAL 30 DAY
                """);
    }

    /** A source of consecutive numbers {@code seq}: MariaDB's SEQUENCE engine, or a numbers table (MySQL). */
    private record Numbers(boolean sequenceEngine) {
        static Numbers open(Statement s, long max) throws SQLException {
            boolean sequence = false;
            try (ResultSet rs = s.executeQuery("SHOW ENGINES")) {
                while (rs.next()) {
                    if ("SEQUENCE".equalsIgnoreCase(rs.getString("Engine")) && !"NO".equalsIgnoreCase(rs.getString("Support"))) {
                        sequence = true;
                    }
                }
            }
            if (!sequence) {
                // Doubling: 1, 2, 4, … rows, each step one INSERT … SELECT; about 2 × max row writes in all.
                s.execute("CREATE TABLE shop.rehearsal_numbers (seq BIGINT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB");
                s.execute("INSERT INTO shop.rehearsal_numbers VALUES (1)");
                for (long have = 1; have < max; have *= 2) {
                    s.execute("INSERT INTO shop.rehearsal_numbers SELECT seq + " + have + " FROM shop.rehearsal_numbers");
                }
            }
            return new Numbers(sequence);
        }

        /** A FROM item {@code <alias>} with column {@code seq} from {@code from} to {@code to}. */
        String range(String alias, long from, long to) {
            if (sequenceEngine) {
                return "shop.seq_" + from + "_to_" + to + " AS " + alias;
            }
            return "(SELECT seq FROM shop.rehearsal_numbers WHERE seq BETWEEN " + from + " AND " + to + ") AS " + alias;
        }

        void close(Statement s) throws SQLException {
            if (!sequenceEngine) {
                s.execute("DROP TABLE shop.rehearsal_numbers");
            }
        }
    }
}
