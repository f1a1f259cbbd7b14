package io.cutover.core.aws;

import io.cutover.core.db.BinlogPosition;
import io.cutover.core.config.DmsTls;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.ReplicationConflictException;
import io.cutover.core.error.ReplicationNotReadyException;
import io.cutover.core.error.ReplicationStateException;
import io.cutover.core.ports.Replication;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.Connection;
import software.amazon.awssdk.services.databasemigration.model.Endpoint;
import software.amazon.awssdk.services.databasemigration.model.Filter;
import software.amazon.awssdk.services.databasemigration.model.InvalidResourceStateException;
import software.amazon.awssdk.services.databasemigration.model.MySQLSettings;
import software.amazon.awssdk.services.databasemigration.model.ReplicationEndpointTypeValue;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTask;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTaskAssessmentRun;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTaskIndividualAssessment;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTaskStats;
import software.amazon.awssdk.services.databasemigration.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.databasemigration.model.ResourceNotFoundException;
import software.amazon.awssdk.services.databasemigration.model.TableStatistics;
import software.amazon.awssdk.services.databasemigration.model.Tag;

/**
 * The replication port on AWS DMS (AWS SDK v2), with CDC latency from CloudWatch.
 *
 * <p>What DMS's API does and does not give, and what this adapter does about it:
 * <ul>
 *   <li>CDC latency (CDCLatencySource / CDCLatencyTarget) and the backlog (CDCIncomingChanges) are CloudWatch
 *       metrics in AWS/DMS, not fields of DescribeReplicationTasks (the runbook's query of
 *       {@code ReplicationTaskStats.CDCLatencySource} always returns nothing): {@link DmsCdcMetrics} reads them.</li>
 *   <li>CDC counters are the table statistics' Inserts/Updates/Deletes/Ddls summed over every table (pages of
 *       500: thousands of tables are normal).</li>
 *   <li>Table statistics carry no error text (the runbook's {@code LastError} does not exist): an errored table's
 *       {@code lastError} is the task's last failure message when there is one, else where to read the cause.</li>
 *   <li>Pre-migration assessment runs report each individual assessment's status; the details are in the
 *       results bucket, which the item messages name.</li>
 * </ul>
 */
public final class DmsReplication implements Replication {
    static final int TABLE_PAGE = 500;
    static final int PAGE = 100;
    private static final String ASSESSMENT_FOLDER = "cutover-assessments/";
    /** What "no init statements" is written as on an existing target endpoint (see {@link #setTargetInitStatements}). */
    static final String FOREIGN_KEY_CHECKS_ON = "SET FOREIGN_KEY_CHECKS=1";

    private final DatabaseMigrationClient dms;
    private final DmsCdcMetrics cdcMetrics;
    private final Clock clock;

    public DmsReplication(DatabaseMigrationClient dms, CloudWatchClient cloudWatch, Clock clock) {
        this.dms = dms;
        this.cdcMetrics = new DmsCdcMetrics(cloudWatch, clock);
        this.clock = clock;
    }

    // ---- endpoints --------------------------------------------------------------------------------------

    @Override
    public EndpointPair ensureEndpoints(EndpointSpec spec) {
        // Both sides are checked before either is created: bad input changes nothing.
        if (spec.existingSourceEndpointArn() == null) {
            requireCreatable(spec, spec.idPrefix() + "-source", spec.sourceSecretId(), "config.dms.sourceSecretId", spec.sourceTls());
        }
        if (spec.existingTargetEndpointArn() == null) {
            requireCreatable(spec, spec.idPrefix() + "-target", spec.targetSecretId(), "config.dms.targetSecretId", spec.targetTls());
        }
        String source = spec.existingSourceEndpointArn() != null
                ? existingEndpoint(spec.existingSourceEndpointArn(), "source", "config.dms.sourceEndpointArn", spec.sourceTls(),
                        true, spec.sourceServerTimezone(), null, null)
                : ensureEndpoint(spec, spec.idPrefix() + "-source", ReplicationEndpointTypeValue.SOURCE, "mysql",
                        spec.sourceSecretId(), spec.sourceTls(), spec.sourceServerTimezone(), null);
        String target = spec.existingTargetEndpointArn() != null
                ? existingEndpoint(spec.existingTargetEndpointArn(), "target", "config.dms.targetEndpointArn", spec.targetTls(),
                        false, null, spec.targetInitStatements(), switchedInitStatements(spec))
                : ensureEndpoint(spec, spec.idPrefix() + "-target", ReplicationEndpointTypeValue.TARGET, "aurora",
                        spec.targetSecretId(), spec.targetTls(), null, spec.targetInitStatements());
        String switched = switchedInitStatements(spec);
        boolean alreadySwitched = switched != null && findEndpoint("endpoint-arn", target)
                .map(e -> switched.equals(afterConnectScript(e))).orElse(false);
        return new EndpointPair(source, target, alreadySwitched);
    }

