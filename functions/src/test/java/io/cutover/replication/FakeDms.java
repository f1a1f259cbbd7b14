package io.cutover.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cutover.core.aws.AwsClients;
import io.cutover.core.aws.DmsReplication;
import io.cutover.core.config.Env;
import io.cutover.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;

/**
 * A local, stateful fake of the AWS DMS API (JSON 1.1, {@code X-Amz-Target: AmazonDMSv20160101.<Operation>}) and
 * of CloudWatch GetMetricData (query protocol, XML), for the real SDK v2 clients. Shapes follow the DMS API
 * reference: tasks go creating → ready → starting → running (full load, then CDC) → stopping → stopped; table
 * statistics page with Marker/MaxRecords; errors are {@code {"__type": "...Fault", "message": ...}}.
 *
 * <p>Time passes only in {@link #tick()}, so tests decide exactly what happens between two polls. Every request
 * is recorded ({@link #calls}) for the tests to assert on, and {@link #fault} injects throttling, 5xx or access
 * errors. A small {@code com.sun.net.httpserver} server rather than WireMock: WireMock serves canned answers,
 * while this needs state that moves (task lifecycle, loading tables, a change log applied by CDC).
 */
final class FakeDms implements AutoCloseable {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "123456789012";
    static final String INSTANCE_ARN = "arn:aws:dms:" + REGION + ":" + ACCOUNT + ":rep:FAKEINSTANCE";

    record Call(String operation, JsonNode body) {}

    private record Fault(String operation, int status, String type, String message) {}

    private record Change(long seq, String schema, String table, String kind) {}

    static final class Table {
        final String schema;
        final String name;
        final long rows;
        long loaded;
        String state = "Before load";
        long inserts;
        long updates;
        long deletes;
        long ddls;

        Table(String schema, String name, long rows) {
            this.schema = schema;
            this.name = name;
            this.rows = rows;
        }
    }

    static final class Task {
        String arn;
        String id;
        ObjectNode request;
        String status = "creating";
        boolean everStarted;
        boolean fullLoadDone;
        String stopReason;
        String lastFailureMessage;
        Instant created = Instant.now();
        Instant started;
        long appliedSeq;
        String recoveryCheckpoint;
        Double sourceLatency;
        Double targetLatency;
        final List<Table> tables = new ArrayList<>();
    }

    static final class Run {
        ObjectNode json;
        int ticks;
        Map<String, String> results;
    }

    private final HttpServer server;
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, ObjectNode> endpoints = new LinkedHashMap<>();
    private final Map<String, ObjectNode> connections = new LinkedHashMap<>();
    private final Map<String, String> connectionFailures = new ConcurrentHashMap<>();
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final List<Run> runs = new ArrayList<>();
    private final Map<String, Long> sourceTables = new LinkedHashMap<>();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final List<Change> changes = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private Map<String, String> nextAssessmentResults = Map.of("mysql-check-binlog-format", "passed");
    int rowsPerTick = 100;
    int maxTablesLoading = 8;

