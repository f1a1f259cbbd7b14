package io.cutover.local.snapshot;

import io.cutover.core.db.DbCredentials;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Secrets;
import io.cutover.core.ports.SnapshotNames;
import io.cutover.core.ports.Snapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The rehearsal's stand-in for an Aurora cluster snapshot: a consistent dump of the target's schemas into
 * {@code <baseDir>/<cluster>/<snapshotId>/dump.sql}, with {@code snapshot.json} holding its status.
 *
 * <p>Why the {@code mariadb-dump} (or {@code mysqldump}) binary and not JDBC: it is the tool a DBA restores with,
 * it dumps every object type (tables, views, routines, triggers, events) with the right DDL, and
 * {@code --single-transaction} gives a consistent InnoDB snapshot without locking; re-implementing that over JDBC
 * would be a worse dump. The password goes in a 0600 option file ({@code --defaults-extra-file}), never on the
 * command line. The dump runs synchronously: the local "snapshot" is available when {@link #create} returns.
 */
public final class DumpSnapshots implements Snapshots {
    private static final List<Path> DUMP_BINARIES = List.of(Path.of("/usr/bin/mariadb-dump"), Path.of("/usr/bin/mysqldump"));

    private final Path baseDir;
    private final Secrets secrets;
    private final String targetSecretId;
    private final Clock clock;
    private final int retentionDays;
    private final java.time.Duration restorableLag;
    private final java.time.Instant createdAt;
    /** One second: long enough that "7 Poll the restorable time" must wait at least once, short for a rehearsal. */
    public static final java.time.Duration DEFAULT_RESTORABLE_LAG = java.time.Duration.ofSeconds(1);

    /** Backups kept 7 days (the RDS console's default) and restorable {@link #DEFAULT_RESTORABLE_LAG} behind the clock. */
    public DumpSnapshots(Path baseDir, Secrets secrets, String targetSecretId, Clock clock) {
        this(baseDir, secrets, targetSecretId, clock, 7, DEFAULT_RESTORABLE_LAG);
    }

    /**
     * {@code retentionDays}: the backup retention period the stand-in reports; {@code restorableLag}: how far the latest
     * restorable time trails the clock (Aurora's trails the present, by about 5 minutes for RDS instances:
     * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html). Never zero, so that the wait for it is
     * always exercised.
     */
    public DumpSnapshots(Path baseDir, Secrets secrets, String targetSecretId, Clock clock, int retentionDays, java.time.Duration restorableLag) {
        if (restorableLag.isZero() || restorableLag.isNegative()) {
            throw new IllegalArgumentException("restorableLag must be positive: Aurora's latest restorable time trails the present");
        }
        this.baseDir = baseDir;
        this.secrets = secrets;
        this.targetSecretId = targetSecretId;
        this.clock = clock;
        this.retentionDays = retentionDays;
        this.restorableLag = restorableLag;
        this.createdAt = clock.instant();
    }

    /**
     * The stand-in's continuous backups: restorable from when it was made, up to the clock minus the lag (so a time just
     * recorded is not restorable yet, as on Aurora). Every cluster name is answered: the rehearsal has one target.
     */
    @Override
    public Optional<ClusterBackups> backups(String clusterIdentifier) {
        return Optional.of(new ClusterBackups(clusterIdentifier, retentionDays, createdAt, clock.instant().minus(restorableLag)));
    }

    @Override
    public synchronized SnapshotStatus create(SnapshotRequest request) {
        SnapshotNames.require(request.snapshotId());
        Optional<SnapshotStatus> existing = describe(request.clusterIdentifier(), request.snapshotId());
        if (existing.isPresent()) {
            return existing.get().withCreated(false);
        }
        Path dir = directory(request.clusterIdentifier(), request.snapshotId());
        try {
            Files.createDirectories(dir);
            SnapshotStatus status = dump(request, dir);
            Files.writeString(dir.resolve("snapshot.json"), Json.writePretty(status));
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<SnapshotStatus> describe(String clusterIdentifier, String snapshotId) {
        Path manifest = directory(clusterIdentifier, snapshotId).resolve("snapshot.json");
        if (!Files.exists(manifest)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readString(manifest), SnapshotStatus.class).withCreated(false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory(String clusterIdentifier, String snapshotId) {
        return baseDir.resolve(clusterIdentifier).resolve(snapshotId.toLowerCase(java.util.Locale.ROOT));
    }

    private SnapshotStatus dump(SnapshotRequest request, Path dir) throws IOException {
        DbCredentials c = DbCredentials.fromSecret(targetSecretId, secrets.secretString(targetSecretId));
        Path options = Files.createTempFile(dir, "client", ".cnf", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Path out = dir.resolve("dump.sql");
        Path log = dir.resolve("dump.log");
        try {
            Files.writeString(options, "[client]\nuser=" + c.username() + "\npassword=\"" + c.password().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\"\nhost=" + c.host() + "\nport=" + c.port() + "\n", StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(binary().toString(), "--defaults-extra-file=" + options,
                    "--protocol=TCP", "--single-transaction", "--routines", "--events", "--triggers", "--hex-blob",
                    "--set-gtid-purged=OFF", "--databases"));
            command.addAll(request.schemas());
            if (binary().getFileName().toString().startsWith("mariadb")) {
                command.remove("--set-gtid-purged=OFF"); // a mysqldump-only option
            }
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
            boolean finished = p.waitFor(30, TimeUnit.MINUTES);
            if (!finished || p.exitValue() != 0) {
                p.destroyForcibly();
                String reason = Files.exists(log) ? Files.readString(log).strip() : "no output";
                return new SnapshotStatus(request.snapshotId(), request.clusterIdentifier(), "failed", 0, clock.instant(),
                        dir.toString(), reason.length() > 500 ? reason.substring(0, 500) : reason, true);
            }
            return new SnapshotStatus(request.snapshotId(), request.clusterIdentifier(), "available", 100, clock.instant(),
                    dir.toString(), null, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dumping " + request.snapshotId(), e);
        } finally {
            Files.deleteIfExists(options);
        }
    }

    private static Path binary() {
        return DUMP_BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "neither mariadb-dump nor mysqldump is installed: apt-get install -y mariadb-client"));
    }
}
