package io.cutover.local.db;

import java.util.ArrayList;
import java.util.List;

/**
 * How to start a local MariaDB server. {@link #source()} has binary logging as DMS needs it (ROW, FULL image,
 * FULL metadata, a server id); {@link #target()} has none. Extra arguments override or add server options,
 * e.g. {@code --binlog-format=STATEMENT} to reproduce a misconfigured source.
 */
public record MariaDbOptions(String name, boolean binlog, int serverId, List<String> extraArgs) {
    public MariaDbOptions {
        extraArgs = List.copyOf(extraArgs);
    }

    public static MariaDbOptions source() {
        return new MariaDbOptions("source", true, 1, List.of());
    }

    public static MariaDbOptions target() {
        return new MariaDbOptions("target", false, 2, List.of());
    }

    public MariaDbOptions named(String newName) {
        return new MariaDbOptions(newName, binlog, serverId, extraArgs);
    }

    public MariaDbOptions withArgs(String... args) {
        List<String> all = new ArrayList<>(extraArgs);
        all.addAll(List.of(args));
        return new MariaDbOptions(name, binlog, serverId, all);
    }

    public MariaDbOptions withoutBinlog() {
        return new MariaDbOptions(name, false, serverId, extraArgs);
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
        args.addAll(extraArgs);
        return args;
    }
}
