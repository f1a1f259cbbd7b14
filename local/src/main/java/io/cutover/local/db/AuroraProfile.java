package io.cutover.local.db;

import java.util.List;

/**
 * The Aurora MySQL 3 profile of a local target server: what Aurora MySQL refuses or does differently and a plain
 * MariaDB would let through, enforced on the MariaDB server that plays the target. Each rule, its source and the test
 * that fails without it are listed in docs/local-aurora.md.
 *
 * <ul>
 *   <li><b>InnoDB only.</b> "Aurora MySQL supports only the InnoDB engine for database tables"
 *       (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Migrating.ExtMySQL.Prechecks.html).
 *       MariaDB's {@code enforce_storage_engine=InnoDB} with {@code NO_ENGINE_SUBSTITUTION} in the global sql_mode
 *       makes {@code CREATE TABLE … ENGINE=MyISAM} an error (1290); a session without NO_ENGINE_SUBSTITUTION gets an
 *       InnoDB table and a note. Changing the session's enforce_storage_engine needs SUPER, which the master user
 *       does not have here.</li>
 *   <li><b>The master user's privileges and no more</b>: {@link #MASTER_USER_PRIVILEGES}, the Aurora MySQL 3 list of
 *       https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.MasterAccounts.html in MariaDB's
 *       names. No SUPER: {@code SET GLOBAL} is refused (1227); server parameters change only through
 *       {@link ParameterGroup}.</li>
 *   <li><b>lower_case_table_names fixed at creation</b>: "In Aurora MySQL version 3, the value of the
 *       lower_case_table_names parameter is set permanently at the time when you create the cluster"
 *       (https://docs.aws.amazon.com/dms/latest/sql-server-to-aurora-mysql-migration-playbook/chap-sql-server-aurora-mysql.sql.casesensitivity.html).
 *       The data directory is initialised with the value; a restart or a parameter-group change to another value is
 *       refused ({@link MariaDbServer#restart}, {@link ParameterGroup#modify}). MariaDB itself would accept it.</li>
 * </ul>
 *
 * @param lowerCaseTableNames the value the "cluster" is created with (Aurora's default on its Linux hosts is 0)
 */
public record AuroraProfile(int lowerCaseTableNames) {
    public static final String NAME = "Aurora MySQL 3 (MySQL 8.0 compatible)";

    /**
     * The Aurora MySQL 3 master user's privileges in MariaDB 10.11's names: REPLICATION CLIENT is BINLOG MONITOR,
     * SET_USER_ID is SET USER; CREATE ROLE, DROP ROLE and ROLE_ADMIN are part of MariaDB's CREATE USER.
     * APPLICATION_PASSWORD_ADMIN, XA_RECOVER_ADMIN and SHOW_ROUTINE have no MariaDB privilege and are left out.
     * CONNECTION_ADMIN is left out too: MariaDB's CONNECTION ADMIN also allows {@code SET GLOBAL max_connections} and
     * other connection variables (https://mariadb.com/kb/en/grant/#global-privileges), which MySQL's CONNECTION_ADMIN
     * does not (that needs SYSTEM_VARIABLES_ADMIN, https://dev.mysql.com/doc/refman/8.0/en/privileges-provided.html);
     * the cost is that the account cannot kill other accounts' sessions. Stricter, never kinder. GRANT OPTION is given
     * with {@code WITH GRANT OPTION}.
     */
    public static final List<String> MASTER_USER_PRIVILEGES = List.of("ALTER", "ALTER ROUTINE", "CREATE",
            "CREATE ROUTINE", "CREATE TEMPORARY TABLES", "CREATE USER", "CREATE VIEW", "DELETE", "DROP", "EVENT", "EXECUTE",
            "INDEX", "INSERT", "LOCK TABLES", "PROCESS", "REFERENCES", "RELOAD", "BINLOG MONITOR", "REPLICATION SLAVE",
            "SET USER", "SELECT", "SHOW DATABASES", "SHOW VIEW", "TRIGGER", "UPDATE");

    /** MariaDB 10.11's default sql_mode, named so that NO_ENGINE_SUBSTITUTION cannot go missing. */
    static final String SQL_MODE = "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION";

    public AuroraProfile {
        if (lowerCaseTableNames != 0 && lowerCaseTableNames != 1) {
            // Aurora runs on case-sensitive file systems: 2 is not offered (RDS/Aurora parameter documentation)
            throw new IllegalArgumentException("lower_case_table_names: Aurora MySQL 3 accepts 0 or 1, not " + lowerCaseTableNames);
        }
    }

    public static AuroraProfile mysql3() {
        return new AuroraProfile(0);
    }

    /** The options given to mariadb-install-db: the value fixed at creation. */
    List<String> installArgs() {
        return List.of("--lower-case-table-names=" + lowerCaseTableNames);
    }

    /** The server options that enforce the profile (before the caller's extra arguments). */
    List<String> serverArgs() {
        return List.of("--enforce-storage-engine=InnoDB", "--sql-mode=" + SQL_MODE,
                "--lower-case-table-names=" + lowerCaseTableNames);
    }

    /** {@code GRANT … ON *.* TO account WITH GRANT OPTION}: what the master user gets at cluster creation. */
    public String masterUserGrant(String account) {
        return "GRANT " + String.join(", ", MASTER_USER_PRIVILEGES) + " ON *.* TO " + account + " WITH GRANT OPTION";
    }

    /** For the rehearsal's output. */
    public String describe() {
        return NAME + " profile: InnoDB only, master-user privileges (no SUPER, no SET GLOBAL), lower_case_table_names="
                + lowerCaseTableNames + " fixed at creation (docs/local-aurora.md)";
    }
}
