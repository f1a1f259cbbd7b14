package io.cutover.core.ports.memory;

import io.cutover.core.ports.approval.ApprovalStore;
import io.cutover.core.config.Env;
import io.cutover.core.ports.Databases;
import io.cutover.core.db.jdbc.JdbcDatabases;
import io.cutover.core.ports.ApplicationEndpoints;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Metrics;
import io.cutover.core.ports.Notifier;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Secrets;
import io.cutover.core.ports.TaskCallbacks;
import io.cutover.core.ports.Replication;
import io.cutover.core.ports.Snapshots;
import java.time.Clock;
import java.util.Objects;

/**
 * Ports assembled from parts, with in-memory defaults: tests replace what they exercise, and the local
 * rehearsal builds its own set on the same builder. Databases default to real JDBC over the secrets given.
 */
public final class InMemoryPorts implements Ports {
    private final Databases databases;
    private final Secrets secrets;
    private final Artifacts artifacts;
    private final Notifier notifier;
    private final Notifier approvalNotifier;
    private final TaskCallbacks callbacks;
    private final Metrics metrics;
    private final Replication replication;
    private final Snapshots snapshots;
    private final ApprovalStore approvals;
    private final ApplicationEndpoints applicationEndpoints;
    private final Clock clock;
    private final Env env;

    private InMemoryPorts(Builder b) {
        this.secrets = b.secrets;
        this.databases = b.databases != null ? b.databases : new JdbcDatabases(b.secrets);
        this.artifacts = b.artifacts;
        this.notifier = b.notifier;
        this.approvalNotifier = b.approvalNotifier;
        this.callbacks = b.callbacks;
        this.metrics = b.metrics;
        this.replication = b.replication;
        this.snapshots = b.snapshots;
        this.approvals = b.approvals;
        this.applicationEndpoints = b.applicationEndpoints;
        this.clock = b.clock;
        this.env = b.env;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override public Databases databases() { return databases; }
    @Override public Secrets secrets() { return secrets; }
    @Override public Artifacts artifacts() { return artifacts; }
    @Override public Notifier notifier() { return notifier; }
    @Override public Notifier approvalNotifier() { return approvalNotifier; }
    @Override public TaskCallbacks callbacks() { return callbacks; }
    @Override public Metrics metrics() { return metrics; }
    @Override public Clock clock() { return clock; }
    @Override public ApplicationEndpoints applicationEndpoints() { return applicationEndpoints; }
    @Override public Env env() { return env; }

    @Override
    public Replication replication() {
        return Objects.requireNonNull(replication, "no Replication port was given to these ports");
    }

    @Override
    public Snapshots snapshots() {
        return Objects.requireNonNull(snapshots, "no Snapshots port was given to these ports");
    }

    @Override
    public ApprovalStore approvals() {
        return approvals;
    }

    public static final class Builder {
        private Databases databases;
        private Secrets secrets = new MemorySecrets();
        private Artifacts artifacts = new MemoryArtifacts();
        private Notifier notifier = new MemoryNotifier();
        /** Its own mailbox unless given, as the approvals topic is apart from the notification topic. */
        private Notifier approvalNotifier = new MemoryNotifier();
        private TaskCallbacks callbacks = new RecordingCallbacks();
        private Metrics metrics = new RecordingMetrics();
        private Replication replication;
        private Snapshots snapshots;
        private ApprovalStore approvals = new MemoryApprovalStore();
        private ApplicationEndpoints applicationEndpoints = new MemoryApplicationEndpoints();
        private Clock clock = Clock.systemUTC();
        private Env env = new Env(java.util.Map.of());

        public Builder databases(Databases v) { databases = v; return this; }
        public Builder secrets(Secrets v) { secrets = v; return this; }
        public Builder artifacts(Artifacts v) { artifacts = v; return this; }
        public Builder notifier(Notifier v) { notifier = v; return this; }
        public Builder approvalNotifier(Notifier v) { approvalNotifier = v; return this; }
        public Builder callbacks(TaskCallbacks v) { callbacks = v; return this; }
        public Builder metrics(Metrics v) { metrics = v; return this; }
        public Builder replication(Replication v) { replication = v; return this; }
        public Builder snapshots(Snapshots v) { snapshots = v; return this; }
        public Builder approvals(ApprovalStore v) { approvals = v; return this; }
        public Builder applicationEndpoints(ApplicationEndpoints v) { applicationEndpoints = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        /** Deployment settings (APPROVAL_BASE_URL, …); empty unless given: tests never read the real environment. */
        public Builder env(Env v) { env = v; return this; }

        public InMemoryPorts build() {
            return new InMemoryPorts(this);
        }
    }
}
