package io.cutover.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.cutover.DrainProof;
import io.cutover.cutover.SourceFreeze;
import io.cutover.cutover.validation.ValidationPass;
import io.cutover.cutover.validation.ValidationPlanner;
import io.cutover.local.Project;
import io.cutover.local.template.SamTemplate;
import io.cutover.precheck.objects.ObjectCheckLimits;
import io.cutover.replication.PollSchedule;
import io.cutover.snapshot.ClusterSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The longest execution the input schema allows, as bounds for {@link HistoryBudget}: every limit at the value that
 * makes the history longest (the longest planned migration, rollback window and drain timeout, the most tables the
 * readiness checks accept in the fewest tables per batch), every poll running to its budget (lag hovering just above
 * the threshold all the time, a slow assessment, a slow snapshot), every counter to its limit. The figures come
 * from where they are decided: the schema's maxima, the poll handlers' budgets, the counters' limits in the ASL.
 * Approval reminders are sent by a scheduled function outside the execution and add no event.
 */
public final class WorstCase {

    /** The input schema's limits that lengthen an execution. */
    public record Limits(int plannedMigrationHours, double rollbackWindowHours, int drainTimeoutSeconds, int drainHoldSeconds,
                         int minTablesPerBatch, int maxTables) {

        public static Limits fromSchema() {
            JsonNode p = schema().path("properties");
            JsonNode cutover = p.path("cutover").path("properties");
            return new Limits(
                    p.at("/readiness/properties/plannedMigrationHours/maximum").asInt(),
                    cutover.at("/rollbackWindowHours/maximum").asDouble(),
                    cutover.at("/drainTimeoutSeconds/maximum").asInt(),
                    cutover.at("/drainHoldSeconds/maximum").asInt(),
                    cutover.at("/validation/properties/tablesPerBatch/minimum").asInt(),
                    // more tables than one DMS task supports is a readiness blocker (so-table-count)
                    ObjectCheckLimits.defaults().maxTablesPerTask());
        }
    }

    private WorstCase() {}

    static JsonNode schema() {
        return read(Project.root().resolve("functions/src/main/resources/schema/migration-input.schema.json"));
    }

