package io.cutover.core.db;

import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One open session to the source or the target. Logic takes this interface, so that MySQL-only answers
 * (gtid_mode, super_read_only, …) can be replayed from recordings in tests where only MariaDB runs.
 * Failures surface as {@code io.cutover.core.error} exceptions (transient ones are retried by the ASL).
 */
public interface Database extends AutoCloseable {
    DatabaseRole role();

    ServerInfo server();

    /**
     * Global variables by name, read with {@code SHOW GLOBAL VARIABLES}; a name the server does not know is
     * simply absent from the map (MariaDB has no gtid_mode, MySQL no log_bin_compress).
     */
    Map<String, String> globalVariables(Collection<String> names);

    default Optional<String> globalVariable(String name) {
        return Optional.ofNullable(globalVariables(List.of(name)).get(name));
    }

    /** Runs a query with bind parameters and returns all rows. Names in {@code sql} must be quoted with Sql.quote. */
    List<Row> query(String sql, Object... params);

    /** Runs a statement with bind parameters; returns the update count. */
    int update(String sql, Object... params);

    /** The JDBC connection, for streaming reads and transactions; do not close it yourself. */
    Connection jdbc();

    @Override
    void close();
}
