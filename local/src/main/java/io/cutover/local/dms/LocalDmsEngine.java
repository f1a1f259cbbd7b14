package io.cutover.local.dms;

import io.cutover.core.config.DmsTls;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.Secrets;
import io.cutover.core.ports.Replication;
import io.cutover.core.error.ReplicationConflictException;
import io.cutover.core.error.ReplicationStateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for AWS DMS behind the {@link Replication} port, between two real MySQL-protocol servers:
 * full load (chunked by primary key, tables in parallel on a bounded pool, batches committed), CDC from the
 * source's binlog from the position recorded before the load (changes during the load cached and applied
 * after their table's load), applied in commit order, idempotently; DMS-like statuses and statistics; stop and
 * resume from the checkpoint; connection tests and a pre-migration assessment that really connect.
 *
 * <p>Usage (the rehearsal):
 * <pre>{@code
 * try (LocalDmsEngine dms = new LocalDmsEngine(secrets)) {       // secrets: where the endpoints' credentials are
 *     Ports ports = InMemoryPorts.builder().secrets(secrets).replication(dms).build();
 *     … run the state machine with these ports …
 *     dms.failures().killTargetConnections();                     // failure rehearsal, at any time
 * }                                                               // stops every task, joins every thread
 * }</pre>
 * Thread-safe. Endpoint and task ARNs are local identifiers ({@code arn:cutover-local:dms:…}).
 */