    static JsonNode read(Path file) {
        try {
            return Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The worst case of every state machine one migration runs: its own execution, then each child execution's
     * (template.yaml's state machines its tasks start), each with its own history.
     */
    public static List<HistoryBudget.Result> migration() {
        Limits limits = Limits.fromSchema();
        SamTemplate template = SamTemplate.read(Project.template());
        List<HistoryBudget.Result> results = new ArrayList<>();
        for (String machine : template.stateMachinesOf("MigrationStateMachine")) {
            Path file = template.definitionFile(machine);
            JsonNode asl = read(file);
            HistoryBudget.Bounds bounds = switch (machine) {
                case "MigrationStateMachine" -> migrationBounds(asl, limits);
                case "ValidationBatchesStateMachine" -> validationBounds(asl, limits);
                case "RollbackWindowStateMachine" -> rollbackWindowBounds(limits);
                default -> throw new IllegalStateException("no worst case for the child state machine " + machine
                        + ": add its loops' bounds to WorstCase");
            };
            String name = file.getFileName().toString().replace(".asl.json", "");
            results.add(HistoryBudget.compute(name, asl, bounds));
        }
        return results;
    }

    static HistoryBudget.Bounds migrationBounds(JsonNode asl, Limits limits) {
        Map<String, Long> visits = new LinkedHashMap<>();
        Map<String, Long> iterations = new LinkedHashMap<>();
        visits.put("3.1 Poll connection tests", (long) PollSchedule.CONNECTION_TEST_MAX_ATTEMPTS);
        visits.put("3.4 Poll until the task is ready", (long) PollSchedule.TASK_STATUS_MAX_ATTEMPTS);
        visits.put("3.5 Poll the assessment", (long) PollSchedule.ASSESSMENT_MAX_ATTEMPTS);
        long longWait = PollSchedule.longWaitBudget(limits.plannedMigrationHours());
        visits.put("4.1 Poll the full load", longWait);
        long resumes = counterCalls(asl, "4.2 Resume once after a load error?");
        visits.put("4.2 Resume the task after a load error", resumes);
        visits.put("4.2 Count the resume", resumes);
        visits.put("4.2 Resume once after a load error?", resumes + 1);
        visits.put("5.1 Wait until CDC has caught up", longWait);
        visits.put("5.1.3 Recheck differences after the lag window", (long) ValidationPass.MAX_ROUNDS);
        visits.put("5.2 Prove that CDC drained", DrainProof.maxPolls(limits.drainTimeoutSeconds(), limits.drainHoldSeconds()));
        visits.put("5.5 Poll until the task is stopped", (long) PollSchedule.TASK_STATUS_MAX_ATTEMPTS);
        visits.put("7 Poll the restorable time", (long) ClusterSnapshot.MAX_RESTORABLE_ATTEMPTS);
        visits.put("7 Poll the snapshot", (long) ClusterSnapshot.MAX_ATTEMPTS);
        visits.put("2.5 Create target schema", counterCalls(asl, "2.5 Target schema created?"));
        visits.put("6.1 Recreate deferred objects", counterCalls(asl, "6.1 Deferred objects recreated?"));
        visits.put("6.2 Recreate foreign keys", counterCalls(asl, "6.2 Foreign keys recreated?"));
        return new HistoryBudget.Bounds(visits, iterations);
    }

    /** A validation pass's batches: as many as the most tables in the fewest per batch make (at most 40), 49 calls each. */
    static HistoryBudget.Bounds validationBounds(JsonNode asl, Limits limits) {
        long batches = Math.min(ValidationPlanner.MAX_BATCHES, (limits.maxTables() + limits.minTablesPerBatch() - 1) / limits.minTablesPerBatch());
        return new HistoryBudget.Bounds(Map.of("Validate a batch", counterCalls(asl, "Batch complete?")),
                Map.of("Validate the batches", batches));
    }

    /** The read-only watch over the longest rollback window. */
    static HistoryBudget.Bounds rollbackWindowBounds(Limits limits) {
        return new HistoryBudget.Bounds(Map.of("8b Check that the source stays read-only", SourceFreeze.maxPolls(limits.rollbackWindowHours())),
                Map.of());
    }

    /**
     * The most calls a counter loop makes, read from its Choice: {@code n < L} to call again means L + 1 calls (the
     * first and L more), {@code n == 0} means one more.
     */
    static long counterCalls(JsonNode asl, String choiceName) {
        JsonNode choice = find(asl.path("States"), choiceName);
        if (choice == null) {
            throw new IllegalStateException("no state \"" + choiceName + "\"");
        }
        for (JsonNode rule : choice.path("Choices")) {
            Long calls = counterRule(rule);
            if (calls != null) {
                return calls;
            }
        }
        throw new IllegalStateException("\"" + choiceName + "\" has no counter rule (n < L or n == 0)");
    }

    private static Long counterRule(JsonNode rule) {
        for (JsonNode nested : rule.path("And")) {
            Long calls = counterRule(nested);
            if (calls != null) {
                return calls;
            }
        }
        if (rule.path("Variable").asText().endsWith(".n")) {
            if (rule.has("NumericLessThan")) {
                return rule.get("NumericLessThan").asLong() + 1;
            }
            if (rule.has("NumericEquals") && rule.get("NumericEquals").asLong() == 0) {
                return 1L;
            }
        }
        return null;
    }

    static JsonNode find(JsonNode states, String name) {
        if (states.has(name)) {
            return states.get(name);
        }
        for (JsonNode state : states) {
            for (JsonNode branch : state.path("Branches")) {
                JsonNode found = find(branch.path("States"), name);
                if (found != null) {
                    return found;
                }
            }
            JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
            if (processor != null) {
                JsonNode found = find(processor.path("States"), name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
