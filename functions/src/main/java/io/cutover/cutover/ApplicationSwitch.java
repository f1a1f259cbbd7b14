package io.cutover.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.config.MigrationConfig.Switch;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.SafetyCheckFailedException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.ApplicationEndpoints;
import io.cutover.core.ports.ApplicationEndpoints.DnsRecord;
import io.cutover.core.ports.ApplicationEndpoints.HookResult;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.cutover.SwitchRecord.State;
import io.cutover.cutover.SwitchRecord.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "8.1 Switch the application" and its reversal "R1 Reverse the application switch": the automated actions of
 * {@code config.switch} (docs/operations.md, "The application switch"), performed in the order parameter, secret,
 * route53, lambda, and undone in the reverse order. Before each change the value it replaces is recorded
 * ({@link SwitchRecord}); a re-run (Retry, redrive) reads the record and does nothing new: a step already SWITCHED is
 * only re-applied if its target no longer holds the new value, and the hook is never invoked twice for the same
 * execution and direction once its answer was recorded. The reversal restores the recorded values, deletes a DNS
 * record the switch created, and invokes the hook with action REVERSE; without a record it does nothing (every
 * rollback path runs it, also before any switch).
 */
public final class ApplicationSwitch {
    public static final String PARAMETER = "parameter";
    public static final String SECRET = "secret";
    public static final String ROUTE53 = "route53";
    public static final String LAMBDA = "lambda";

    private final Ports ports;

    public ApplicationSwitch(Ports ports) {
        this.ports = ports;
    }

    /** What the switch did; {@link #describe()} is the state's summary. */
    public record Switched(List<String> actions, List<String> changed, boolean acknowledge, String recordKey) {
        public String describe() {
            if (actions.isEmpty()) {
                return acknowledge ? "No automated switch action configured: waiting for a person to confirm that the "
                        + "application writes to the target." : "No application switch configured (config.switch): switch "
                        + "the application by hand (docs/operations.md, The application switch).";
            }
            return "Application switched by " + String.join(", ", actions)
                    + (changed.isEmpty() ? " (already done by an earlier attempt: nothing changed now)" : ": " + String.join("; ", changed))
                    + "." + (acknowledge ? " Waiting for a person to confirm that the application writes to the target." : "");
        }
    }

    /** What the reversal did. */
    public record Reversed(List<String> restored, boolean recorded) {
        public String describe() {
            if (!recorded) {
                return "The application switch had not been made: nothing to reverse.";
            }
            return restored.isEmpty() ? "The application switch was already reversed."
                    : "The application switch was reversed: " + String.join("; ", restored) + ".";
        }
    }

    public static String recordKey(String migrationId, String execution) {
        return Artifacts.key(migrationId, "cutover", "switch-" + execution + ".json");
    }

    /** "8.1 Switch the application": every automated action of the input, each recorded before it changes anything. */
    public Switched perform(MigrationConfig config, String execution, JsonNode evidence) {
        Switch sw = config.appSwitch();
        String key = recordKey(config.migrationId(), execution);
        List<String> actions = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        if (!sw.automated()) {
            return new Switched(actions, changed, sw.acknowledge(), key);
        }
        SwitchRecord record = ports.artifacts().getJson(key, SwitchRecord.class)
                .orElse(new SwitchRecord(config.migrationId(), execution, List.of()));
        ApplicationEndpoints endpoints = ports.applicationEndpoints();
        if (sw.parameter() != null) {
            var p = sw.parameter();
            actions.add(PARAMETER);
            record = apply(key, record, PARAMETER, "parameter " + p.name(), p.value(), changed,
                    () -> endpoints.parameter(p.name()).map(v -> new Current(v, null)),
                    () -> endpoints.putParameter(p.name(), p.value()));
        }
        if (sw.secret() != null) {
            var s = sw.secret();
            actions.add(SECRET);
            record = apply(key, record, SECRET, "secret " + s.secretId() + " field " + s.field(), s.value(), changed,
                    () -> endpoints.secretField(s.secretId(), s.field()).map(v -> new Current(v, null)),
                    () -> endpoints.putSecretField(s.secretId(), s.field(), s.value()));
        }
        if (sw.route53() != null) {
            var r = sw.route53();
            actions.add(ROUTE53);
            record = apply(key, record, ROUTE53, "record " + r.recordName() + " " + r.recordType(), r.value(), changed,
                    () -> endpoints.dnsRecord(r.hostedZoneId(), r.recordName(), r.recordType())
                            .map(d -> new Current(String.join(",", d.values()), d.ttl())),
                    () -> endpoints.upsertDnsRecord(r.hostedZoneId(), new DnsRecord(r.recordName(), r.recordType(), r.ttl(),
                            List.of(r.value()))));
        }
        if (sw.lambda() != null) {
            actions.add(LAMBDA);
            record = hook(key, record, config, execution, "SWITCH", evidence, changed);
        }
        return new Switched(actions, changed, sw.acknowledge(), key);
    }

