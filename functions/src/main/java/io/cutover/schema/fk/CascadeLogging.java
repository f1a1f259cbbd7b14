package io.cutover.schema.fk;

import io.cutover.core.db.Database;
import io.cutover.core.db.ServerFlavor;
import io.cutover.core.db.ServerInfo;
import java.util.Locale;

/**
 * Whether the source writes cascaded child changes to its binlog. InnoDB (MySQL up to 9.5, every Aurora
 * MySQL and MariaDB) applies foreign key actions inside the engine: the binlog has the parent's row event
 * only. MySQL 9.6 moved foreign key enforcement to the SQL layer, which logs the child rows too, unless
 * {@code innodb_native_foreign_keys=ON} restores the old behaviour.
 */
public final class CascadeLogging {
    private CascadeLogging() {}

    public static boolean sourceLogsCascades(Database source) {
        ServerInfo server = source.server();
        if (server.flavor() != ServerFlavor.MYSQL || !server.atLeast(9, 6, 0)) {
            return false;
        }
        String nativeKeys = source.globalVariable("innodb_native_foreign_keys").orElse("OFF");
        return !(nativeKeys.toUpperCase(Locale.ROOT).equals("ON") || nativeKeys.equals("1"));
    }
}