    FakeDms() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The real SDK clients pointed at this fake, with fixed test credentials. */
    DmsReplication replication(Clock clock) {
        AwsClients clients = new AwsClients(new Env(Map.of(Env.REGION, REGION, "AWS_ENDPOINT_URL", url())),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret-key")));
        return new DmsReplication(clients.build(DatabaseMigrationClient.builder(), "DATABASE_MIGRATION_SERVICE"),
                clients.build(CloudWatchClient.builder(), "CLOUDWATCH"), clock);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- scripting ----------------------------------------------------------------------------------------

    synchronized void addSourceTable(String schema, String table, long rows) {
        sourceTables.put(schema + "." + table, rows);
    }

    synchronized void breakTable(String qualified) {
        broken.add(qualified);
    }

    /** Committed changes on the source, spread over {@code tables} ("schema.table") in order. */
    synchronized void changeSource(List<String> names, int inserts, int updates, int deletes) {
        int i = 0;
        for (String kind : List.of("insert", "update", "delete")) {
            int n = kind.equals("insert") ? inserts : kind.equals("update") ? updates : deletes;
            for (int k = 0; k < n; k++) {
                String[] t = names.get(i++ % names.size()).split("\\.", 2);
                changes.add(new Change(changes.size() + 1, t[0], t[1], kind));
            }
        }
    }

    synchronized void latency(String taskArn, Double source, Double target) {
        Task t = tasks.get(taskArn);
        t.sourceLatency = source;
        t.targetLatency = target;
    }

    synchronized void failConnectionTest(String endpointArn, String message) {
        connectionFailures.put(endpointArn, message);
    }

    synchronized void assessmentResults(Map<String, String> statusByName) {
        nextAssessmentResults = new LinkedHashMap<>(statusByName);
    }

    synchronized void failTask(String taskArn, String message) {
        Task t = tasks.get(taskArn);
        t.status = "failed";
        t.stopReason = "Stop Reason FATAL_ERROR";
        t.lastFailureMessage = message;
    }

    synchronized String addEndpoint(String id, String type, String engine) {
        String arn = "arn:aws:dms:" + REGION + ":" + ACCOUNT + ":endpoint:" + resourceId();
        ObjectNode e = Json.object();
        e.put("EndpointIdentifier", id);
        e.put("EndpointType", type.toUpperCase(Locale.ROOT));
        e.put("EngineName", engine);
        e.put("Status", "active");
        e.put("EndpointArn", arn);
        e.put("SslMode", "none");
        endpoints.put(arn, e);
        return arn;
    }

    /** An endpoint made outside Cutover (e.g. by the stack) with this SSL mode and source time zone (null: not set). */
    synchronized String addEndpoint(String id, String type, String engine, String sslMode, String serverTimezone) {
        String arn = addEndpoint(id, type, engine);
        ObjectNode e = endpoints.get(arn);
        e.put("SslMode", sslMode);
        if (serverTimezone != null) {
            e.set("MySQLSettings", Json.object().put("ServerTimezone", serverTimezone));
        }
        return arn;
    }

    /** The endpoint as DMS describes it (a copy). */
    synchronized JsonNode endpoint(String arn) {
        return endpoints.get(arn).deepCopy();
    }

    synchronized Task task(String arn) {
        return tasks.get(arn);
    }

    /** The next requests of {@code operation} ("*" for any) fail so many times with this error. */
    synchronized void fault(String operation, int status, String type, String message, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(operation, status, type, message));
        }
    }