    /**
     * What the target endpoint runs once 4.4 switched it for CDC (as {@link #setTargetInitStatements} writes it), or
     * null when no switch is planned or it changes nothing.
     */
    private static String switchedInitStatements(EndpointSpec spec) {
        if (spec.targetCdcInitStatements() == null) {
            return null;
        }
        String switched = asWritten(spec.targetCdcInitStatements());
        return switched.equals(spec.targetInitStatements()) ? null : switched;
    }

    /** Init statements as {@link #setTargetInitStatements} writes them: stripped, "none" as {@link #FOREIGN_KEY_CHECKS_ON}. */
    private static String asWritten(String initStatements) {
        return initStatements == null || initStatements.isBlank() ? FOREIGN_KEY_CHECKS_ON : initStatements.strip();
    }

    /**
     * Checks an endpoint given by ARN; nothing is changed on it. Besides its type and engine, it must use the SSL
     * mode the input says for it (the readiness checks judged that side's TLS by it) and, with a verifying mode, the
     * certificate the input names for it, if the input names one; a source endpoint must
     * read TIMESTAMP values in the zone {@code config.source.serverTimezone} names (the readiness check
     * sc-time-zone-timestamp judged that zone, and DMS converts with the endpoint's), and a target endpoint must run
     * the required init statements (or those 4.4 switched it to for CDC, when a previous execution did).
     */
    private String existingEndpoint(String arn, String type, String field, DmsTls tls, boolean source,
                                    String serverTimezone, String requiredInitStatements, String switchedInitStatements) {
        Endpoint e = findEndpoint("endpoint-arn", arn).orElseThrow(() -> new ConfigurationException(
                field + ": DMS endpoint " + arn + " does not exist (or is not visible in this account and region)"));
        List<String> problems = new ArrayList<>();
        if (!type.equalsIgnoreCase(e.endpointTypeAsString())) {
            problems.add("it is a " + e.endpointTypeAsString().toLowerCase() + " endpoint, not a " + type + " endpoint");
        }
        if (!Set.of("mysql", "mariadb", "aurora").contains(e.engineName())) {
            problems.add("its engine is " + e.engineName() + ", not MySQL-compatible");
        }
        String theirs = e.sslModeAsString();
        if (DmsTls.problem(theirs) != null) {
            problems.add("its SslMode is " + theirs + ": " + DmsTls.problem(theirs) + "; change the endpoint's SSL mode");
        } else if (!tls.sslMode().equalsIgnoreCase(theirs)) {
            problems.add("its SslMode is " + theirs + " but config." + tls.modeField() + " is " + tls.sslMode()
                    + " (the readiness checks judged the " + type + "'s TLS for " + tls.sslMode() + "); set config." + tls.modeField()
                    + " to " + theirs + " or change the endpoint's SSL mode");
        } else if (tls.verifiesServer() && tls.certificateArn() != null && !tls.certificateArn().equals(e.certificateArn())) {
            problems.add("its CertificateArn is " + e.certificateArn() + " but config." + tls.certificateField() + " is "
                    + tls.certificateArn());
        }
        if (source) {
            String endpointZone = e.mySQLSettings() == null ? null : e.mySQLSettings().serverTimezone();
            if (!sameZone(endpointZone, serverTimezone)) {
                problems.add("its ServerTimezone is " + zone(endpointZone) + " but config.source.serverTimezone is "
                        + zone(serverTimezone) + ": DMS converts TIMESTAMP values with the endpoint's zone, the readiness "
                        + "checks judged the input's; set both to the source server's zone (for the stack's endpoint: "
                        + "the parameter SourceServerTimezone)");
            }
        }
        if (requiredInitStatements != null && !requiredInitStatements.equals(afterConnectScript(e))
                && (switchedInitStatements == null || !switchedInitStatements.equals(afterConnectScript(e)))) {
            problems.add("it does not run the init statements the target needs (" + requiredInitStatements
                    + "); add them to its MySQL settings (AfterConnectScript) or let Cutover create the endpoint");
        }
        if (!problems.isEmpty()) {
            throw new ReplicationConflictException(field + " " + arn + " (endpoint " + e.endpointIdentifier() + ") cannot be used: "
                    + String.join("; ", problems) + ". Nothing was changed.");
        }
        return arn;
    }

