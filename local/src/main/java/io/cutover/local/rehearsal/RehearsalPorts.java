package io.cutover.local.rehearsal;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.jdbc.JdbcDatabases;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.core.ports.memory.RecordingMetrics;
import io.cutover.local.artifacts.DirectoryArtifacts;
import io.cutover.local.approval.LocalApprovalServer;
import io.cutover.local.approval.LocalInbox;
import io.cutover.local.asl.DriverCallbacks;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.dms.LocalDmsEngine;
import io.cutover.local.snapshot.DumpSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Everything AWS-only, replaced by a local stand-in, behind the same ports the deployed handlers use:
 * <ul>
 *   <li>the databases: real JDBC sessions ({@link FaultyDatabases}: one can be killed for a failure rehearsal);</li>
 *   <li>Secrets Manager: the servers' secrets ({@link RehearsalServers#secrets()}) plus the approval signing key;</li>
 *   <li>DMS: {@link LocalDmsEngine};</li>
 *   <li>RDS snapshots: {@link DumpSnapshots} into {@code <out>/snapshots};</li>
 *   <li>SNS, both topics (notifications; the approvals topic of the links): {@link NotificationLog}
 *       ({@code <out>/notifications.log}) in front of the local inbox ({@code <out>/inbox}, one file per message, also
 *       shown on the approval page);</li>
 *   <li>the approvals table and the approval API: {@link LocalApprovalServer} (the real callback handler);</li>
 *   <li>Step Functions task tokens: {@link DriverCallbacks}, shared with the runner;</li>
 *   <li>S3: {@link DirectoryArtifacts} ({@code <out>/artifacts});</li>
 *   <li>CloudWatch metrics: recorded, written to {@code <out>/metrics.json} at close.</li>
 * </ul>
 * Close it after the execution: the engine stops its tasks and threads, the page stops listening.
 */
public final class RehearsalPorts implements AutoCloseable {
    private final InMemoryPorts ports;
    private final LocalDmsEngine dms;
    private final LocalApprovalServer approvals;
    private final NotificationLog notifications;
    private final DirectoryArtifacts artifacts;
    private final DumpSnapshots snapshots;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final DriverCallbacks callbacks = new DriverCallbacks();
    private final Path out;

    private final FaultyDatabases databases;
    /** The stand-ins of what the application reads its endpoint from (--switch): parameter, secret, DNS record, hook. */
    private final io.cutover.core.ports.memory.MemoryApplicationEndpoints endpoints =
            new io.cutover.core.ports.memory.MemoryApplicationEndpoints();

    private RehearsalPorts(MemorySecrets secrets, Supplier<Connection> targetAdmin, Path out, int approvalPort, Clock clock) {
        this.out = out;
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory " + out, e);
        }
        this.artifacts = new DirectoryArtifacts(out.resolve("artifacts"));
        this.snapshots = new DumpSnapshots(out.resolve("snapshots"), secrets, DatabasePair.secretId(DatabaseRole.TARGET, "cutover"), clock);
        LocalInbox inbox = new LocalInbox(out.resolve("inbox"), clock);
        this.notifications = new NotificationLog(out.resolve("notifications.log"), inbox, clock);
        this.dms = new LocalDmsEngine(secrets);
        this.databases = new FaultyDatabases(new JdbcDatabases(secrets), targetAdmin);
        LocalApprovalServer server = null;
        try {
            server = LocalApprovalServer.start(approvalPort, inbox);
            InMemoryPorts.Builder builder = server.configure(InMemoryPorts.builder().callbacks(callbacks), secrets)
                    // after configure(), which sets the inbox itself; the log shows both topics' messages
                    .notifier(notifications)
                    .approvalNotifier(notifications)
                    .databases(databases)
                    .replication(dms)
                    .snapshots(snapshots)
                    .artifacts(artifacts)
                    .metrics(metrics)
                    .applicationEndpoints(endpoints)
                    .clock(clock);
            this.ports = builder.build();
            server.serve(ports);
        } catch (RuntimeException e) {
            dms.close();
            if (server != null) {
                server.close();
            }
            throw e;
        }
        this.approvals = server;
    }

    /** @param targetAdmin an admin session on the target (for {@link FaultyDatabases}) */
    public static RehearsalPorts open(MemorySecrets secrets, Supplier<Connection> targetAdmin, Path out, int approvalPort, Clock clock) {
        return new RehearsalPorts(secrets, targetAdmin, out, approvalPort, clock);
    }

    /** The application's endpoint stand-ins the switch changes. */
    public io.cutover.core.ports.memory.MemoryApplicationEndpoints endpoints() {
        return endpoints;
    }

    /** The functions' database port, which can kill a target session on demand. */
    public FaultyDatabases databases() {
        return databases;
    }

    public InMemoryPorts ports() {
        return ports;
    }

    public LocalDmsEngine dms() {
        return dms;
    }

    public LocalApprovalServer approvals() {
        return approvals;
    }

    public NotificationLog notifications() {
        return notifications;
    }

    public DirectoryArtifacts artifacts() {
        return artifacts;
    }

    public DumpSnapshots snapshots() {
        return snapshots;
    }

    public RecordingMetrics metrics() {
        return metrics;
    }

    public DriverCallbacks callbacks() {
        return callbacks;
    }

    @Override
    public void close() {
        try {
            dms.close();
        } finally {
            approvals.close();
            try {
                Files.writeString(out.resolve("metrics.json"), Json.writePretty(metrics.published()));
            } catch (IOException | RuntimeException e) {
                System.err.println("could not write metrics.json: " + e.getMessage());
            }
        }
    }
}
