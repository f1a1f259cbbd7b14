package io.cutover.core.db;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import java.util.Locale;

/**
 * Opens a server's binary log as a replica does, with mysql-binlog-connector-java (the client Debezium uses): the one
 * place that positions a client, names its replica server id and maps Cutover's TLS modes. Two readers use it: the
 * validation's changed-keys scan between two positions and the local DMS engine's CDC stream. The user needs
 * REPLICATION SLAVE and REPLICATION CLIENT (BINLOG MONITOR on MariaDB).
 */
public final class BinlogClients {
    private BinlogClients() {}

    /**
     * A client that starts reading at {@code from}. {@code serverId} must be unique among the server's replicas (it
     * drops the older of two with the same id). Keep-alive reconnection is off: each reader decides where to resume.
     */
    public static BinaryLogClient positioned(DbCredentials credentials, BinlogPosition from, long serverId, String tlsMode) {
        BinaryLogClient client = new BinaryLogClient(credentials.host(), credentials.port(), credentials.username(),
                credentials.password());
        client.setServerId(serverId);
        client.setBinlogFilename(from.file());
        client.setBinlogPosition(from.position());
        client.setKeepAlive(false);
        client.setSSLMode(sslMode(tlsMode));
        return client;
    }

    /** DISABLED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY (Cutover's TLS modes, JDBC's sslMode names); anything else: DISABLED. */
    static SSLMode sslMode(String tlsMode) {
        return switch (tlsMode == null ? "" : tlsMode.toUpperCase(Locale.ROOT)) {
            case "REQUIRED" -> SSLMode.REQUIRED;
            case "VERIFY_CA" -> SSLMode.VERIFY_CA;
            case "VERIFY_IDENTITY" -> SSLMode.VERIFY_IDENTITY;
            default -> SSLMode.DISABLED;
        };
    }
}
