package io.cutover.local.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of {@code local/rehearse}, parsed and checked. Every error names the option at fault; nothing is
 * started when the options are bad.
 */
public record RehearsalOptions(
        long rows,
        double writeRate,
        List<String> databases,
        boolean cascadeDuringLoad,
        Approve approve,
        int approvalPort,
        Gate rejectAt,
        KillPhase killTargetConnection,
        String failTable,
        boolean corruptValidation,
        Optional<ServerAddress> source,
        Optional<ServerAddress> target,
        Duration rollbackWindow,
        Duration maxPollWait,
        Duration timeout,
        Map<String, JsonNode> inputOverrides,
        Path out,
        String migrationId,
        boolean help,
        SwitchMode switchMode) {

    /**
     * AUTO: each gate approved on the page; IN_ADVANCE: the same, and at the freeze gate the box "Freeze, and cut over
     * as soon as the drain and validation are clean" is ticked (no cutover gate when they are clean); CLI: each gate
     * decided through local/cutover-approve's logic on the local store; MANUAL: a person.
     */
    public enum Approve { AUTO, IN_ADVANCE, CLI, MANUAL }

    /** SWITCH: the acknowledgement of the application switch (needs --switch). */
    public enum Gate { FREEZE, CUTOVER, SWITCH }

    /**
     * {@code --switch}: the application switch the rehearsal's input asks for ("8.1 Switch the application"), through the
     * local stand-ins of the parameter, the secret, the DNS record and the hook (RehearsalPorts); the workload follows
     * the endpoint the stand-in names. ACKNOWLEDGE: no automated action, only the acknowledgement.
     */
    public enum SwitchMode { PARAMETER, SECRET, ROUTE53, LAMBDA, ACKNOWLEDGE }

    /** Where {@code --kill-target-connection} kills every target session of the migration. */
    public enum KillPhase {
        FULL_LOAD("full-load"), CDC("cdc"), DRAIN("drain"), VALIDATION("validation");

        private final String option;

        KillPhase(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        static KillPhase parse(String value) {
            for (KillPhase p : values()) {
                if (p.option.equals(value)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("--kill-target-connection: '" + value + "' is not a phase (full-load, cdc, drain, validation)");
        }
    }

    /** An existing server: a JDBC URL ({@code jdbc:mysql://host:port/}) and a user; the password comes from the environment. */
    public record ServerAddress(String jdbcUrl, String host, int port, String user) {
        @Override
        public String toString() {
            return user + "@" + host + ":" + port;
        }
    }

    public static final long DEFAULT_ROWS = 10_000;
    public static final double DEFAULT_WRITE_RATE = 20;

    private static final Pattern JDBC = Pattern.compile("^jdbc:(?:mysql|mariadb)://([^/:?]+)(?::(\\d{1,5}))?(?:/.*)?$");
    private static final Pattern SCHEMA_TABLE = Pattern.compile("^[A-Za-z0-9_$]{1,64}\\.[A-Za-z0-9_$]{1,64}$");
    private static final Pattern SCHEMA = Pattern.compile("^[A-Za-z0-9_$]{1,64}$");

    public boolean usesSample() {
        return databases.isEmpty();
    }

    public boolean startsServers() {
        return source.isEmpty();
    }

    /** Parses the command line. */
    public static RehearsalOptions parse(String... args) {
        long rows = DEFAULT_ROWS;
        double writeRate = DEFAULT_WRITE_RATE;
        List<String> databases = List.of();
        boolean cascadeDuringLoad = false;
        Approve approve = Approve.AUTO;
        int approvalPort = 0;
        Gate rejectAt = null;
        KillPhase kill = null;
        String failTable = null;
        boolean corrupt = false;
        String sourceUrl = null;
        String sourceUser = null;
        String targetUrl = null;
        String targetUser = null;
        Duration rollbackWindow = Duration.ofSeconds(30);
        Duration maxPollWait = Duration.ofSeconds(5);
        Duration timeout = Duration.ofMinutes(60);
        Map<String, JsonNode> overrides = new LinkedHashMap<>();
        Path out = null;
        String migrationId = "rehearsal";
        boolean help = false;
        boolean writeRateGiven = false;
        SwitchMode switchMode = null;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--cascade-during-load" -> cascadeDuringLoad = true;
                case "--corrupt-validation" -> corrupt = true;
                default -> {
                    if (!name.startsWith("--")) {
                        throw new IllegalArgumentException("unexpected argument '" + arg + "' (options start with --; see --help)");
                    }
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new IllegalArgumentException(name + " needs a value (see --help)");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--rows" -> rows = size(name, value);
                        case "--write-rate" -> {
                            writeRate = number(name, value);
                            writeRateGiven = true;
                        }
                        case "--database" -> databases = schemas(value);
                        case "--approve" -> approve = switch (value.toLowerCase(Locale.ROOT)) {
                            case "auto" -> Approve.AUTO;
                            case "in-advance" -> Approve.IN_ADVANCE;
                            case "cli" -> Approve.CLI;
                            case "manual" -> Approve.MANUAL;
                            default -> throw new IllegalArgumentException("--approve: '" + value + "' is not auto, in-advance, cli or manual");
                        };
                        case "--approval-port" -> approvalPort = port(name, value);
                        case "--reject-at" -> rejectAt = switch (value.toLowerCase(Locale.ROOT)) {
                            case "freeze" -> Gate.FREEZE;
                            case "cutover" -> Gate.CUTOVER;
                            case "switch" -> Gate.SWITCH;
                            default -> throw new IllegalArgumentException("--reject-at: '" + value + "' is not a gate (freeze, cutover, switch)");
                        };
                        case "--switch" -> switchMode = switch (value.toLowerCase(Locale.ROOT)) {
                            case "parameter" -> SwitchMode.PARAMETER;
                            case "secret" -> SwitchMode.SECRET;
                            case "route53" -> SwitchMode.ROUTE53;
                            case "lambda" -> SwitchMode.LAMBDA;
                            case "acknowledge" -> SwitchMode.ACKNOWLEDGE;
                            default -> throw new IllegalArgumentException("--switch: '" + value
                                    + "' is not one of parameter, secret, route53, lambda, acknowledge");
                        };
                        case "--kill-target-connection" -> kill = KillPhase.parse(value.toLowerCase(Locale.ROOT));
                        case "--fail-table" -> {
                            if (!SCHEMA_TABLE.matcher(value).matches()) {
                                throw new IllegalArgumentException("--fail-table: '" + value + "' is not schema.table");
                            }
                            failTable = value;
                        }
                        case "--source-url" -> sourceUrl = value;
                        case "--source-user" -> sourceUser = value;
                        case "--target-url" -> targetUrl = value;
                        case "--target-user" -> targetUser = value;
                        case "--rollback-window" -> rollbackWindow = duration(name, value);
                        case "--max-poll-wait" -> maxPollWait = duration(name, value);
                        case "--timeout" -> timeout = duration(name, value);
                        case "--set" -> {
                            int at = value.indexOf('=');
                            if (at <= 0) {
                                throw new IllegalArgumentException("--set: '" + value + "' is not PATH=VALUE (e.g. cutover.lagHoldSeconds=30)");
                            }
                            String path = value.substring(0, at);
                            if (!path.matches("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*")) {
                                throw new IllegalArgumentException("--set: '" + path + "' is not a dotted input path (e.g. cutover.lagHoldSeconds)");
                            }
                            overrides.put(path, jsonValue(value.substring(at + 1)));
                        }
                        case "--out" -> out = Path.of(value);
                        case "--migration-id" -> {
                            if (!value.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                                throw new IllegalArgumentException("--migration-id: '" + value + "' must be lower-case letters, digits and hyphens (at most 40)");
                            }
                            migrationId = value;
                        }
                        default -> throw new IllegalArgumentException("unknown option " + name + " (see --help)");
                    }
                }
            }
        }
        if (help) {
            return new RehearsalOptions(rows, writeRate, databases, cascadeDuringLoad, approve, approvalPort, rejectAt, kill, failTable,
                    corrupt, Optional.empty(), Optional.empty(), rollbackWindow, maxPollWait, timeout, Map.copyOf(overrides),
                    out, migrationId, true, switchMode);
        }
        Optional<ServerAddress> source = server("source", sourceUrl, sourceUser);
        Optional<ServerAddress> target = server("target", targetUrl, targetUser);
        if (source.isPresent() != target.isPresent()) {
            throw new IllegalArgumentException("give both --source-url and --target-url (existing servers), or neither (two servers are started)");
        }
        if (switchMode != null && switchMode != SwitchMode.ACKNOWLEDGE && (source.isPresent() || !databases.isEmpty())) {
            throw new IllegalArgumentException("--switch " + switchMode.name().toLowerCase(Locale.ROOT) + ": the workload follows "
                    + "the switch on the servers the rehearsal starts (its account exists on both there); with your servers use "
                    + "--switch acknowledge");
        }
        if (rejectAt == Gate.SWITCH && switchMode == null) {
            throw new IllegalArgumentException("--reject-at switch: the switch's acknowledgement is asked only with --switch");
        }
        if (approve == Approve.MANUAL && rejectAt != null) {
            throw new IllegalArgumentException("--reject-at decides a gate automatically; with --approve manual you decide: press Reject on the page");
        }
        if (!databases.isEmpty() && source.isEmpty()) {
            throw new IllegalArgumentException("--database migrates schemas of your servers: give --source-url and --target-url too");
        }
        if (!databases.isEmpty()) {
            if (writeRateGiven && writeRate > 0) {
                throw new IllegalArgumentException("--write-rate: the workload writes to the generated sample only; it cannot run with --database");
            }
            writeRate = 0;
            if (failTable != null && !databases.contains(failTableSchema(failTable))) {
                throw new IllegalArgumentException("--fail-table: " + failTable + " is not in the migrated schemas " + databases);
            }
        }
        if (rollbackWindow.isNegative() || rollbackWindow.toHours() > 720) {
            throw new IllegalArgumentException("--rollback-window: between 0 s and 720 h");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("--timeout: must be positive");
        }
        if (out == null) {
            out = Path.of("rehearsal-output", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return new RehearsalOptions(rows, writeRate, databases, cascadeDuringLoad, approve, approvalPort, rejectAt, kill, failTable,
                corrupt, source, target, rollbackWindow, maxPollWait, timeout, Map.copyOf(overrides), out, migrationId, false, switchMode);
    }

    private static String failTableSchema(String table) {
        return table.substring(0, table.indexOf('.'));
    }

    /** The failure rehearsals asked for, in words (empty when none). */
    public List<String> failures() {
        List<String> f = new ArrayList<>();
        if (rejectAt != null) {
            f.add("reject at the " + rejectAt.name().toLowerCase(Locale.ROOT) + " gate");
        }
        if (killTargetConnection != null) {
            f.add("kill the target connections during " + killTargetConnection.option());
        }
        if (failTable != null) {
            f.add("make " + failTable + " fail to load");
        }
        if (corruptValidation) {
            f.add("change a target row before the post-freeze validation");
        }
        return f;
    }

    static long size(String option, String value) {
        Matcher m = Pattern.compile("^(\\d+(?:\\.\\d+)?)([kKmM]?)$").matcher(value.replace("_", "").replace(",", ""));
        if (!m.matches()) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a size (e.g. 10k, 100k, 1m, 250000)");
        }
        double n = Double.parseDouble(m.group(1));
        double factor = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1_000;
            case "m" -> 1_000_000;
            default -> 1;
        };
        long rows = Math.round(n * factor);
        if (rows < 1_000 || rows > 50_000_000) {
            throw new IllegalArgumentException(option + ": " + rows + " rows is out of range (1k to 50m)");
        }
        return rows;
    }

    private static double number(String option, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d < 0 || d > 10_000 || Double.isNaN(d)) {
                throw new IllegalArgumentException(option + ": " + value + " is out of range (0 to 10000 transactions/s)");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a number");
        }
    }

    private static int port(String option, String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException(option + ": " + p + " is not a port");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a port");
        }
    }

    private static List<String> schemas(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            String name = s.strip();
            if (!SCHEMA.matcher(name).matches()) {
                throw new IllegalArgumentException("--database: '" + name + "' is not a schema name");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    /** {@code 30s}, {@code 2m}, {@code 1h}, {@code 500ms}, or a number of seconds. */
    static Duration duration(String option, String value) {
        Matcher m = Pattern.compile("^(\\d+(?:\\.\\d+)?)(ms|s|m|h)?$").matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a duration (e.g. 500ms, 30s, 2m, 1h)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 1_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private static JsonNode jsonValue(String text) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            return Json.MAPPER.getNodeFactory().textNode(text); // a bare word is a string
        }
    }

    private static Optional<ServerAddress> server(String side, String url, String user) {
        if (url == null && user == null) {
            return Optional.empty();
        }
        if (url == null) {
            throw new IllegalArgumentException("--" + side + "-user needs --" + side + "-url");
        }
        Matcher m = JDBC.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("--" + side + "-url: '" + url + "' is not jdbc:mysql://host[:port]/");
        }
        if (url.contains("password")) {
            throw new IllegalArgumentException("--" + side + "-url: put no password in the URL; set CUTOVER_" + side.toUpperCase(Locale.ROOT)
                    + "_PASSWORD (or type it when asked)");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("--" + side + "-url needs --" + side + "-user");
        }
        int port = m.group(2) == null ? 3306 : Integer.parseInt(m.group(2));
        return Optional.of(new ServerAddress(url, m.group(1), port, user));
    }

    public static String usage() {
        return """
                usage: local/rehearse [options]

                Runs the whole migration on this machine: two database servers (started here, or yours), a generated
                sample database, a write workload on the source during the migration, the real state machine and the
                real handlers, with local stand-ins for DMS, snapshots, approvals, notifications and the artifacts
                bucket. Ends with a timeline and a verification of both servers, row by row.

                Sample and workload:
                  --rows N                    sample size: 10k (default), 100k, 1m, or any number from 1k
                  --write-rate N              workload transactions per second on the source (default 20; 0: none)
                  --database S1[,S2]          migrate these existing schemas instead of the sample (no workload)
                  --cascade-during-load       let the workload delete parent rows during the full load too: rehearses
                                              the DMS gap (cascades the binlog does not carry), which blocks before CDC

                Approvals:
                  --approve auto|in-advance|cli|manual
                                              auto (default): each gate is approved through the local approval page;
                                              in-advance: the same, and the freeze approval also approves the cutover
                                              ("cut over as soon as the drain and validation are clean": no cutover
                                              gate when they are); cli: through local/cutover-approve (list, then
                                              approve), as an operator without the email would; manual: the page's
                                              address is printed and the
                                              rehearsal waits for you
                  --approval-port N           port of the local approval page (default: any free port)
                  --switch MODE               the application switch after "ready to switch", through local stand-ins:
                                              parameter, secret, route53, lambda (the workload follows the endpoint
                                              and writes to the target after the switch) or acknowledge only

                Failure rehearsal (each takes its safe path: a rejection, a failed table or a difference rolls back,
                leaving the source writable; a killed connection is recovered; nothing is lost either way):
                  --reject-at freeze|cutover|switch
                                              reject the write-freeze, the cutover or (with --switch) the switch's
                                              acknowledgement gate (the switch is then reversed)
                  --kill-target-connection P  kill every target session of the migration during phase P:
                                              full-load, cdc, drain or validation
                  --fail-table SCHEMA.TABLE   make that table fail to load
                  --corrupt-validation        change a row on the target before the post-freeze validation

                Servers (default: two MariaDB servers started in a temporary directory, removed at the end):
                  --source-url URL --source-user USER
                  --target-url URL --target-user USER
                                              use existing servers (jdbc:mysql://host:port/); passwords come from
                                              CUTOVER_SOURCE_PASSWORD / CUTOVER_TARGET_PASSWORD or are asked for.
                                              The source is really frozen (read_only) during the rehearsal.

                Timing and input:
                  --rollback-window D         how long the source stays frozen after the cutover (default 30s)
                  --max-poll-wait D           longest wait between two polls (default 5s; 0: as the handlers decide)
                  --timeout D                 give up after D (default 60m)
                  --set PATH=VALUE            override an execution input field (JSON value), e.g.
                                              --set cutover.lagHoldSeconds=30
                  --migration-id ID           (default rehearsal)

                Output:
                  --out DIR                   where the artifacts, notifications, snapshot dumps, timeline and report
                                              go (default rehearsal-output/<date-time>)
                  --help                      this text

                Durations: 500ms, 30s, 2m, 1h. Exit status: 0 the rehearsal ended as expected and verified; 1 it did
                not (the report says why); 2 bad options.
                """;
    }
}
