package io.cutover.local.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The stand-in for an Aurora DB cluster parameter group of a local target with the {@link AuroraProfile}: the only way
 * to change a server parameter there, because the master user has no SUPER and {@code SET GLOBAL} is refused
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.MasterAccounts.html). As with
 * ModifyDBClusterParameterGroup, a dynamic parameter applies at once ({@code SET GLOBAL} by the server's own
 * administrator) and a static one at the next reboot (here: a restart with the option), and
 * {@code lower_case_table_names} is refused: Aurora MySQL 3 sets it permanently when the cluster is created
 * (https://docs.aws.amazon.com/dms/latest/sql-server-to-aurora-mysql-migration-playbook/chap-sql-server-aurora-mysql.sql.casesensitivity.html).
 */
public final class ParameterGroup {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final MariaDbServer server;

    public ParameterGroup(MariaDbServer server) {
        if (!server.options().isAurora()) {
            throw new IllegalArgumentException(server.name() + " has no Aurora profile: change its settings directly");
        }
        this.server = server;
    }

    /** What became of a change. */
    public enum Applied { IMMEDIATELY, AFTER_REBOOT }

    /**
     * Sets {@code name} to {@code value}; {@code value} is a number or a word (no quotes, no spaces): what a parameter
     * group holds.
     */
    public Applied modify(String name, String value) {
        String parameter = name.toLowerCase(Locale.ROOT);
        if (!NAME.matcher(parameter).matches()) {
            throw new IllegalArgumentException("parameter group: '" + name + "' is not a parameter name");
        }
        if (!value.matches("[A-Za-z0-9_.,+:-]+")) {
            throw new IllegalArgumentException("parameter group: " + parameter + " = '" + value + "' is not a parameter value");
        }
        if (parameter.equals("lower_case_table_names")) {
            throw new IllegalStateException("parameter group: lower_case_table_names cannot be modified: Aurora MySQL 3 sets it "
                    + "permanently when the cluster is created (here: " + server.options().aurora().lowerCaseTableNames() + ")");
        }
        if (parameter.equals("enforce_storage_engine") || parameter.equals("sql_mode") && !value.toUpperCase(Locale.ROOT).contains("NO_ENGINE_SUBSTITUTION")) {
            throw new IllegalStateException("parameter group: " + parameter + " is part of the Aurora profile (InnoDB only); "
                    + "start the server without the profile to change it");
        }
        try (Connection c = server.rootConnection(); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL " + parameter + " = " + (value.matches("-?[0-9]+") ? value : "'" + value + "'"));
            return Applied.IMMEDIATELY;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1238) { // read-only variable: a static parameter, applied when the instance reboots
                server.restart(server.options().withArgs("--" + parameter.replace('_', '-') + "=" + value));
                return Applied.AFTER_REBOOT;
            }
            throw new IllegalStateException("parameter group: " + parameter + " = " + value + " refused: " + e.getMessage(), e);
        }
    }
}
