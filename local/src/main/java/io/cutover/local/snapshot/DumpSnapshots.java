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

    public DumpSnapshots(Path baseDir, Secrets secrets, String targetSecretId, Clock clock) {
        this.baseDir = baseDir;
        this.secrets = secrets;
        this.targetSecretId = targetSecretId;
        this.clock = clock;
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
