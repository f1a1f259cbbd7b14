package io.cutover.local.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.ports.Ports;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.FunctionInvoker;
import io.cutover.local.asl.Handlers;
import io.cutover.local.template.SamTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Binds every function of a state machine to its real handler (as {@link AslRunner#forStateMachine} does) and records
 * each call: which handler, for which state, when it started and ended, what it returned. The timeline, the progress
 * printer and the failure rehearsals work from these records and hooks, keyed by handler class, not by state names.
 *
 * <p>One liberty, and only when asked ({@code maxPollWait} above zero): a poll's {@code waitSeconds} is capped, so
 * that a rehearsal on a small sample does not sit through waits sized for a production load (a full-load poll waits at
 * least 30 s, a connection test 10 s). Waits shorter than the cap (the drain proof's 2 s) are untouched; what the
 * handlers decided stays visible in the record.
 */
public final class Invocations {
    /** One call of a function. {@code payload}: the fields that say what was asked (no config). */
    public record Invocation(String function, String handler, String state, ObjectNode payload, Instant start, Instant end,
                             JsonNode result, String error) {
        public String simpleHandler() {
            return handler.substring(handler.lastIndexOf('.') + 1);
        }

        public String field(String name) {
            JsonNode v = payload.get(name);
            return v == null || v.isNull() ? null : v.asText();
        }

        public Duration duration() {
            return Duration.between(start, end);
        }

        /** The poll decision's outcome (CONTINUE, DONE, FAILED) when the result carries one, else null. */
        public String outcome() {
            if (result == null) {
                return null;
            }
            JsonNode d = result.has("decision") ? result.get("decision") : result;
            return d.hasNonNull("outcome") ? d.get("outcome").asText() : null;
        }

        public String reason() {
            if (result == null) {
                return null;
            }
            JsonNode d = result.has("decision") ? result.get("decision") : result;
            return d.hasNonNull("reason") ? d.get("reason").asText() : null;
        }
    }

    /** Runs before or after a handler; a failure in a hook fails that invocation (as a Lambda error would). */
    public interface Hook {
        /** {@code pending}: the call about to run (no end, no result yet). */
        default void before(Invocation pending) throws Exception {}

        default void after(Invocation invocation) {}
    }

    /** Fields of a payload worth keeping: what was asked, never the config. */
    private static final List<String> KEPT = List.of("stateName", "gate", "pass", "phase", "awaiting", "batch", "attempt", "checkOrphans", "event",
            "cascadingForeignKeys", "direction", "step");

    private final Clock clock;
    private final int maxPollWaitSeconds;
    private final List<Invocation> calls = new CopyOnWriteArrayList<>();
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();

    public Invocations(Clock clock, Duration maxPollWait) {
        this.clock = clock;
        this.maxPollWaitSeconds = (int) Math.max(0, maxPollWait.toSeconds());
    }

    public Invocations hook(Hook hook) {
        hooks.add(hook);
        return this;
    }

    public List<Invocation> all() {
        return List.copyOf(calls);
    }

    /** Replaces every function the state machine references with its real handler, recorded. */
    public AslRunner.Builder bind(AslRunner.Builder builder, SamTemplate template, String stateMachineId, Ports ports,
                                  Map<String, String> otherSubstitutions) {
        Map<String, String> handlers = template.functionHandlers();
        for (String function : template.functionsOf(stateMachineId)) {
            String handler = handlers.get(function);
            if (handler != null) {
                builder.function(function, wrap(function, handler, Handlers.invoker(Handlers.instantiate(handler, ports), function)));
            }
        }
        return builder;
    }

    /** A recorded, hooked invoker of {@code handler}. */
    public FunctionInvoker wrap(String function, String handler, FunctionInvoker real) {
        return payload -> {
            String state = payload == null ? null : payload.path("stateName").asText(null);
            Invocation pending = new Invocation(function, handler, state, kept(payload), clock.instant(), null, null, null);
            for (Hook h : hooks) {
                h.before(pending);
            }
            Instant start = clock.instant();
            JsonNode result = null;
            String error = null;
            try {
                result = real.invoke(payload);
                return capWaits(result);
            } catch (Exception e) {
                error = e.getClass().getName() + ": " + e.getMessage();
                throw e;
            } finally {
                Invocation call = new Invocation(function, handler, state, pending.payload(), start, clock.instant(), result, error);
                calls.add(call);
                for (Hook h : hooks) {
                    try {
                        h.after(call);
                    } catch (RuntimeException e) {
                        System.err.println("rehearsal hook failed after " + call.simpleHandler() + ": " + e);
                    }
                }
            }
        };
    }

    private static ObjectNode kept(JsonNode payload) {
        ObjectNode out = io.cutover.core.json.Json.object();
        if (payload != null) {
            for (String f : KEPT) {
                if (payload.has(f)) {
                    out.set(f, payload.get(f));
                }
            }
        }
        return out;
    }

    /** Caps {@code waitSeconds} in a result (top level or in {@code decision}) at the rehearsal's maximum. */
    JsonNode capWaits(JsonNode result) {
        if (maxPollWaitSeconds <= 0 || !(result instanceof ObjectNode o)) {
            return result;
        }
        List<ObjectNode> holders = new ArrayList<>();
        holders.add(o);
        if (o.get("decision") instanceof ObjectNode d) {
            holders.add(d);
        }
        ObjectNode copy = null;
        for (ObjectNode h : holders) {
            JsonNode w = h.get("waitSeconds");
            if (w != null && w.isNumber() && w.asInt() > maxPollWaitSeconds) {
                if (copy == null) {
                    copy = o.deepCopy();
                }
                (h == o ? copy : (ObjectNode) copy.get("decision")).put("waitSeconds", maxPollWaitSeconds);
            }
        }
        return copy != null ? copy : result;
    }
}
