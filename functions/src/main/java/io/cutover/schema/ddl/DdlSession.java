package io.cutover.schema.ddl;

import io.cutover.core.db.Database;

/**
 * Session settings for reading and replaying DDL, as mysqldump uses them: with {@code sql_mode=''} the server
 * prints DDL with backticks and every table option (ANSI_QUOTES or the 5.7 NO_*_OPTIONS flags would change
 * SHOW CREATE output), and tables whose defaults a strict mode would reject (zero dates) can be created as on
 * the source; NO_ENGINE_SUBSTITUTION makes an engine the target lacks an error instead of a silent InnoDB table. Foreign key checks are off while Cutover adds constraints whose data it checked itself.
 */
public final class DdlSession {
    private DdlSession() {}

    /** For reading SHOW CREATE … on either side. */
    public static void forReading(Database db) {
        db.update("SET SESSION sql_mode = ''");
        db.update("SET SESSION sql_quote_show_create = 1");
    }

    /** For creating tables and adding or dropping foreign keys on the target. */
    public static void forTableDdl(Database db) {
        forReading(db);
        db.update("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
        db.update("SET SESSION foreign_key_checks = 0");
    }

    public static void use(Database db, String schema) {
        db.update("USE " + io.cutover.core.sql.Sql.quote(schema));
    }
}