    List<Call> calls(String operation) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.operation().equals(operation)).toList();
        }
    }

    /** Lets time pass: every task, connection test and assessment run moves one step. */
    synchronized void tick() {
        connections.values().forEach(c -> {
            if ("testing".equals(c.path("Status").asText())) {
                String failure = connectionFailures.get(c.path("EndpointArn").asText());
                c.put("Status", failure == null ? "successful" : "failed");
                if (failure != null) {
                    c.put("LastFailureMessage", failure);
                }
            }
        });
        for (Run run : runs) {
            if (++run.ticks >= 2 && Set.of("starting", "running").contains(run.json.path("Status").asText())) {
                boolean failed = run.results.containsValue("failed");
                boolean warning = run.results.containsValue("warning");
                run.json.put("Status", failed ? "failed" : warning ? "warning" : "passed");
                if (failed) {
                    run.json.put("LastFailureMessage", "Individual assessment mysql-check-binlog-format failed");
                }
            } else if (run.ticks == 1) {
                run.json.put("Status", "running");
            }
        }
        for (Task t : tasks.values()) {
            switch (t.status) {
                case "creating" -> t.status = "ready";
                case "starting" -> t.status = "running";
                case "stopping" -> {
                    t.status = "stopped";
                    t.stopReason = "Stop Reason NORMAL";
                }
                case "running" -> run(t);
                default -> { }
            }
        }
    }

    private void run(Task t) {
        if (!t.fullLoadDone) {
            long loading = t.tables.stream().filter(x -> x.state.equals("Full load")).count();
            for (Table x : t.tables) {
                if (x.state.equals("Before load") && loading < maxTablesLoading) {
                    x.state = "Full load";
                    loading++;
                }
            }
            for (Table x : t.tables) {
                if (x.state.equals("Full load")) {
                    if (broken.contains(x.schema + "." + x.name)) {
                        x.state = "Table error";
                        continue;
                    }
                    x.loaded = Math.min(x.rows, x.loaded + rowsPerTick);
                    if (x.loaded == x.rows) {
                        x.state = "Table completed";
                    }
                }
            }
            t.fullLoadDone = t.tables.stream().noneMatch(x -> x.state.equals("Before load") || x.state.equals("Full load"));
            if (t.fullLoadDone && stopsAfterCachedChanges(t)) {
                applyChanges(t); // the changes made during the load: DMS's cached changes
                t.status = "stopped";
                t.stopReason = "Stop Reason STOPPED_AFTER_CACHED_EVENTS";
            }
            return;
        }
        applyChanges(t);
    }

    private static boolean stopsAfterCachedChanges(Task t) {
        JsonNode settings = Json.parse(t.request.path("ReplicationTaskSettings").asText("{}"));
        return settings.path("FullLoadSettings").path("StopTaskCachedChangesApplied").asBoolean(false);
    }

    private void applyChanges(Task t) {
        for (Change c : changes) {
            if (c.seq() <= t.appliedSeq) {
                continue;
            }
            for (Table x : t.tables) {
                if (x.schema.equals(c.schema()) && x.name.equals(c.table()) && !x.state.equals("Table error")) {
                    switch (c.kind()) {
                        case "insert" -> x.inserts++;
                        case "update" -> x.updates++;
                        default -> x.deletes++;
                    }
                }
            }
            t.appliedSeq = c.seq();
        }
        t.recoveryCheckpoint = "checkpoint:V1#" + (t.appliedSeq + 1) + "#mysql-bin-changelog.000042:" + (4 + 100 * t.appliedSeq)
                + ":-1:" + (104 + 100 * t.appliedSeq) + ":677883278264080:mysql-bin-changelog.000042:" + (4 + 100 * t.appliedSeq)
                + "#0#0#*#0#93";
    }

    // ---- HTTP -------------------------------------------------------------------------------------------

    private void serve(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        try {
            if (target != null && target.startsWith("AmazonDMSv20160101.")) {
                String operation = target.substring("AmazonDMSv20160101.".length());
                JsonNode request = body.length == 0 ? Json.object() : Json.parse(body);
                calls.add(new Call(operation, request));
                Fault fault = takeFault(operation);
                if (fault != null) {
                    error(exchange, fault.status(), fault.type(), fault.message());
                    return;
                }
                JsonNode response;
                synchronized (this) {
                    response = dispatch(operation, request);
                }
                respond(exchange, 200, "application/x-amz-json-1.1", Json.write(response));
            } else {
                Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
                String operation = "cloudwatch:" + form.getOrDefault("Action", "?");
                calls.add(new Call(operation, Json.tree(form)));
                Fault fault = takeFault(operation);
                if (fault != null) {
                    String xml = "<ErrorResponse><Error><Type>Sender</Type><Code>" + fault.type() + "</Code><Message>" + fault.message()
                            + "</Message></Error><RequestId>r1</RequestId></ErrorResponse>";
                    respond(exchange, fault.status(), "text/xml", xml);
                    return;
                }
                String xml;
                synchronized (this) {
                    xml = metricData(form);
                }
                respond(exchange, 200, "text/xml", xml);
            }
        } catch (DmsFault f) {
            error(exchange, 400, f.type, f.getMessage());
        }
    }

    private synchronized Fault takeFault(String operation) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.operation().equals(operation) || f.operation().equals("*")) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode e = Json.object();
        e.put("__type", type);
        e.put("message", message);
        respond(exchange, status, "application/x-amz-json-1.1", Json.write(e));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "fake-" + System.nanoTime());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static final class DmsFault extends RuntimeException {
        final String type;

        DmsFault(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    private JsonNode dispatch(String operation, JsonNode r) {
        return switch (operation) {
            case "DescribeEndpoints" -> describeEndpoints(r);
            case "CreateEndpoint" -> createEndpoint(r);
            case "ModifyEndpoint" -> modifyEndpoint(r);
            case "TestConnection" -> testConnection(r);
            case "DescribeConnections" -> describeConnections(r);
            case "CreateReplicationTask" -> createTask(r);
            case "DescribeReplicationTasks" -> describeTasks(r);
            case "StartReplicationTask" -> startTask(r);
            case "StopReplicationTask" -> stopTask(r);
            case "DescribeTableStatistics" -> tableStatistics(r);
            case "StartReplicationTaskAssessmentRun" -> startRun(r);
            case "DescribeReplicationTaskAssessmentRuns" -> describeRuns(r);
            case "DescribeReplicationTaskIndividualAssessments" -> individualAssessments(r);
            default -> throw new DmsFault("InvalidParameterValueException", "the fake does not implement " + operation);
        };
    }

    private static Map<String, List<String>> filters(JsonNode r) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        for (JsonNode filter : r.path("Filters")) {
            List<String> values = new ArrayList<>();
            filter.path("Values").forEach(v -> values.add(v.asText()));
            f.put(filter.path("Name").asText(), values);
        }
        return f;
    }

    private static boolean matches(Map<String, List<String>> filters, String name, String value) {
        return !filters.containsKey(name) || filters.get(name).contains(value);
    }

    private ObjectNode describeEndpoints(JsonNode r) {
        Map<String, List<String>> f = filters(r);
        ArrayNode list = Json.MAPPER.createArrayNode();
        endpoints.values().stream()
                .filter(e -> matches(f, "endpoint-arn", e.path("EndpointArn").asText()))
                .filter(e -> matches(f, "endpoint-id", e.path("EndpointIdentifier").asText()))
                .forEach(list::add);
        if (list.isEmpty()) {
            throw new DmsFault("ResourceNotFoundFault", "Endpoint not found");
        }
        ObjectNode out = Json.object();
        out.set("Endpoints", list);
        return out;
    }

    private ObjectNode createEndpoint(JsonNode r) {
        String id = r.path("EndpointIdentifier").asText();
        if (endpoints.values().stream().anyMatch(e -> e.path("EndpointIdentifier").asText().equals(id))) {
            throw new DmsFault("ResourceAlreadyExistsFault", "Endpoint with identifier " + id + " already exists");
        }
        if (r.has("Password") || r.has("Username")) {
            throw new DmsFault("InvalidParameterCombinationException", "the fake expects credentials from Secrets Manager only");
        }
        String arn = addEndpoint(id, r.path("EndpointType").asText(), r.path("EngineName").asText());
        ObjectNode e = endpoints.get(arn);
        e.put("SslMode", r.path("SslMode").asText("none"));
        if (r.has("CertificateArn")) {
            e.put("CertificateArn", r.path("CertificateArn").asText());
        }
        if (r.has("MySQLSettings")) {
            ObjectNode mysql = r.path("MySQLSettings").deepCopy();
            // DMS reports the secret by its full ARN
            String secret = mysql.path("SecretsManagerSecretId").asText();
            if (!secret.startsWith("arn:")) {
                mysql.put("SecretsManagerSecretId", "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + secret + "-AbCdEf");
            }
            e.set("MySQLSettings", mysql);
        }
        ObjectNode out = Json.object();
        out.set("Endpoint", e);
        return out;
    }

    /** ModifyEndpoint: MySQLSettings merged into the endpoint's (ExactSettings false), replaced with ExactSettings true. */
    private ObjectNode modifyEndpoint(JsonNode r) {
        ObjectNode e = endpoints.get(r.path("EndpointArn").asText());
        if (e == null) {
            throw new DmsFault("ResourceNotFoundFault", "Endpoint " + r.path("EndpointArn").asText() + " not found");
        }
        if (r.has("MySQLSettings")) {
            ObjectNode mysql = r.path("ExactSettings").asBoolean(false) || !e.has("MySQLSettings")
                    ? Json.object() : (ObjectNode) e.get("MySQLSettings");
            r.path("MySQLSettings").fields().forEachRemaining(f -> mysql.set(f.getKey(), f.getValue()));
            e.set("MySQLSettings", mysql);
        }
        ObjectNode out = Json.object();
        out.set("Endpoint", e);
        return out;
    }

    private ObjectNode testConnection(JsonNode r) {
        String endpoint = r.path("EndpointArn").asText();
        if (!endpoints.containsKey(endpoint)) {
            throw new DmsFault("ResourceNotFoundFault", "Endpoint " + endpoint + " not found");
        }
        ObjectNode c = Json.object();
        c.put("ReplicationInstanceArn", r.path("ReplicationInstanceArn").asText());
        c.put("EndpointArn", endpoint);
        c.put("Status", "testing");
        c.put("EndpointIdentifier", endpoints.get(endpoint).path("EndpointIdentifier").asText());
        c.put("ReplicationInstanceIdentifier", "fake-instance");
        connections.put(r.path("ReplicationInstanceArn").asText() + "|" + endpoint, c);
        ObjectNode out = Json.object();
        out.set("Connection", c);
        return out;
    }

    private ObjectNode describeConnections(JsonNode r) {
        Map<String, List<String>> f = filters(r);
        ArrayNode list = Json.MAPPER.createArrayNode();
        connections.values().stream()
                .filter(c -> matches(f, "endpoint-arn", c.path("EndpointArn").asText()))
                .filter(c -> matches(f, "replication-instance-arn", c.path("ReplicationInstanceArn").asText()))
                .forEach(list::add);
        if (list.isEmpty()) {
            throw new DmsFault("ResourceNotFoundFault", "No connections found");
        }
        return page(r, list, "Connections");
    }

    private ObjectNode createTask(JsonNode r) {
        String id = r.path("ReplicationTaskIdentifier").asText();
        if (tasks.values().stream().anyMatch(t -> t.id.equals(id))) {
            throw new DmsFault("ResourceAlreadyExistsFault", "ReplicationTask " + id + " already exists");
        }
        for (String field : List.of("SourceEndpointArn", "TargetEndpointArn")) {
            if (!endpoints.containsKey(r.path(field).asText())) {
                throw new DmsFault("ResourceNotFoundFault", field + " " + r.path(field).asText() + " not found");
            }
        }
        Task t = new Task();
        t.id = id;
        t.arn = "arn:aws:dms:" + REGION + ":" + ACCOUNT + ":task:" + resourceId();
        t.request = (ObjectNode) r.deepCopy();
        tasks.put(t.arn, t);
        ObjectNode out = Json.object();
        out.set("ReplicationTask", taskJson(t, true));
        return out;
    }

    /** A stopping task is stopped when it has been described this many more times (0: only {@link #tick} stops it). */
    private int describesUntilStopped;

    /** The next stop completes after {@code describes} DescribeReplicationTasks calls, as if it took that long. */
    synchronized void stopCompletesAfterDescribes(int describes) {
        describesUntilStopped = describes;
    }

    private ObjectNode describeTasks(JsonNode r) {
        if (describesUntilStopped > 0 && tasks.values().stream().anyMatch(t -> "stopping".equals(t.status)) && --describesUntilStopped == 0) {
            tasks.values().stream().filter(t -> "stopping".equals(t.status)).forEach(t -> {
                t.status = "stopped";
                t.stopReason = "Stop Reason NORMAL";
            });
        }
        Map<String, List<String>> f = filters(r);
        boolean withoutSettings = r.path("WithoutSettings").asBoolean(false);
        ArrayNode list = Json.MAPPER.createArrayNode();
        tasks.values().stream()
                .filter(t -> matches(f, "replication-task-arn", t.arn))
                .filter(t -> matches(f, "replication-task-id", t.id))
                .forEach(t -> list.add(taskJson(t, !withoutSettings)));
        if (list.isEmpty()) {
            throw new DmsFault("ResourceNotFoundFault", "No Tasks found matching provided filters");
        }
        return page(r, list, "ReplicationTasks");
    }

    private Task taskOrFault(JsonNode r) {
        Task t = tasks.get(r.path("ReplicationTaskArn").asText());
        if (t == null) {
            throw new DmsFault("ResourceNotFoundFault", "Task " + r.path("ReplicationTaskArn").asText() + " not found");
        }
        return t;
    }

    private ObjectNode startTask(JsonNode r) {
        Task t = taskOrFault(r);
        String type = r.path("StartReplicationTaskType").asText();
        if (!Set.of("ready", "stopped", "failed").contains(t.status)) {
            throw new DmsFault("InvalidResourceStateFault", "Replication task is in " + t.status + " state and cannot be started");
        }
        switch (type) {
            case "start-replication" -> {
                if (t.everStarted) {
                    throw new DmsFault("InvalidResourceStateFault",
                            "Start type start-replication is valid only for the first run of the task; use resume-processing or reload-target");
                }
                t.tables.clear();
                for (Map.Entry<String, Long> e : sourceTables.entrySet()) {
                    String[] parts = e.getKey().split("\\.", 2);
                    if (selected(t, parts[0], parts[1])) {
                        t.tables.add(new Table(parts[0], parts[1], e.getValue()));
                    }
                }
                t.appliedSeq = changes.size(); // earlier changes are in the rows the full load copies
                t.started = Instant.now();
            }
            case "resume-processing" -> {
                if (!t.everStarted) {
                    throw new DmsFault("InvalidResourceStateFault", "resume-processing needs a task that has run");
                }
            }
            default -> throw new DmsFault("InvalidParameterValueException", "the fake does not support " + type);
        }
        t.everStarted = true;
        t.status = "starting";
        t.stopReason = null;
        ObjectNode out = Json.object();
        out.set("ReplicationTask", taskJson(t, false));
        return out;
    }

    private ObjectNode stopTask(JsonNode r) {
        Task t = taskOrFault(r);
        if (!t.status.equals("running")) {
            throw new DmsFault("InvalidResourceStateFault", "Replication task is not running");
        }
        t.status = "stopping";
        ObjectNode out = Json.object();
        out.set("ReplicationTask", taskJson(t, false));
        return out;
    }

    private ObjectNode tableStatistics(JsonNode r) {
        Task t = taskOrFault(r);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Table x : t.tables) {
            ObjectNode s = Json.object();
            s.put("SchemaName", x.schema);
            s.put("TableName", x.name);
            s.put("Inserts", x.inserts);
            s.put("Deletes", x.deletes);
            s.put("Updates", x.updates);
            s.put("Ddls", x.ddls);
            s.put("FullLoadRows", x.loaded);
            s.put("FullLoadCondtnlChkFailedRows", 0);
            s.put("FullLoadErrorRows", 0);
            s.put("LastUpdateTime", Instant.now().getEpochSecond());
            s.put("TableState", x.state);
            s.put("ValidationState", "Not enabled");
            list.add(s);
        }
        ObjectNode out = page(r, list, "TableStatistics");
        out.put("ReplicationTaskArn", t.arn);
        return out;
    }

    private ObjectNode startRun(JsonNode r) {
        Task t = taskOrFault(r);
        String name = r.path("AssessmentRunName").asText();
        if (runs.stream().anyMatch(x -> x.json.path("AssessmentRunName").asText().equals(name))) {
            throw new DmsFault("ResourceAlreadyExistsFault", "Assessment run " + name + " already exists");
        }
        if (!Set.of("ready", "stopped", "failed").contains(t.status)) {
            throw new DmsFault("InvalidResourceStateFault", "Task must be ready or stopped to be assessed");
        }
        Run run = new Run();
        run.results = nextAssessmentResults;
        run.json = Json.object();
        run.json.put("ReplicationTaskAssessmentRunArn", "arn:aws:dms:" + REGION + ":" + ACCOUNT + ":assessment-run:" + resourceId());
        run.json.put("ReplicationTaskArn", t.arn);
        run.json.put("Status", "starting");
        run.json.put("ReplicationTaskAssessmentRunCreationDate", Instant.now().getEpochSecond() + runs.size());
        run.json.put("ServiceAccessRoleArn", r.path("ServiceAccessRoleArn").asText());
        run.json.put("ResultLocationBucket", r.path("ResultLocationBucket").asText());
        run.json.put("ResultLocationFolder", r.path("ResultLocationFolder").asText());
        run.json.put("AssessmentRunName", name);
        runs.add(run);
        ObjectNode out = Json.object();
        out.set("ReplicationTaskAssessmentRun", run.json);
        return out;
    }

    private ObjectNode describeRuns(JsonNode r) {
        Map<String, List<String>> f = filters(r);
        ArrayNode list = Json.MAPPER.createArrayNode();
        runs.stream().filter(x -> matches(f, "replication-task-arn", x.json.path("ReplicationTaskArn").asText()))
                .forEach(x -> list.add(x.json));
        if (list.isEmpty()) {
            throw new DmsFault("ResourceNotFoundFault", "No assessment runs found");
        }
        return page(r, list, "ReplicationTaskAssessmentRuns");
    }

    private ObjectNode individualAssessments(JsonNode r) {
        Map<String, List<String>> f = filters(r);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Run run : runs) {
            String runArn = run.json.path("ReplicationTaskAssessmentRunArn").asText();
            if (!matches(f, "replication-task-assessment-run-arn", runArn)) {
                continue;
            }
            boolean finished = !Set.of("starting", "running").contains(run.json.path("Status").asText());
            run.results.forEach((name, status) -> {
                ObjectNode a = Json.object();
                a.put("ReplicationTaskIndividualAssessmentArn", runArn.replace("assessment-run", "individual-assessment") + "-" + name);
                a.put("ReplicationTaskAssessmentRunArn", runArn);
                a.put("IndividualAssessmentName", name);
                a.put("Status", finished ? status : "pending");
                list.add(a);
            });
        }
        return page(r, list, "ReplicationTaskIndividualAssessments");
    }

    /** DMS pagination: MaxRecords (default 100) and an opaque Marker. */
    private static ObjectNode page(JsonNode r, ArrayNode all, String field) {
        int max = r.path("MaxRecords").asInt(100);
        int from = r.hasNonNull("Marker") ? Integer.parseInt(r.path("Marker").asText().substring(2)) : 0;
        ArrayNode page = Json.MAPPER.createArrayNode();
        for (int i = from; i < Math.min(all.size(), from + max); i++) {
            page.add(all.get(i));
        }
        ObjectNode out = Json.object();
        out.set(field, page);
        if (from + max < all.size()) {
            out.put("Marker", "m-" + (from + max));
        }
        return out;
    }

    private ObjectNode taskJson(Task t, boolean withSettings) {
        ObjectNode j = Json.object();
        j.put("ReplicationTaskIdentifier", t.id);
        j.put("SourceEndpointArn", t.request.path("SourceEndpointArn").asText());
        j.put("TargetEndpointArn", t.request.path("TargetEndpointArn").asText());
        j.put("ReplicationInstanceArn", t.request.path("ReplicationInstanceArn").asText());
        j.put("MigrationType", t.request.path("MigrationType").asText());
        j.put("TableMappings", t.request.path("TableMappings").asText());
        if (withSettings) {
            j.put("ReplicationTaskSettings", Json.write(withDmsDefaults(t.request.path("ReplicationTaskSettings").asText("{}"))));
        }
        j.put("Status", t.status);
        if (t.lastFailureMessage != null) {
            j.put("LastFailureMessage", t.lastFailureMessage);
        }
        if (t.stopReason != null) {
            j.put("StopReason", t.stopReason);
        }
        j.put("ReplicationTaskCreationDate", t.created.getEpochSecond());
        if (t.started != null) {
            j.put("ReplicationTaskStartDate", t.started.getEpochSecond());
        }
        if (t.recoveryCheckpoint != null) {
            j.put("RecoveryCheckpoint", t.recoveryCheckpoint);
        }
        j.put("ReplicationTaskArn", t.arn);
        if (t.everStarted) {
            ObjectNode s = j.putObject("ReplicationTaskStats");
            long total = t.tables.stream().filter(x -> !x.state.equals("Table error")).mapToLong(x -> x.rows).sum();
            long loaded = t.tables.stream().filter(x -> !x.state.equals("Table error")).mapToLong(x -> x.loaded).sum();
            s.put("FullLoadProgressPercent", t.fullLoadDone ? 100 : total == 0 ? 0 : (int) (100 * loaded / total));
            s.put("ElapsedTimeMillis", 1000);
            s.put("TablesLoaded", t.tables.stream().filter(x -> x.state.equals("Table completed")).count());
            s.put("TablesLoading", t.tables.stream().filter(x -> x.state.equals("Full load")).count());
            s.put("TablesQueued", t.tables.stream().filter(x -> x.state.equals("Before load")).count());
            s.put("TablesErrored", t.tables.stream().filter(x -> x.state.equals("Table error")).count());
            s.put("FreshStartDate", t.started.getEpochSecond());
            s.put("StartDate", t.started.getEpochSecond());
        }
        return j;
    }

    /** DMS returns the task settings with every default filled in. */
    private static JsonNode withDmsDefaults(String settings) {
        ObjectNode all = (ObjectNode) Json.parse("{\"TargetMetadata\":{\"TargetSchema\":\"\",\"ParallelLoadThreads\":0,"
                + "\"ParallelLoadBufferSize\":0,\"TaskRecoveryTableEnabled\":false},\"FullLoadSettings\":{},"
                + "\"ControlTablesSettings\":{\"HistoryTimeslotInMinutes\":5,\"StatusTableEnabled\":false},"
                + "\"ChangeProcessingTuning\":{\"BatchApplyPreserveTransaction\":true,\"BatchApplyTimeoutMin\":1}}");
        JsonNode given = Json.parse(settings);
        given.fields().forEachRemaining(section -> {
            ObjectNode target = all.has(section.getKey()) ? (ObjectNode) all.get(section.getKey()) : all.putObject(section.getKey());
            section.getValue().fields().forEachRemaining(k -> target.set(k.getKey(), k.getValue()));
        });
        return all;
    }

    /** DMS selection rules: include/exclude with % _ and [set] wildcards. */
    private static boolean selected(Task t, String schema, String table) {
        boolean included = false;
        for (JsonNode rule : Json.parse(t.request.path("TableMappings").asText()).path("rules")) {
            if (!"selection".equals(rule.path("rule-type").asText())) {
                continue;
            }
            JsonNode locator = rule.path("object-locator");
            if (like(schema, locator.path("schema-name").asText()) && like(table, locator.path("table-name").asText())) {
                if ("exclude".equals(rule.path("rule-action").asText())) {
                    return false;
                }
                included = true;
            }
        }
        return included;
    }

    static boolean like(String value, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '[') {
                int end = pattern.indexOf(']', i + 2);
                regex.append('[');
                for (char member : pattern.substring(i + 1, end).toCharArray()) {
                    regex.append("[]\\^&".indexOf(member) >= 0 ? "\\" + member : String.valueOf(member));
                }
                regex.append(']');
                i = end;
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }

    // ---- CloudWatch ---------------------------------------------------------------------------------------

    private static final Pattern METRIC = Pattern.compile("MetricName=\"(\\w+)\"");
    private static final Pattern TASK = Pattern.compile("ReplicationTaskIdentifier=\"([^\"]+)\"");

    private String metricData(Map<String, String> form) {
        StringBuilder results = new StringBuilder();
        for (int n = 1; form.containsKey("MetricDataQueries.member." + n + ".Id"); n++) {
            String id = form.get("MetricDataQueries.member." + n + ".Id");
            String expression = form.getOrDefault("MetricDataQueries.member." + n + ".Expression", "");
            Matcher metric = METRIC.matcher(expression);
            Matcher task = TASK.matcher(expression);
            Double value = null;
            if (metric.find() && task.find()) {
                Task t = tasks.values().stream().filter(x -> x.arn.endsWith(":" + task.group(1))).findFirst().orElse(null);
                if (t != null) {
                    value = switch (metric.group(1)) {
                        case "CDCLatencySource" -> t.sourceLatency;
                        case "CDCLatencyTarget" -> t.targetLatency;
                        case "CDCIncomingChanges" -> t.fullLoadDone && t.status.equals("running")
                                ? (double) changes.stream().filter(c -> c.seq() > t.appliedSeq).count() : null;
                        default -> null;
                    };
                }
            }
            results.append("<member><Id>").append(id).append("</Id><Label>").append(id).append("</Label>")
                    .append("<StatusCode>Complete</StatusCode><Timestamps>");
            if (value != null) {
                results.append("<member>").append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)).append("</member>");
            }
            results.append("</Timestamps><Values>");
            if (value != null) {
                results.append("<member>").append(value).append("</member>");
            }
            results.append("</Values></member>");
        }
        return "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><GetMetricDataResult>"
                + "<MetricDataResults>" + results + "</MetricDataResults><Messages/></GetMetricDataResult>"
                + "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetMetricDataResponse>";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new TreeMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    private String resourceId() {
        String base = "FAKE" + ids.incrementAndGet() + "XQ7ZK2WBTL4M9RDPJ3YHC6VNES5FGA";
        return base.substring(0, 26);
    }
}
