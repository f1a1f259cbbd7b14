package io.cutover.local.rehearsal;

import io.cutover.core.json.Json;
import io.cutover.local.rehearsal.WorkloadLedger.Change;
import io.cutover.local.rehearsal.WorkloadLedger.Deleted;
import io.cutover.local.rehearsal.WorkloadLedger.RowKey;
import io.cutover.local.rehearsal.WorkloadLedger.Written;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The application during the rehearsal: one writer on the source, as the workload account (DML only), committing
 * multi-statement transactions at a chosen rate on the sample database: new orders with their lines and the
 * total recalculated by a stored procedure (the order triggers write audit rows), status and customer updates,
 * reviews, login attempts, and deletes, including parents whose children go by {@code ON DELETE CASCADE} or
 * {@code SET NULL}. Every committed transaction goes into the {@link WorkloadLedger}.
 *
 * <p>Cascading deletes start only when {@link #allowCascades} is called (the rehearsal calls it once CDC applies
 * changes with the target's foreign keys acting): the binlog does not carry what a cascade changed, and DMS applies
 * changes cached during the full load without foreign key checks, so a cascade on the source during the load is
 * not repeated on the target. That is a real DMS gap, which the state machine blocks on (orphan rows before CDC).
 *
 * <p>When the source is frozen, statements fail with error 1290 (read_only); the transaction is rolled back, the
 * refusal is counted (nothing was committed, so nothing is lost) and the writer stops. One writer, so the ledger's
 * order is the commit order.
 */
public final class Workload implements AutoCloseable {
    /** MySQL/MariaDB ER_OPTION_PREVENTS_STATEMENT: "running with the --read-only option". */
    static final int READ_ONLY = 1290;

    public enum Kind { NEW_ORDER, ORDER_STATUS, CUSTOMER_UPDATE, REVIEW, LOGIN, DELETE_ITEM, NEW_PRODUCT, DELETE_ORDER, DELETE_CUSTOMER, DELETE_PRODUCT }

    /** Why the writer stopped. */
    public enum StopReason { RUNNING, STOPPED, FROZEN, FAILED }

    /** Counters, a consistent copy. */
    public record Stats(long committed, Map<Kind, Long> byKind, long rowsInserted, long rowsUpdated, long rowsDeleted,
                        long cascadedRowsDeleted, long refusedByFreeze, long failed, long uncertain, List<String> errors,
                        Instant startedAt, Instant lastCommitAt, Instant firstRefusalAt, Instant stoppedAt, StopReason stopReason,
                        double targetRate, String endpoint, Instant switchedAt, long committedAfterSwitch) {
        public double achievedRate() {
            if (startedAt == null || committed == 0) {
                return 0;
            }
            Instant end = stoppedAt != null ? stoppedAt : lastCommitAt;
            double seconds = Duration.between(startedAt, end).toMillis() / 1000.0;
            return seconds <= 0 ? 0 : committed / seconds;
        }
    }

    private static final String[] STATUSES = {"new", "paid", "shipped", "cancelled"};
    private static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
    private static final String[] FLAGS = {"", "newsletter", "sms,vip", "newsletter,sms,vip,b2b", "b2b"};
    private static final String[] WORDS = {"Parfait ✨", "Très bien", "Sehr gut", "とても良い", "Great 👍", "Meh", "Ótimo", "Хорошо"};

    private final Supplier<Connection> connections;
    private final double rate;
    private final Clock clock;
    private final Random random;
    private final WorkloadLedger ledger = new WorkloadLedger();
    /** With {@link #follow}: the transactions committed before the switch, which only the source has. */
    private final WorkloadLedger sourceLedger = new WorkloadLedger();
    private volatile Follow follow;
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<Runnable> onFrozen = new CopyOnWriteArrayList<>();
    private volatile boolean stopRequested;
    private volatile boolean cascades;
    private Thread thread;

    // the writer's view of the data (the writer thread only)
    private long maxCustomer;
    private long maxOrder;
    private long maxProduct;
    private long sampleProducts;
    private final Set<Long> deletedCustomers = new HashSet<>();
    private final Set<Long> deletedOrders = new HashSet<>();
    private final List<Long> workloadProducts = new ArrayList<>();
    private long sequence;

    // counters (guarded by this)
    private long committed;
    private final Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
    private long inserted;
    private long updated;
    private long deleted;
    private long cascaded;
    private long refused;
    private long failed;
    private long uncertainCount;
    private final List<String> errors = new ArrayList<>();
    private Instant startedAt;
    private Instant lastCommitAt;
    private Instant firstRefusalAt;
    private Instant stoppedAt;
    private StopReason stopReason = StopReason.RUNNING;
    private String endpointInUse;
    private Instant switchedAt;
    private long committedAfterSwitch;

    /**
     * The application as it follows its endpoint through the switch (local/rehearse --switch): {@code endpoint} reads
     * where the application is told to connect (the stand-in of the parameter, secret or DNS record), {@code connect}
     * opens a workload session there. Frozen out of the source, the writer waits until the endpoint names another
     * server, reconnects there and goes on writing.
     */
    public record Follow(Supplier<String> endpoint, java.util.function.Function<String, Connection> connect) {}

    /**
     * @param connections opens a session as the workload account on the source
     * @param ratePerSecond transactions per second (the writer never bursts to catch up more than a second)
     */
    public Workload(Supplier<Connection> connections, double ratePerSecond, long seed, Clock clock) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("the write rate must be positive");
        }
        this.connections = connections;
        this.rate = ratePerSecond;
        this.clock = clock;
        this.random = new Random(seed);
    }

    /** Every committed transaction: what the target must hold at the end (with {@link #follow}: also after the switch). */
    public WorkloadLedger ledger() {
        return ledger;
    }

    /** What the source must hold: every transaction, or with {@link #follow} those committed before the switch. */
    public WorkloadLedger sourceLedger() {
        return follow == null ? ledger : sourceLedger;
    }

    /** Follow the application's endpoint through the switch (before {@link #start}). */
    public Workload follow(Follow f) {
        this.follow = f;
        return this;
    }

    /** Called once, on the writer thread, when the first write is refused by the freeze. */
    public Workload onFrozen(Runnable listener) {
        onFrozen.add(listener);
        return this;
    }

    /** From now on the workload also deletes parent rows (cascades and SET NULL act on the source). */
    public void allowCascades() {
        cascades = true;
    }

    public boolean cascadesAllowed() {
        return cascades;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("started already");
        }
        thread = new Thread(this::run, "cutover-rehearsal-workload");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the writer after its current transaction and waits for it. */
    public void stop() {
        stopRequested = true;
        awaitStopped(Duration.ofSeconds(60));
    }

    public boolean awaitStopped(Duration timeout) {
        if (thread == null) {
            return true;
        }
        try {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isRunning() {
        return thread != null && done.getCount() > 0;
    }

    public synchronized Stats stats() {
        return new Stats(committed, Map.copyOf(byKind), inserted, updated, deleted, cascaded, refused, failed, uncertainCount,
                List.copyOf(errors), startedAt, lastCommitAt, firstRefusalAt, stoppedAt, stopReason, rate, endpointInUse, switchedAt,
                committedAfterSwitch);
    }

    @Override
    public void close() {
        stop();
    }

    private void run() {
        StopReason reason = StopReason.STOPPED;
        Connection c = null;
        try {
            c = open();
            readBounds(c);
            synchronized (this) {
                startedAt = clock.instant();
            }
            long interval = (long) (1_000_000_000L / rate);
            long next = System.nanoTime();
            while (!stopRequested) {
                long now = System.nanoTime();
                if (now < next) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(next - now, 200_000_000L));
                    continue;
                }
                next = Math.max(next + interval, now - 1_000_000_000L);
                if (c == null || c.isClosed()) {
                    close(c);
                    c = open();
                }
                if (transaction(c)) {
                    onFrozen.forEach(Runnable::run);
                    if (follow != null && switchedAt == null) {
                        close(c);
                        c = null;
                        String moved = awaitOtherEndpoint();
                        if (moved != null) {
                            synchronized (this) {
                                endpointInUse = moved;
                                switchedAt = clock.instant();
                            }
                            continue; // reconnects to the endpoint the application now reads
                        }
                    }
                    reason = StopReason.FROZEN;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | SQLException e) {
            reason = StopReason.FAILED;
            error("the workload stopped: " + e.getMessage());
        } finally {
            close(c);
            synchronized (this) {
                stoppedAt = clock.instant();
                stopReason = reason;
            }
            done.countDown();
        }
    }

    /** The endpoint once it names another server than the one in use; null when stopped first. */
    private String awaitOtherEndpoint() throws InterruptedException {
        while (!stopRequested) {
            String now = follow.endpoint().get();
            if (now != null && !now.equals(endpointInUse)) {
                return now;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return null;
    }

    private Connection open() throws SQLException {
        Connection c;
        if (follow != null) {
            synchronized (this) {
                if (endpointInUse == null) {
                    endpointInUse = follow.endpoint().get();
                }
            }
            c = follow.connect().apply(endpointInUse);
        } else {
            c = connections.get();
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION time_zone = '+00:00'");
        }
        return c;
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken session
            }
        }
    }

    private void readBounds(Connection c) throws SQLException {
        maxCustomer = max(c, "shop.customers");
        maxOrder = max(c, "shop.orders");
        maxProduct = max(c, "shop.products");
        sampleProducts = maxProduct;
        c.commit();
        if (maxCustomer == 0 || maxProduct == 0) {
            throw new IllegalStateException("the sample database is empty (no customers or products)");
        }
    }

    private static long max(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT IFNULL(MAX(id), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One transaction; returns true when the source refused it because it is frozen. */
    private boolean transaction(Connection c) {
        Kind kind = pick();
        List<Change> changes = new ArrayList<>();
        int[] counts = new int[4]; // inserted, updated, deleted, cascaded
        try {
            run(kind, c, changes, counts);
        } catch (SQLException e) {
            rollback(c);
            if (e.getErrorCode() == READ_ONLY) {
                synchronized (this) {
                    refused++;
                    if (firstRefusalAt == null) {
                        firstRefusalAt = clock.instant();
                    }
                }
                return true;
            }
            synchronized (this) {
                failed++;
            }
            error(kind + ": [" + e.getErrorCode() + "] " + e.getMessage());
            return false;
        }
        try {
            c.commit();
        } catch (SQLException e) {
            if (e.getErrorCode() == READ_ONLY) {
                rollback(c);
                synchronized (this) {
                    refused++;
                    if (firstRefusalAt == null) {
                        firstRefusalAt = clock.instant();
                    }
                }
                return true;
            }
            // The session broke during COMMIT: the transaction may or may not have committed.
            ledger.uncertain(changes);
            if (follow != null && switchedAt == null) {
                sourceLedger.uncertain(changes);
            }
            synchronized (this) {
                uncertainCount++;
            }
            error(kind + " COMMIT: [" + e.getErrorCode() + "] " + e.getMessage());
            return false;
        }
        ledger.commit(changes);
        if (follow != null && switchedAt == null) {
            sourceLedger.commit(changes);
        }
        apply(kind, changes);
        synchronized (this) {
            if (switchedAt != null) {
                committedAfterSwitch++;
            }
            committed++;
            byKind.merge(kind, 1L, Long::sum);
            inserted += counts[0];
            updated += counts[1];
            deleted += counts[2];
            cascaded += counts[3];
            lastCommitAt = clock.instant();
        }
        return false;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the session is gone; nothing was committed
        }
    }

    private synchronized void error(String message) {
        if (errors.size() < 20) {
            errors.add(message);
        }
    }

    private Kind pick() {
        int p = random.nextInt(100);
        if (p < 30) {
            return Kind.NEW_ORDER;
        } else if (p < 48) {
            return Kind.ORDER_STATUS;
        } else if (p < 62) {
            return Kind.CUSTOMER_UPDATE;
        } else if (p < 72) {
            return Kind.REVIEW;
        } else if (p < 82) {
            return Kind.LOGIN;
        } else if (p < 87) {
            return Kind.NEW_PRODUCT;
        } else if (p < 92) {
            return cascades ? Kind.DELETE_ORDER : Kind.DELETE_ITEM;
        } else if (p < 96) {
            return cascades ? Kind.DELETE_CUSTOMER : Kind.DELETE_ITEM;
        } else {
            return cascades && !workloadProducts.isEmpty() ? Kind.DELETE_PRODUCT : Kind.DELETE_ITEM;
        }
    }

    /** Remembers what a committed transaction created or deleted, so later ones pick rows that exist. */
    private void apply(Kind kind, List<Change> changes) {
        for (Change ch : changes) {
            RowKey row = ch instanceof Deleted d ? d.row() : ((Written) ch).row();
            long id = row.key().get(0);
            if (ch instanceof Deleted) {
                switch (row.table()) {
                    case "shop.customers" -> deletedCustomers.add(id);
                    case "shop.orders" -> deletedOrders.add(id);
                    case "shop.products" -> workloadProducts.remove(id);
                    default -> { }
                }
            } else if (kind == Kind.NEW_ORDER || kind == Kind.NEW_PRODUCT) {
                switch (row.table()) {
                    case "shop.customers" -> maxCustomer = Math.max(maxCustomer, id);
                    case "shop.orders" -> maxOrder = Math.max(maxOrder, id);
                    case "shop.products" -> {
                        if (!workloadProducts.contains(id)) {
                            workloadProducts.add(id);
                        }
                    }
                    default -> { }
                }
            }
        }
    }

    private long liveCustomer() {
        for (int i = 0; i < 20; i++) {
            long id = 1 + (long) (random.nextDouble() * maxCustomer);
            if (!deletedCustomers.contains(id)) {
                return id;
            }
        }
        return -1;
    }

    private long liveOrder() {
        for (int i = 0; i < 20; i++) {
            long id = 1 + (long) (random.nextDouble() * maxOrder);
            if (!deletedOrders.contains(id)) {
                return id;
            }
        }
        return -1;
    }

    private String tag() {
        return "w" + (++sequence);
    }

    private void run(Kind kind, Connection c, List<Change> changes, int[] counts) throws SQLException {
        switch (kind) {
            case NEW_ORDER -> newOrder(c, changes, counts);
            case ORDER_STATUS -> {
                long order = liveOrder();
                if (order < 0) {
                    return;
                }
                String status = STATUSES[random.nextInt(STATUSES.length)];
                String note = "status " + status + " by " + tag() + " ✓";
                if (update(c, "UPDATE shop.orders SET status = ?, note = ? WHERE id = ?", status, note, order) == 1) {
                    changes.add(new Written(new RowKey("shop.orders", List.of(order)), cols("status", status, "note", note)));
                    counts[1]++;
                }
            }
            case CUSTOMER_UPDATE -> {
                long customer = liveCustomer();
                if (customer < 0) {
                    return;
                }
                String tier = TIERS[random.nextInt(TIERS.length)];
                String flags = FLAGS[random.nextInt(FLAGS.length)];
                String profile = "{\"lang\":\"" + (random.nextBoolean() ? "de" : "pt") + "\",\"score\":" + random.nextInt(100)
                        + ",\"by\":\"" + tag() + "\",\"motto\":\"Ça va 😀\"}";
                if (update(c, "UPDATE shop.customers SET tier = ?, flags = ?, profile = ? WHERE id = ?", tier, flags, profile, customer) == 1) {
                    changes.add(new Written(new RowKey("shop.customers", List.of(customer)),
                            cols("tier", tier, "flags", flags, "profile", Json.parse(profile))));
                    counts[1]++;
                }
            }
            case REVIEW -> {
                long customer = liveCustomer();
                long product = 1 + random.nextInt((int) Math.min(Integer.MAX_VALUE, sampleProducts));
                if (customer < 0) {
                    return;
                }
                long rating = 1 + random.nextInt(5);
                String body = WORDS[random.nextInt(WORDS.length)] + " " + tag();
                long id = insert(c, "INSERT INTO shop.reviews (product_id, customer_id, rating, body) VALUES (?, ?, ?, ?)", product, customer, rating, body);
                changes.add(new Written(new RowKey("shop.reviews", List.of(id)),
                        cols("product_id", product, "customer_id", customer, "rating", rating, "body", body)));
                counts[0]++;
            }
            case LOGIN -> {
                long customer = 1 + (long) (random.nextDouble() * maxCustomer);
                long success = random.nextInt(4) == 0 ? 0L : 1L;
                byte[] ip = new byte[16];
                random.nextBytes(ip);
                long id = insert(c, "INSERT INTO audit.login_attempts (customer_id, ip, success) VALUES (?, ?, ?)", customer, ip, success);
                long id2 = insert(c, "INSERT INTO audit.login_attempts (customer_id, ip, success) VALUES (?, ?, ?)", customer, ip, 1L);
                changes.add(new Written(new RowKey("audit.login_attempts", List.of(id)), cols("customer_id", customer, "success", success)));
                changes.add(new Written(new RowKey("audit.login_attempts", List.of(id2)), cols("customer_id", customer, "success", 1L)));
                counts[0] += 2;
            }
            case DELETE_ITEM -> {
                long order = liveOrder();
                if (order < 0) {
                    return;
                }
                List<Long> lines = longs(c, "SELECT line_no FROM shop.order_items WHERE order_id = ? ORDER BY line_no FOR UPDATE", order);
                if (lines.size() < 2) {
                    return; // keep at least one line per order
                }
                long line = lines.get(lines.size() - 1);
                if (update(c, "DELETE FROM shop.order_items WHERE order_id = ? AND line_no = ?", order, line) == 1) {
                    changes.add(new Deleted(new RowKey("shop.order_items", List.of(order, line))));
                    counts[2]++;
                }
            }
            case NEW_PRODUCT -> {
                String tag = tag();
                String sku = "W-" + String.format("%010d", sequence);
                String title = "Produit d'essai " + tag + " 🧪";
                String attributes = "{\"color\":\"teal\",\"weightGrams\":" + (100 + random.nextInt(900)) + ",\"by\":\"" + tag + "\"}";
                BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(90_000), 2);
                long id = insert(c, "INSERT INTO shop.products (sku, title, attributes, price, stock) VALUES (?, ?, ?, ?, ?)",
                        sku, title, attributes, price, 5L);
                changes.add(new Written(new RowKey("shop.products", List.of(id)),
                        cols("sku", sku, "title", title, "attributes", Json.parse(attributes), "price", price, "stock", 5L)));
                long customer = liveCustomer();
                if (customer > 0) {
                    String body = "Premier avis " + tag;
                    long review = insert(c, "INSERT INTO shop.reviews (product_id, customer_id, rating, body) VALUES (?, ?, ?, ?)", id, customer, 5L, body);
                    changes.add(new Written(new RowKey("shop.reviews", List.of(review)),
                            cols("product_id", id, "customer_id", customer, "rating", 5L, "body", body)));
                    counts[0]++;
                }
                counts[0]++;
            }
            case DELETE_ORDER -> {
                long order = liveOrder();
                if (order < 0) {
                    return;
                }
                List<Long> lines = longs(c, "SELECT line_no FROM shop.order_items WHERE order_id = ? FOR UPDATE", order);
                if (update(c, "DELETE FROM shop.orders WHERE id = ?", order) == 1) {
                    changes.add(new Deleted(new RowKey("shop.orders", List.of(order))));
                    for (Long line : lines) {
                        changes.add(new Deleted(new RowKey("shop.order_items", List.of(order, line))));
                    }
                    counts[2]++;
                    counts[3] += lines.size();
                }
            }
            case DELETE_CUSTOMER -> deleteCustomer(c, changes, counts);
            case DELETE_PRODUCT -> {
                long product = workloadProducts.get(random.nextInt(workloadProducts.size()));
                List<Long> reviews = longs(c, "SELECT id FROM shop.reviews WHERE product_id = ? FOR UPDATE", product);
                if (update(c, "DELETE FROM shop.products WHERE id = ?", product) == 1) {
                    changes.add(new Deleted(new RowKey("shop.products", List.of(product))));
                    for (Long review : reviews) {
                        changes.add(new Written(new RowKey("shop.reviews", List.of(review)), cols("product_id", null)));
                    }
                    counts[2]++;
                    counts[3] += reviews.size();
                }
            }
        }
    }

    private void newOrder(Connection c, List<Change> changes, int[] counts) throws SQLException {
        long customer;
        String tag = tag();
        if (random.nextInt(3) == 0) {
            String name = "Kundin " + tag + " Åsa 🌸";
            String email = tag + "@workload.example";
            String profile = "{\"lang\":\"sv\",\"source\":\"workload\"}";
            customer = insert(c, "INSERT INTO shop.customers (name, email, tier, flags, profile, home, created_at) "
                    + "VALUES (?, ?, 'bronze', 'newsletter', ?, POINT(18.07, 59.33), NOW(3))", name, email, profile);
            changes.add(new Written(new RowKey("shop.customers", List.of(customer)),
                    cols("name", name, "email", email, "tier", "bronze", "flags", "newsletter", "profile", Json.parse(profile))));
            counts[0]++;
        } else {
            customer = liveCustomer();
            if (customer < 0) {
                return;
            }
        }
        String note = "order " + tag;
        long order = insert(c, "INSERT INTO shop.orders (customer_id, status, note, placed_at) VALUES (?, 'new', ?, NOW(3))", customer, note);
        int lines = 1 + random.nextInt(3);
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO shop.order_items (order_id, line_no, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)")) {
            for (int line = 1; line <= lines; line++) {
                long product = 1 + random.nextInt((int) Math.min(Integer.MAX_VALUE, sampleProducts));
                long quantity = 1 + random.nextInt(4);
                BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(20_000), 2);
                ps.setLong(1, order);
                ps.setLong(2, line);
                ps.setLong(3, product);
                ps.setLong(4, quantity);
                ps.setBigDecimal(5, price);
                ps.executeUpdate();
                total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
                changes.add(new Written(new RowKey("shop.order_items", List.of(order, (long) line)),
                        cols("product_id", product, "quantity", quantity, "unit_price", price)));
                counts[0]++;
            }
        }
        try (PreparedStatement call = c.prepareStatement("CALL shop.recalculate_order(?)")) {
            call.setLong(1, order);
            call.execute();
        }
        changes.add(new Written(new RowKey("shop.orders", List.of(order)),
                cols("customer_id", customer, "status", "new", "note", note, "total", total)));
        counts[0]++;
    }

    private void deleteCustomer(Connection c, List<Change> changes, int[] counts) throws SQLException {
        long customer = liveCustomer();
        if (customer < 0) {
            return;
        }
        List<Long> orders = longs(c, "SELECT id FROM shop.orders WHERE customer_id = ? FOR UPDATE", customer);
        List<long[]> items = new ArrayList<>();
        for (Long order : orders) {
            for (Long line : longs(c, "SELECT line_no FROM shop.order_items WHERE order_id = ? FOR UPDATE", order)) {
                items.add(new long[] {order, line});
            }
        }
        List<Long> reviews = longs(c, "SELECT id FROM shop.reviews WHERE customer_id = ? FOR UPDATE", customer);
        if (update(c, "DELETE FROM shop.customers WHERE id = ?", customer) != 1) {
            return;
        }
        changes.add(new Deleted(new RowKey("shop.customers", List.of(customer))));
        for (Long order : orders) {
            changes.add(new Deleted(new RowKey("shop.orders", List.of(order))));
        }
        for (long[] item : items) {
            changes.add(new Deleted(new RowKey("shop.order_items", List.of(item[0], item[1]))));
        }
        for (Long review : reviews) {
            changes.add(new Written(new RowKey("shop.reviews", List.of(review)), cols("customer_id", null)));
        }
        counts[2]++;
        counts[3] += orders.size() + items.size() + reviews.size();
    }

    private static Map<String, Object> cols(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof BigDecimal d) {
                ps.setBigDecimal(i + 1, d);
            } else if (a instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static long insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key for: " + sql);
                }
                return keys.getLong(1);
            }
        }
    }

    private static List<Long> longs(Connection c, String sql, Object... args) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