    /** "R1 Reverse the application switch": restores what the record says was replaced, newest first. */
    public Reversed reverse(MigrationConfig config, String execution) {
        String key = recordKey(config.migrationId(), execution);
        Optional<SwitchRecord> found = ports.artifacts().getJson(key, SwitchRecord.class);
        if (found.isEmpty()) {
            return new Reversed(List.of(), false);
        }
        SwitchRecord record = found.get();
        ApplicationEndpoints endpoints = ports.applicationEndpoints();
        Switch sw = config.appSwitch();
        List<String> restored = new ArrayList<>();
        List<Step> steps = new ArrayList<>(record.steps());
        java.util.Collections.reverse(steps);
        for (Step step : steps) {
            if (step.state() == State.REVERSED) {
                continue;
            }
            switch (step.action()) {
                case PARAMETER -> {
                    String name = required(sw.parameter(), "parameter").name();
                    if (!endpoints.parameter(name).map(step.previous()::equals).orElse(false)) {
                        endpoints.putParameter(name, step.previous());
                    }
                }
                case SECRET -> {
                    var s = required(sw.secret(), "secret");
                    if (!endpoints.secretField(s.secretId(), s.field()).map(step.previous()::equals).orElse(false)) {
                        endpoints.putSecretField(s.secretId(), s.field(), step.previous());
                    }
                }
                case ROUTE53 -> {
                    var r = required(sw.route53(), "route53");
                    Optional<DnsRecord> now = endpoints.dnsRecord(r.hostedZoneId(), r.recordName(), r.recordType());
                    if (step.previousExisted()) {
                        DnsRecord before = new DnsRecord(r.recordName(), r.recordType(), step.previousTtl(),
                                List.of(step.previous().split(",")));
                        if (now.isEmpty() || !now.get().values().equals(before.values()) || now.get().ttl() != before.ttl()) {
                            endpoints.upsertDnsRecord(r.hostedZoneId(), before);
                        }
                    } else if (now.isPresent() && now.get().values().equals(List.of(step.value()))) {
                        endpoints.deleteDnsRecord(r.hostedZoneId(), now.get());
                    } else if (now.isPresent()) {
                        // changed by someone else since the switch created it: theirs to keep
                        throw new SafetyCheckFailedException("record " + r.recordName() + " " + r.recordType() + " was created by "
                                + "the switch but now holds " + now.get().values() + ", not " + step.value() + ": not deleted; "
                                + "decide by hand");
                    }
                }
                case LAMBDA -> {
                    // PENDING: the SWITCH may have reached the function before the answer was lost; REVERSE anyway
                    record = hook(key, record, config, execution, "REVERSE", null, new ArrayList<>());
                }
                default -> throw new ConfigurationException("the switch record " + key + " names an unknown action '"
                        + step.action() + "'");
            }
            restored.add(step.target() + (step.action().equals(LAMBDA) ? " invoked with REVERSE"
                    : step.previousExisted() ? " back to " + step.previous() : " deleted (the switch created it)"));
            record = record.put(record.step(step.action()).orElse(step).with(State.REVERSED, ports.clock().instant()));
            ports.artifacts().putJson(key, record);
        }
        return new Reversed(restored, true);
    }

    private record Current(String value, Long ttl) {}