public final class LocalDmsEngine implements Replication, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDmsEngine.class);
    public static final String TASK_ARN_PREFIX = "arn:cutover-local:dms:local:000000000000:task:";

    private final Sessions sessions;
    private final FailureHooks hooks;
    private final LocalDmsOptions options;
    private final Clock clock;
    private final Map<String, LocalEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, LocalTask> tasks = new ConcurrentHashMap<>();
    private final Map<String, ConnectionStatus> connectionTests = new ConcurrentHashMap<>();
    private final Map<String, AssessmentStatus> assessments = new ConcurrentHashMap<>();
    private final ExecutorService background;
    private final AtomicInteger assessmentRuns = new AtomicInteger();
    private volatile boolean closed;

    public LocalDmsEngine(Secrets secrets) {
        this(secrets, LocalDmsOptions.defaults(), Clock.systemUTC());
    }

    public LocalDmsEngine(Secrets secrets, LocalDmsOptions options) {
        this(secrets, options, Clock.systemUTC());
    }

    public LocalDmsEngine(Secrets secrets, LocalDmsOptions options, Clock clock) {
        this.sessions = new Sessions(Objects.requireNonNull(secrets, "secrets"));
        this.hooks = new FailureHooks(sessions);
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cutover-dms-background-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private final java.util.List<java.util.function.Consumer<String>> noticeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Listens to what a person following the migration should see as it happens: a lost connection, each retry
     * (RecoverableErrorInterval), the recovery or giving up. The rehearsal's console prints them.
     */
    public void onNotice(java.util.function.Consumer<String> listener) {
        noticeListeners.add(listener);
    }

    private void notice(String text) {
        noticeListeners.forEach(l -> l.accept(text));
    }

    /** The failure-rehearsal hooks (kill target sessions, fail a table's load). */
    public FailureHooks failures() {
        return hooks;
    }

    /** The task settings and mapping rules the engine read but does not mimic (also in the assessment). */
    public List<String> ignoredSettings(TaskRef task) {
        LocalTask t = task(task);
        List<String> all = new ArrayList<>(t.settings.ignored());
        all.addAll(t.mappings.ignored());
        return all;
    }

    // ---- endpoints and connection tests ----

    @Override
    public EndpointPair ensureEndpoints(EndpointSpec spec) {
        open();
        String source = endpoint(spec, DatabaseRole.SOURCE, spec.existingSourceEndpointArn(), spec.sourceSecretId(), spec.sourceServerTimezone(), null);
        String target = endpoint(spec, DatabaseRole.TARGET, spec.existingTargetEndpointArn(), spec.targetSecretId(), null, spec.targetInitStatements());
        String full = spec.targetInitStatements() == null || spec.targetInitStatements().isBlank() ? null : spec.targetInitStatements().strip();
        String cdc = spec.targetCdcInitStatements() == null || spec.targetCdcInitStatements().isBlank() ? null : spec.targetCdcInitStatements().strip();
        boolean alreadySwitched = spec.targetCdcInitStatements() != null && !Objects.equals(full, cdc)
                && Objects.equals(endpoints.get(target).initStatements(), cdc);
        return new EndpointPair(source, target, alreadySwitched);
    }

    private String endpoint(EndpointSpec spec, DatabaseRole role, String existingArn, String secretId, String timezone, String initStatements) {
        if (existingArn != null && !existingArn.isBlank()) {
            LocalEndpoint existing = endpoints.get(existingArn);
            if (existing == null || existing.role() != role) {
                throw new ConfigurationException("existing" + (role == DatabaseRole.SOURCE ? "Source" : "Target") + "EndpointArn " + existingArn
                        + " is not a " + role.label() + " endpoint of the local engine");
            }
            return existingArn;
        }
        if (spec.idPrefix() == null || spec.idPrefix().isBlank()) {
            throw new ConfigurationException("endpoint idPrefix is empty");
        }
        String id = spec.idPrefix() + "-" + role.label();
        DmsTls tls = role == DatabaseRole.SOURCE ? spec.sourceTls() : spec.targetTls();
        LocalEndpoint wanted = new LocalEndpoint(LocalEndpoint.arnFor(id), id, role, secretId, tls.sslMode(), tls.certificateArn(), timezone, initStatements);
        LocalEndpoint existing = endpoints.putIfAbsent(wanted.arn(), wanted);
        if (existing != null && !existing.sameSettings(wanted) && !existing.sameSettings(switchedForCdc(wanted, spec))) {
            throw new ReplicationConflictException("endpoint " + id + " exists with other settings (secret, SSL mode, time zone or "
                    + "init statements); Cutover does not reuse or replace it");
        }
        if (existing == null) {
            LOG.info("created {} endpoint {} (secret {}, sslMode {})", role.label(), id, secretId, wanted.sslMode());
        }
        return wanted.arn();
    }

    /** The target endpoint as 4.4 leaves it after the switch to the CDC init statements (a new execution finds it so). */
    private static LocalEndpoint switchedForCdc(LocalEndpoint wanted, EndpointSpec spec) {
        if (wanted.role() != DatabaseRole.TARGET || spec.targetCdcInitStatements() == null) {
            return wanted;
        }
        String cdc = spec.targetCdcInitStatements().isBlank() ? null : spec.targetCdcInitStatements().strip();
        return new LocalEndpoint(wanted.arn(), wanted.id(), wanted.role(), wanted.secretId(), wanted.sslMode(), wanted.certificateArn(),
                wanted.serverTimezone(), cdc);
    }

    /**
     * Replaces the target endpoint's init statements (blank = none). Target sessions opened from now on run the new
     * ones, as DMS sessions do after ModifyEndpoint; sessions already open keep theirs, so switch while the tasks
     * using the endpoint are stopped. The engine's own session settings (foreign key checks off for the full load,
     * on for CDC) come first and the endpoint's statements last, as DMS runs Initstmt after connecting.
     */
    @Override
    public void setTargetInitStatements(String targetEndpointArn, String initStatements) {
        open();
        String statements = initStatements == null || initStatements.isBlank() ? null : initStatements.strip();
        LocalEndpoint modified;
        synchronized (endpoints) {
            LocalEndpoint endpoint = knownEndpoint(targetEndpointArn);
            if (endpoint.role() != DatabaseRole.TARGET) {
                throw new ReplicationConflictException("endpoint " + targetEndpointArn + " is a " + endpoint.role().label()
                        + " endpoint: init statements are set on the target endpoint");
            }
            if (Objects.equals(endpoint.initStatements(), statements)) {
                return;
            }
            modified = new LocalEndpoint(endpoint.arn(), endpoint.id(), endpoint.role(), endpoint.secretId(), endpoint.sslMode(),
                    endpoint.certificateArn(), endpoint.serverTimezone(), statements);
            endpoints.put(modified.arn(), modified);
        }
        tasks.values().forEach(task -> task.targetModified(modified));
        LOG.info("target endpoint {}: new sessions run {}", modified.id(), statements == null ? "no init statement" : statements);
    }

    @Override
    public void startConnectionTests(String replicationInstanceArn, EndpointPair pair) {
        open();
        for (String arn : List.of(pair.sourceEndpointArn(), pair.targetEndpointArn())) {
            LocalEndpoint endpoint = knownEndpoint(arn);
            ConnectionStatus testing = new ConnectionStatus(arn, ConnectionState.TESTING, null);
            ConnectionStatus previous = connectionTests.get(arn);
            if (previous != null && previous.state() == ConnectionState.TESTING) {
                continue; // one is running
            }
            connectionTests.put(arn, testing);
            background.execute(() -> connectionTests.put(arn, testConnection(endpoint)));
        }
    }

    private ConnectionStatus testConnection(LocalEndpoint endpoint) {
        try (Connection c = sessions.open(endpoint, Map.of()); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            LOG.info("connection test of {} succeeded", endpoint.id());
            return new ConnectionStatus(endpoint.arn(), ConnectionState.SUCCESSFUL, null);
        } catch (SQLException e) {
            String message = endpoint.role().label() + " endpoint " + endpoint.id() + ": " + TableLoader.describe(e);
            LOG.warn("connection test failed: {}", message);
            return new ConnectionStatus(endpoint.arn(), ConnectionState.FAILED, message);
        } catch (RuntimeException e) {
            String message = endpoint.role().label() + " endpoint " + endpoint.id() + ": " + e.getMessage();
            LOG.warn("connection test failed: {}", message);
            return new ConnectionStatus(endpoint.arn(), ConnectionState.FAILED, message);
        }
    }

    @Override
    public List<ConnectionStatus> connectionStatus(String replicationInstanceArn, EndpointPair pair) {
        List<ConnectionStatus> out = new ArrayList<>();
        for (String arn : List.of(pair.sourceEndpointArn(), pair.targetEndpointArn())) {
            knownEndpoint(arn);
            out.add(connectionTests.getOrDefault(arn, new ConnectionStatus(arn, ConnectionState.NOT_TESTED, null)));
        }
        return out;
    }

    /** An endpoint as the engine holds it now (tests and the rehearsal read its settings). */
    public LocalEndpoint endpoint(String arn) {
        return knownEndpoint(arn);
    }

    private LocalEndpoint knownEndpoint(String arn) {
        LocalEndpoint endpoint = arn == null ? null : endpoints.get(arn);
        if (endpoint == null) {
            throw new ConfigurationException("endpoint " + arn + " does not exist in the local engine");
        }
        return endpoint;
    }

    // ---- tasks ----

    @Override
    public TaskRef ensureTask(TaskDefinition definition) {
        open();
        if (definition.taskId() == null || !definition.taskId().matches("[A-Za-z][A-Za-z0-9-]{0,254}")) {
            throw new ConfigurationException("task id '" + definition.taskId() + "' is not a DMS identifier (a letter, then letters, digits, hyphens)");
        }
        if (!"full-load-and-cdc".equals(definition.migrationType())) {
            throw new ConfigurationException("task " + definition.taskId() + ": migrationType '" + definition.migrationType()
                    + "' is not mimicked by the local engine (full-load-and-cdc only)");
        }
        LocalEndpoint source = knownEndpoint(definition.endpoints().sourceEndpointArn());
        LocalEndpoint target = knownEndpoint(definition.endpoints().targetEndpointArn());
        TableMappings mappings = TableMappings.parse(definition.tableMappingsJson());
        LocalTaskSettings settings = LocalTaskSettings.parse(definition.taskSettingsJson());
        synchronized (tasks) {
            LocalTask existing = tasks.get(definition.taskId());
            if (existing != null) {
                return definition.reuseOrConflict(existing.arn, existing.definition);
            }
            LocalTask task = new LocalTask(TASK_ARN_PREFIX + definition.taskId(), definition, mappings, settings, source, target);
            tasks.put(definition.taskId(), task);
            LOG.info("created task {} ({}); settings not mimicked locally: {}", task.id(), definition.migrationType(),
                    settings.ignored().isEmpty() && mappings.ignored().isEmpty() ? "none" : ignoredSettings(new TaskRef(task.arn, task.id(), true)));
            return new TaskRef(task.arn, task.id(), true);
        }
    }

    private LocalTask task(TaskRef ref) {
        LocalTask task = ref == null ? null : tasks.get(ref.taskId());
        if (task == null || (ref.taskArn() != null && !ref.taskArn().equals(task.arn))) {
            throw new ConfigurationException("task " + (ref == null ? null : ref.taskArn()) + " does not exist in the local engine");
        }
        return task;
    }

    @Override
    public void startAssessment(TaskRef ref, AssessmentSpec spec) {
        open();
        LocalTask task = task(ref);
        String runArn = "arn:cutover-local:dms:local:000000000000:assessment-run:" + task.id() + "-" + assessmentRuns.incrementAndGet();
        assessments.put(task.id(), new AssessmentStatus(runArn, "running", List.of()));
        background.execute(() -> assessments.put(task.id(), new LocalAssessment(sessions, task).run(runArn)));
    }

    @Override
    public AssessmentStatus assessment(TaskRef ref) {
        LocalTask task = task(ref);
        return assessments.getOrDefault(task.id(), new AssessmentStatus(null, "not-started", List.of()));
    }

    @Override
    public void start(TaskRef ref, StartMode mode) {
        open();
        LocalTask task = task(ref);
        synchronized (task) {
            String status = task.status();
            if (List.of(LocalTask.STARTING, LocalTask.RUNNING, LocalTask.STOPPING).contains(status)) {
                throw new ReplicationStateException("task " + task.id() + " is " + status + ": it cannot be started now");
            }
            if (mode == StartMode.START_REPLICATION && task.everStarted()) {
                throw new ReplicationStateException("task " + task.id() + " has run before: DMS refuses start-replication on it; "
                        + "use resume-processing (RESUME_PROCESSING) to continue or reload-target (RELOAD_TARGET) to load again");
            }
            if (mode == StartMode.RESUME_PROCESSING && !task.everStarted()) {
                throw new ReplicationStateException("task " + task.id() + " has never run: use start-replication (START_REPLICATION)");
            }
            TaskRun run = new TaskRun(task, mode, new TaskRun.EngineContext(sessions, hooks, options, this::notice));
            task.starting(run);
            LOG.info("task {}: {}", task.id(), mode);
            run.start();
        }
    }

    @Override
    public TaskProgress progress(TaskRef ref) {
        return task(ref).progress();
    }

    @Override
    public CdcSample cdcSample(TaskRef ref) {
        return task(ref).cdcSample(clock.instant());
    }

    @Override
    public void stop(TaskRef ref) {
        LocalTask task = task(ref);
        synchronized (task) {
            String status = task.status();
            if (LocalTask.READY.equals(status)) {
                throw new ReplicationStateException("task " + task.id() + " has not been started: nothing to stop");
            }
            TaskRun run = task.run();
            if (run != null && (LocalTask.STARTING.equals(status) || LocalTask.RUNNING.equals(status))) {
                LOG.info("task {}: stop requested", task.id());
                run.stop();
            }
        }
    }

    @Override
    public Checkpoint checkpoint(TaskRef ref) {
        return task(ref).checkpoint();
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("the local DMS engine is closed");
        }
    }

    /**
     * Stops every running task and waits for all their threads (loaders, binlog readers, appliers) and sessions
     * to end; then the background threads. Tasks keep their last statistics.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<TaskRun> runs = new ArrayList<>();
        for (LocalTask task : tasks.values()) {
            TaskRun run = task.run();
            if (run != null) {
                run.stop();
                runs.add(run);
            }
        }
        for (TaskRun run : runs) {
            try {
                if (!run.awaitEnd(120_000)) {
                    LOG.warn("{} did not stop within 120 s", run.name());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        background.shutdownNow();
        try {
            background.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("local DMS engine closed ({} tasks)", tasks.size());
    }
}