    /** Names DMS and MySQL give UTC; an unset ServerTimezone is UTC to DMS. */
    private static final Set<String> UTC_NAMES = Set.of("UTC", "+00:00", "-00:00", "GMT", "ETC/UTC", "ETC/GMT", "Z", "UCT",
            "UNIVERSAL", "ZULU", "GMT0", "ETC/UCT", "ETC/UNIVERSAL", "ETC/ZULU", "ETC/GMT0");

    private static boolean isUtc(String zone) {
        return zone == null || zone.isBlank() || UTC_NAMES.contains(zone.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** The same zone name (case aside), or both UTC; a name and its offset are not judged equal (say the same thing twice). */
    static boolean sameZone(String endpointZone, String inputZone) {
        return isUtc(endpointZone) && isUtc(inputZone)
                || endpointZone != null && inputZone != null && endpointZone.trim().equalsIgnoreCase(inputZone.trim());
    }

    private static String zone(String zone) {
        return zone == null || zone.isBlank() ? "not set (UTC)" : zone;
    }

    /** What creating endpoint {@code id} needs from the input; throws naming the field at fault. */
    private static void requireCreatable(EndpointSpec spec, String id, String secretId, String secretField, DmsTls tls) {
        String sslMode = tls.sslMode().toLowerCase(java.util.Locale.ROOT);
        if (DmsTls.problem(sslMode) != null) {
            throw new ConfigurationException("config." + tls.modeField() + ": " + DmsTls.problem(sslMode));
        }
        if (tls.verifiesServer() && tls.certificateArn() == null) {
            throw new ConfigurationException("config." + tls.certificateField() + " is required with " + tls.modeField() + " "
                    + sslMode + ": DMS verifies the " + tls.side().label() + " server's certificate against that CA (import the CA "
                    + "that signed that server's certificate into DMS: the RDS CA bundle for Aurora, your own CA for a self-managed "
                    + "source)");
        }
        if (secretId == null) {
            throw new ConfigurationException(secretField + " is required to create endpoint " + id + " (DMS reads the credentials from it)");
        }
        if (spec.secretsAccessRoleArn() == null) {
            throw new ConfigurationException("config.dms.secretsAccessRoleArn is required to create endpoint " + id
                    + ": the IAM role DMS assumes to read " + secretId);
        }
    }

    private String ensureEndpoint(EndpointSpec spec, String id, ReplicationEndpointTypeValue type, String engine,
                                  String secretId, DmsTls tls, String serverTimezone, String initStatements) {
        String sslMode = tls.sslMode().toLowerCase(java.util.Locale.ROOT);
        Optional<Endpoint> existing = findEndpoint("endpoint-id", id);
        if (existing.isPresent()) {
            return sameEndpointOrConflict(existing.get(), id, type, engine, secretId, spec, tls, serverTimezone, initStatements);
        }
        MySQLSettings mysql = MySQLSettings.builder()
                .secretsManagerSecretId(secretId)
                .secretsManagerAccessRoleArn(spec.secretsAccessRoleArn())
                .serverTimezone(serverTimezone)
                .afterConnectScript(initStatements)
                .build();
        try {
            return dms.createEndpoint(r -> r.endpointIdentifier(id).endpointType(type).engineName(engine)
                            .sslMode(sslMode).certificateArn(tls.certificateArn()).mySQLSettings(mysql)
                            .tags(Tag.builder().key("cutover:managed-by").value("cutover").build()))
                    .endpoint().endpointArn();
        } catch (ResourceAlreadyExistsException e) {
            // created concurrently (a retried invocation): judge what is there now
            Endpoint now = findEndpoint("endpoint-id", id).orElseThrow(() -> AwsErrors.translate("DMS CreateEndpoint " + id, e));
            return sameEndpointOrConflict(now, id, type, engine, secretId, spec, tls, serverTimezone, initStatements);
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS CreateEndpoint " + id, e);
        }
    }

    private static String sameEndpointOrConflict(Endpoint e, String id, ReplicationEndpointTypeValue type, String engine,
                                                 String secretId, EndpointSpec spec, DmsTls tls,
                                                 String serverTimezone, String initStatements) {
        MySQLSettings mysql = e.mySQLSettings() == null ? MySQLSettings.builder().build() : e.mySQLSettings();
        List<String> diffs = new ArrayList<>();
        differs(diffs, "EndpointType", e.endpointTypeAsString() == null ? null : e.endpointTypeAsString().toLowerCase(), type.toString());
        differs(diffs, "EngineName", e.engineName(), engine);
        differs(diffs, "SslMode", e.sslModeAsString(), tls.sslMode().toLowerCase(java.util.Locale.ROOT));
        differs(diffs, "CertificateArn", e.certificateArn(), tls.certificateArn());
        if (!sameSecret(mysql.secretsManagerSecretId(), secretId)) {
            diffs.add("SecretsManagerSecretId is " + mysql.secretsManagerSecretId() + ", Cutover wants " + secretId);
        }
        differs(diffs, "SecretsManagerAccessRoleArn", mysql.secretsManagerAccessRoleArn(), spec.secretsAccessRoleArn());
        differs(diffs, "ServerTimezone", mysql.serverTimezone(), serverTimezone);
        String switched = type == ReplicationEndpointTypeValue.TARGET ? switchedInitStatements(spec) : null;
        if (switched == null || !switched.equals(mysql.afterConnectScript())) {
            differs(diffs, "AfterConnectScript", mysql.afterConnectScript(), initStatements);
        }
        if (!diffs.isEmpty()) {
            throw new ReplicationConflictException("DMS endpoint " + id + " exists with other settings (" + String.join("; ", diffs)
                    + "). Cutover never reuses or replaces it: delete it, or pass its ARN in config.dms to use it as it is.");
        }
        return e.endpointArn();
    }

    /** DMS may report the secret's full ARN where a name was given. */
    private static boolean sameSecret(String actual, String wanted) {
        return wanted.equals(actual) || actual != null && actual.contains(":secret:" + wanted + "-");
    }

    private static String afterConnectScript(Endpoint e) {
        return e.mySQLSettings() == null ? null : e.mySQLSettings().afterConnectScript();
    }

    private Optional<Endpoint> findEndpoint(String filter, String value) {
        try {
            return dms.describeEndpoints(r -> r.filters(filter(filter, value))).endpoints().stream().findFirst();
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS DescribeEndpoints (" + filter + " " + value + ")", e);
        }
    }

    /**
     * ModifyEndpoint with MySQLSettings.AfterConnectScript only. ExactSettings stays false, so DMS merges it into
     * the endpoint's settings and keeps the secret, role and time zone. "None" is written as an explicit
     * {@code SET FOREIGN_KEY_CHECKS=1} (the server default): whether an empty AfterConnectScript clears the old one
     * under merge semantics is not documented, and a statement that restores the default replaces it for certain.
     * Reads the endpoint first: when it already runs these statements nothing is sent (a retry or a redrive).
     */
    @Override
    public void setTargetInitStatements(String targetEndpointArn, String initStatements) {
        String wanted = asWritten(initStatements);
        Endpoint endpoint = findEndpoint("endpoint-arn", targetEndpointArn).orElseThrow(() -> new ConfigurationException(
                "DMS endpoint " + targetEndpointArn + " does not exist (or is not visible in this account and region)"));
        if (!"target".equalsIgnoreCase(endpoint.endpointTypeAsString())) {
            throw new ReplicationConflictException("DMS endpoint " + targetEndpointArn + " is a "
                    + String.valueOf(endpoint.endpointTypeAsString()).toLowerCase(java.util.Locale.ROOT)
                    + " endpoint: init statements are set on the target endpoint");
        }
        if (wanted.equals(afterConnectScript(endpoint))) {
            return;
        }
        try {
            dms.modifyEndpoint(r -> r.endpointArn(targetEndpointArn).exactSettings(false)
                    .mySQLSettings(MySQLSettings.builder().afterConnectScript(wanted).build()));
        } catch (InvalidResourceStateException e) {
            throw new ReplicationNotReadyException("DMS cannot modify endpoint " + targetEndpointArn + " now: "
                    + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS ModifyEndpoint " + targetEndpointArn, e);
        }
    }

    // ---- connection tests -------------------------------------------------------------------------------

    @Override
    public void startConnectionTests(String replicationInstanceArn, EndpointPair endpoints) {
        for (ConnectionStatus status : connectionStatus(replicationInstanceArn, endpoints)) {
            if (status.state() == ConnectionState.TESTING) {
                continue; // one is running: its result is what we wait for
            }
            try {
                dms.testConnection(r -> r.replicationInstanceArn(replicationInstanceArn).endpointArn(status.endpointArn()));
            } catch (InvalidResourceStateException e) {
                throw new ReplicationNotReadyException("DMS cannot test " + status.endpointArn() + " now: " + e.awsErrorDetails().errorMessage());
            } catch (ResourceNotFoundException e) {
                throw new ConfigurationException("DMS TestConnection: " + e.awsErrorDetails().errorMessage()
                        + " (replication instance " + replicationInstanceArn + ", endpoint " + status.endpointArn() + ")");
            } catch (SdkException e) {
                throw AwsErrors.translate("DMS TestConnection of " + status.endpointArn(), e);
            }
        }
    }

    @Override
    public List<ConnectionStatus> connectionStatus(String replicationInstanceArn, EndpointPair endpoints) {
        Map<String, Connection> byEndpoint = new HashMap<>();
        try {
            dms.describeConnectionsPaginator(r -> r.maxRecords(PAGE).filters(
                            filter("endpoint-arn", endpoints.sourceEndpointArn(), endpoints.targetEndpointArn()),
                            filter("replication-instance-arn", replicationInstanceArn)))
                    .forEach(page -> page.connections().forEach(c -> byEndpoint.put(c.endpointArn(), c)));
        } catch (ResourceNotFoundException e) {
            // no test has run yet
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS DescribeConnections", e);
        }
        List<ConnectionStatus> result = new ArrayList<>();
        for (String arn : List.of(endpoints.sourceEndpointArn(), endpoints.targetEndpointArn())) {
            Connection c = byEndpoint.get(arn);
            ConnectionState state = c == null ? ConnectionState.NOT_TESTED : switch (String.valueOf(c.status())) {
                case "successful" -> ConnectionState.SUCCESSFUL;
                case "testing" -> ConnectionState.TESTING;
                case "failed" -> ConnectionState.FAILED;
                default -> ConnectionState.NOT_TESTED;
            };
            result.add(new ConnectionStatus(arn, state, c == null ? null : c.lastFailureMessage()));
        }
        return result;
    }

    // ---- task ---------------------------------------------------------------------------------------------

    @Override
    public TaskRef ensureTask(TaskDefinition d) {
        Optional<ReplicationTask> existing = findTask("replication-task-id", d.taskId(), true);
        if (existing.isPresent()) {
            return sameTaskOrConflict(existing.get(), d);
        }
        try {
            ReplicationTask created = dms.createReplicationTask(r -> r.replicationTaskIdentifier(d.taskId())
                    .replicationInstanceArn(d.replicationInstanceArn())
                    .sourceEndpointArn(d.endpoints().sourceEndpointArn())
                    .targetEndpointArn(d.endpoints().targetEndpointArn())
                    .migrationType(d.migrationType())
                    .tableMappings(d.tableMappingsJson())
                    .replicationTaskSettings(d.taskSettingsJson())
                    .tags(Tag.builder().key("cutover:managed-by").value("cutover").build())).replicationTask();
            return new TaskRef(created.replicationTaskArn(), d.taskId(), true);
        } catch (ResourceAlreadyExistsException e) {
            ReplicationTask now = findTask("replication-task-id", d.taskId(), true)
                    .orElseThrow(() -> AwsErrors.translate("DMS CreateReplicationTask " + d.taskId(), e));
            return sameTaskOrConflict(now, d);
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS CreateReplicationTask " + d.taskId(), e);
        }
    }

    private static TaskRef sameTaskOrConflict(ReplicationTask t, TaskDefinition d) {
        TaskDefinition existing = new TaskDefinition(d.taskId(), t.replicationInstanceArn(),
                new EndpointPair(t.sourceEndpointArn(), t.targetEndpointArn()), t.migrationTypeAsString(), t.tableMappings(),
                t.replicationTaskSettings());
        return d.reuseOrConflict(t.replicationTaskArn(), existing);
    }

    @Override
    public void start(TaskRef task, StartMode mode) {
        String type = switch (mode) {
            case START_REPLICATION -> "start-replication";
            case RESUME_PROCESSING -> "resume-processing";
            case RELOAD_TARGET -> "reload-target";
        };
        try {
            dms.startReplicationTask(r -> r.replicationTaskArn(task.taskArn()).startReplicationTaskType(type));
        } catch (InvalidResourceStateException e) {
            String status = describeTask(task).status();
            String message = "DMS refused " + type + " of task " + task.taskId() + " (" + status + "): " + e.awsErrorDetails().errorMessage();
            if (Replication.PASSING_STATES.contains(status)) {
                throw new ReplicationNotReadyException(message);
            }
            throw new ReplicationStateException(message, e);
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS StartReplicationTask " + type + " " + task.taskId(), e);
        }
    }

    @Override
    public TaskProgress progress(TaskRef task) {
        ReplicationTask t = describeTask(task);
        List<TableState> tables = new ArrayList<>();
        int errored = 0;
        for (TableStatistics s : tableStatistics(task)) {
            boolean error = "Table error".equals(s.tableState());
            errored += error ? 1 : 0;
            tables.add(new TableState(s.schemaName(), s.tableName(), s.tableState(), n(s.fullLoadRows()), n(s.inserts()),
                    n(s.updates()), n(s.deletes()), n(s.ddls()), error ? tableError(t, s) : null));
        }
        ReplicationTaskStats stats = t.replicationTaskStats();
        return new TaskProgress(t.status(), t.stopReason(), t.lastFailureMessage(),
                stats == null ? null : stats.fullLoadProgressPercent(),
                stats == null || stats.tablesLoaded() == null ? 0 : stats.tablesLoaded(),
                stats == null || stats.tablesLoading() == null ? 0 : stats.tablesLoading(),
                stats == null || stats.tablesQueued() == null ? 0 : stats.tablesQueued(),
                Math.max(errored, stats == null || stats.tablesErrored() == null ? 0 : stats.tablesErrored()),
                tables);
    }

    @Override
    public TaskStatus status(TaskRef task) {
        ReplicationTask t = describeTask(task);
        return new TaskStatus(t.status(), t.stopReason(), t.lastFailureMessage());
    }

    private static String tableError(ReplicationTask t, TableStatistics s) {
        String where = "the task log (CloudWatch Logs group dms-tasks-<replication instance>, stream dms-task-"
                + DmsIds.resourceId(t.replicationTaskArn()) + ", search \"" + s.schemaName() + "\".\"" + s.tableName() + "\")";
        return t.lastFailureMessage() != null && !t.lastFailureMessage().isBlank()
                ? t.lastFailureMessage() + " (details: " + where + ")"
                : "DMS suspended the table; its API gives no error text: read " + where;
    }

    @Override
    public CdcSample cdcSample(TaskRef task) {
        long inserts = 0;
        long updates = 0;
        long deletes = 0;
        long ddls = 0;
        for (TableStatistics s : tableStatistics(task)) {
            inserts += n(s.inserts());
            updates += n(s.updates());
            deletes += n(s.deletes());
            ddls += n(s.ddls());
        }
        DmsCdcMetrics.Latest metrics = cdcMetrics.latest(DmsIds.resourceId(task.taskArn()));
        return new CdcSample(clock.instant(), metrics.sourceLatencySeconds(), metrics.targetLatencySeconds(), inserts, updates,
                deletes, ddls, metrics.incomingChanges());
    }

    @Override
    public void stop(TaskRef task) {
        String status = describeTask(task).status();
        if (Set.of("stopped", "stopping", "failed", "ready").contains(status)) {
            return; // nothing runs: stopping again would only be refused
        }
        try {
            dms.stopReplicationTask(r -> r.replicationTaskArn(task.taskArn()));
        } catch (InvalidResourceStateException e) {
            String now = describeTask(task).status();
            if (!Set.of("stopped", "stopping").contains(now)) {
                throw new ReplicationNotReadyException("DMS cannot stop task " + task.taskId() + " while it is " + now + ": "
                        + e.awsErrorDetails().errorMessage());
            }
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS StopReplicationTask " + task.taskId(), e);
        }
    }

    @Override
    public Checkpoint checkpoint(TaskRef task) {
        ReplicationTask t = describeTask(task);
        BinlogPosition position = RecoveryCheckpoints.binlogPosition(t.recoveryCheckpoint());
        return new Checkpoint(t.recoveryCheckpoint(), null, null,
                position == null ? null : position.file(), position == null ? null : position.position());
    }

    private ReplicationTask describeTask(TaskRef task) {
        return findTask("replication-task-arn", task.taskArn(), false).orElseThrow(() -> new ConfigurationException(
                "DMS task " + task.taskId() + " (" + task.taskArn() + ") does not exist: was it deleted?"));
    }

    private Optional<ReplicationTask> findTask(String filter, String value, boolean withSettings) {
        try {
            return dms.describeReplicationTasks(r -> r.filters(filter(filter, value)).withoutSettings(!withSettings))
                    .replicationTasks().stream().findFirst();
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS DescribeReplicationTasks (" + filter + " " + value + ")", e);
        }
    }

    private List<TableStatistics> tableStatistics(TaskRef task) {
        List<TableStatistics> all = new ArrayList<>();
        try {
            dms.describeTableStatisticsPaginator(r -> r.replicationTaskArn(task.taskArn()).maxRecords(TABLE_PAGE))
                    .forEach(page -> all.addAll(page.tableStatistics()));
        } catch (ResourceNotFoundException | InvalidResourceStateException e) {
            return List.of(); // no statistics before the task first runs
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS DescribeTableStatistics of task " + task.taskId(), e);
        }
        return all;
    }

    // ---- assessment ---------------------------------------------------------------------------------------

    @Override
    public void startAssessment(TaskRef task, AssessmentSpec spec) {
        if (spec.resultsBucket() == null || spec.serviceRoleArn() == null) {
            throw new ConfigurationException("config.dms.assessment.resultsBucket and config.dms.assessment.serviceRoleArn are "
                    + "required for the pre-migration assessment (DMS writes its results to that bucket through that role)");
        }
        if (assessmentRuns(task).stream().anyMatch(r -> spec.runName().equals(r.assessmentRunName()))) {
            return; // started by an earlier attempt of this execution
        }
        try {
            dms.startReplicationTaskAssessmentRun(r -> r.replicationTaskArn(task.taskArn())
                    .serviceAccessRoleArn(spec.serviceRoleArn())
                    .resultLocationBucket(spec.resultsBucket())
                    .resultLocationFolder(ASSESSMENT_FOLDER + task.taskId())
                    .assessmentRunName(spec.runName()));
        } catch (ResourceAlreadyExistsException e) {
            // the same run name: started concurrently by a retried invocation
        } catch (InvalidResourceStateException e) {
            throw new ReplicationNotReadyException("DMS cannot assess task " + task.taskId() + " now: " + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS StartReplicationTaskAssessmentRun " + spec.runName(), e);
        }
    }

    @Override
    public AssessmentStatus assessment(TaskRef task) {
        Optional<ReplicationTaskAssessmentRun> latest = assessmentRuns(task).stream()
                .max(Comparator.comparing(ReplicationTaskAssessmentRun::replicationTaskAssessmentRunCreationDate,
                        Comparator.nullsFirst(Comparator.naturalOrder())));
        if (latest.isEmpty()) {
            return new AssessmentStatus(null, "none", List.of());
        }
        ReplicationTaskAssessmentRun run = latest.get();
        String where = "s3://" + run.resultLocationBucket() + "/" + (run.resultLocationFolder() == null ? "" : run.resultLocationFolder() + "/");
        List<AssessmentItem> items = new ArrayList<>();
        for (ReplicationTaskIndividualAssessment a : individualAssessments(run.replicationTaskAssessmentRunArn())) {
            String status = a.status();
            String message = null;
            if (Set.of("failed", "error", "warning").contains(status)) {
                message = "details in " + where + " (" + a.individualAssessmentName() + ")"
                        + (run.lastFailureMessage() == null ? "" : "; the run's last failure: " + run.lastFailureMessage());
            }
            items.add(new AssessmentItem(a.individualAssessmentName(), status, message));
        }
        return new AssessmentStatus(run.replicationTaskAssessmentRunArn(), run.status(), items);
    }

    private List<ReplicationTaskAssessmentRun> assessmentRuns(TaskRef task) {
        List<ReplicationTaskAssessmentRun> runs = new ArrayList<>();
        try {
            dms.describeReplicationTaskAssessmentRunsPaginator(r -> r.maxRecords(PAGE)
                    .filters(filter("replication-task-arn", task.taskArn()))).forEach(page -> runs.addAll(page.replicationTaskAssessmentRuns()));
        } catch (ResourceNotFoundException e) {
            return List.of();
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS DescribeReplicationTaskAssessmentRuns of task " + task.taskId(), e);
        }
        return runs;
    }

    private List<ReplicationTaskIndividualAssessment> individualAssessments(String runArn) {
        List<ReplicationTaskIndividualAssessment> all = new ArrayList<>();
        try {
            dms.describeReplicationTaskIndividualAssessmentsPaginator(r -> r.maxRecords(PAGE)
                            .filters(filter("replication-task-assessment-run-arn", runArn)))
                    .forEach(page -> all.addAll(page.replicationTaskIndividualAssessments()));
        } catch (ResourceNotFoundException e) {
            return List.of();
        } catch (SdkException e) {
            throw AwsErrors.translate("DMS DescribeReplicationTaskIndividualAssessments of run " + runArn, e);
        }
        return all;
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static void differs(List<String> diffs, String field, String actual, String wanted) {
        boolean same = actual == null || actual.isEmpty() ? wanted == null || wanted.isEmpty() : actual.equals(wanted);
        if (!same) {
            diffs.add(field + " is " + actual + ", Cutover wants " + wanted);
        }
    }

    private static long n(Long value) {
        return value == null ? 0 : value;
    }
}
