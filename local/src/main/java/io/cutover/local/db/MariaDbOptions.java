package io.cutover.local.db;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * How to start a local MariaDB server. {@link #source()} has binary logging as DMS needs it (ROW, FULL image,
 * FULL metadata, a server id); {@link #target()} has none and plays Aurora MySQL 3 ({@link AuroraProfile}; without it:
 * {@link #withoutAuroraProfile()}). Extra arguments override or add server options, e.g.
 * {@code --binlog-format=STATEMENT} to reproduce a misconfigured source.
 *
 * @param aurora the Aurora MySQL 3 profile the server enforces, or null for a plain MariaDB server
 */
public record MariaDbOptions(String name, boolean binlog, int serverId, List<String> extraArgs, AuroraProfile aurora) {
    private static final String LCTN = "--lower-case-table-names=";

    public MariaDbOptions {
        extraArgs = List.copyOf(extraArgs);
    }

    public MariaDbOptions(String name, boolean binlog, int serverId, List<String> extraArgs) {
        this(name, binlog, serverId, extraArgs, null);
    }

    public static MariaDbOptions source() {
        return new MariaDbOptions("source", true, 1, List.of(), null);
    }

    /** The target: Aurora MySQL 3's profile, lower_case_table_names=0. */
    public static MariaDbOptions target() {
        return new MariaDbOptions("target", false, 2, List.of(), AuroraProfile.mysql3());
    }

    public MariaDbOptions named(String newName) {
        return new MariaDbOptions(newName, binlog, serverId, extraArgs, aurora);
    }

    public MariaDbOptions withArgs(String... args) {
        List<String> all = new ArrayList<>(extraArgs);
        all.addAll(List.of(args));
        return new MariaDbOptions(name, binlog, serverId, all, aurora);
    }

    /**
     * performance_schema on (MariaDB's default is off; MySQL's is on): the post-freeze validation compares its
     * per-table write counters on both sides (UnloggedWrites, TargetWrites).
     */
    public MariaDbOptions withPerformanceSchema() {
        return withArgs("--performance-schema=ON");
    }

    public MariaDbOptions withoutBinlog() {
        return new MariaDbOptions(name, false, serverId, extraArgs, aurora);
    }

    /** A plain MariaDB server: every engine, any account may get SUPER, lower_case_table_names may change. */
    public MariaDbOptions withoutAuroraProfile() {
        return new MariaDbOptions(name, binlog, serverId, extraArgs, null);
    }

    /** The Aurora profile created with this lower_case_table_names (a cluster parameter group at creation). */
    public MariaDbOptions withAuroraProfile(AuroraProfile profile) {
        return new MariaDbOptions(name, binlog, serverId, extraArgs, profile);
    }

    public boolean isAurora() {
        return aurora != null;
    }

    /** The lower_case_table_names these options start the server with, when they set one (the last one wins). */
    OptionalInt lowerCaseTableNames() {
        OptionalInt value = OptionalInt.empty();
        for (String arg : serverArgs()) {
            if (arg.startsWith(LCTN)) {
                value = OptionalInt.of(Integer.parseInt(arg.substring(LCTN.length())));
            }
        }
        return value;
    }

    List<String> installArgs() {
        return aurora == null ? List.of() : aurora.installArgs();
    }

    List<String> serverArgs() {
        List<String> args = new ArrayList<>(List.of(
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
                "--innodb-buffer-pool-size=128M",
                "--innodb-flush-log-at-trx-commit=2",
                "--max-connections=300",
                "--performance-schema=OFF",
                "--server-id=" + serverId));
        if (binlog) {
            args.addAll(List.of("--log-bin=binlog", "--binlog-format=ROW", "--binlog-row-image=FULL",
                    "--binlog-row-metadata=FULL", "--sync-binlog=0", "--binlog-expire-logs-seconds=604800"));
        }
        if (aurora != null) {
            args.addAll(aurora.serverArgs());
        }
        args.addAll(extraArgs);
        return args;
    }
}