    private SwitchRecord apply(String key, SwitchRecord record, String action, String target, String value, List<String> changed,
                               java.util.function.Supplier<Optional<Current>> read, Runnable write) {
        Optional<Step> done = record.step(action);
        Optional<Current> current = read.get();
        if (done.isPresent() && done.get().state() == State.REVERSED) {
            throw new SafetyCheckFailedException(target + " was switched and reversed already in this execution (" + key
                    + "): start a new execution to switch again");
        }
        if (done.isEmpty()) {
            boolean existed = current.isPresent();
            if (!existed && !action.equals(ROUTE53)) {
                throw new ConfigurationException(target + " does not exist: the switch changes the endpoint the application "
                        + "reads from there, so it must exist (with the source's endpoint) before the switch");
            }
            Step step = new Step(action, target, current.map(Current::value).orElse(null), current.map(Current::ttl).orElse(null),
                    existed, value, State.PENDING, null, null);
            record = record.put(step); // recorded before the change
            ports.artifacts().putJson(key, record);
        }
        if (!current.map(Current::value).map(value::equals).orElse(false)) {
            write.run();
            Step step = record.step(action).orElseThrow();
            changed.add(target + " " + (step.previousExisted() ? step.previous() : "(none)") + " -> " + value);
        }
        Step step = record.step(action).orElseThrow();
        if (step.state() != State.SWITCHED) {
            record = record.put(step.with(State.SWITCHED, ports.clock().instant()));
            ports.artifacts().putJson(key, record);
        }
        return record;
    }

    /**
     * The user's function, with a payload that names the direction and carries an idempotency key (the same for every
     * attempt of this execution and direction); a function error fails the step (the ASL rolls back on it).
     */
    private SwitchRecord hook(String key, SwitchRecord record, MigrationConfig config, String execution, String direction,
                              JsonNode evidence, List<String> changed) {
        String functionName = required(config.appSwitch().lambda(), "lambda").functionName();
        Optional<Step> done = record.step(LAMBDA);
        if ("SWITCH".equals(direction)) {
            if (done.isPresent() && done.get().state() == State.SWITCHED) {
                return record; // answered once: never invoked again for this execution
            }
            if (done.isEmpty()) {
                record = record.put(new Step(LAMBDA, "function " + functionName, null, null, true, "SWITCH",
                        State.PENDING, null, null));
                ports.artifacts().putJson(key, record);
            }
        }
        ObjectNode payload = Json.object();
        payload.put("action", direction);
        payload.put("migrationId", config.migrationId());
        payload.put("execution", execution);
        payload.put("idempotencyKey", config.migrationId() + "/" + execution + "/" + direction);
        var p = config.appSwitch().parameter();
        if (p != null) {
            payload.put("parameterName", p.name());
        }
        payload.put("targetEndpoint", targetEndpoint(config.appSwitch()));
        if (evidence != null && !evidence.isNull()) {
            payload.set("evidence", evidence);
        }
        HookResult result = ports.applicationEndpoints().invoke(functionName, Json.bytes(payload));
        if (result.failed()) {
            throw new SafetyCheckFailedException("function " + functionName + " answered the " + direction + " with an error ("
                    + (result.functionError() != null ? result.functionError() : "HTTP " + result.statusCode())
                    + "): see its logs");
        }
        changed.add("function " + functionName + " invoked with " + direction);
        if ("SWITCH".equals(direction)) {
            record = record.put(record.step(LAMBDA).orElseThrow().with(State.SWITCHED, ports.clock().instant()));
            ports.artifacts().putJson(key, record);
        }
        return record;
    }

    /** The endpoint the application is switched to, for the hook: the first value the input gives. */
    static String targetEndpoint(Switch sw) {
        if (sw.parameter() != null) {
            return sw.parameter().value();
        }
        if (sw.secret() != null) {
            return sw.secret().value();
        }
        if (sw.route53() != null) {
            return sw.route53().value();
        }
        return sw.lambda() != null ? sw.lambda().value() : null;
    }

    private static <T> T required(T value, String action) {
        if (value == null) {
            throw new ConfigurationException("the switch record names the " + action + " action, which the input's switch "
                    + "no longer gives: reverse it by hand from the record");
        }
        return value;
    }
}
