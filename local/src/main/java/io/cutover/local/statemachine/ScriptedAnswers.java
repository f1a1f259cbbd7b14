package io.cutover.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.cutover.FreezeWritesHandler;
import io.cutover.cutover.RecordRollbackPositionHandler;
import io.cutover.cutover.UnfreezeHandler;
import io.cutover.cutover.validation.PlanValidationHandler;
import io.cutover.cutover.validation.SummarizeValidationHandler;
import io.cutover.cutover.validation.ValidateBatchHandler;
import io.cutover.cutover.validation.ValidationModel;
import io.cutover.precheck.ReadinessSummary;
import io.cutover.replication.AssessmentDecision;
import io.cutover.replication.BuildTaskSettingsHandler;
import io.cutover.replication.CdcLagDecision;
import io.cutover.replication.FullLoadDecision;
import io.cutover.replication.PollAssessmentHandler;
import io.cutover.replication.PollCdcCaughtUpHandler;
import io.cutover.replication.PollConnectionTestsHandler;
import io.cutover.replication.PollFullLoadHandler;
import io.cutover.replication.PollTaskStatusHandler;
import io.cutover.core.ports.Replication;
import io.cutover.replication.SetTargetInitStatementsHandler;
import io.cutover.replication.StartAssessmentHandler;
import io.cutover.replication.StartConnectionTestsHandler;
import io.cutover.replication.StartReplicationHandler;
import io.cutover.replication.StopTaskHandler;
import io.cutover.schema.ApplyDeferredObjectsHandler;
import io.cutover.schema.CheckTargetForReplicationHandler;
import io.cutover.schema.CreateHeartbeatTableHandler;
import io.cutover.schema.CreateTargetSchemaHandler;
import io.cutover.schema.ExtractDeferredObjectsHandler;
import io.cutover.schema.PrepareForeignKeysHandler;
import io.cutover.schema.RecreateForeignKeysHandler;
import io.cutover.schema.ValidateSchemaHandler;
import io.cutover.schema.deferred.ObjectType;
import io.cutover.schema.fk.ReplicationRequirements;
import io.cutover.snapshot.CreateSnapshotHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What each function of the migration state machine answers when a test or a benchmark scripts it: the real
 * result record of its handler (so the field names are the real ones), filled with the values of a small, healthy
 * migration ("orders-prod": 40 tables, 12 foreign keys of which 2 cascade, every poll done at once). The approval
 * request is not here: it answers through the callback API (see the test harness and the benchmark).
 */
public final class ScriptedAnswers {
    public static final String TASK_ARN = "arn:aws:dms:eu-west-1:123456789012:task:ORDERSTASK";

    private ScriptedAnswers() {}

    static PollDecision done(int attempt) {
        return PollDecision.done(attempt, "done");
    }

    static PollDecision continueAfter(int attempt) {
        return PollDecision.continueAfter(5, attempt, "still going");
    }

    static PollDecision failed(int attempt, String reason) {
        return PollDecision.failed(attempt, reason);
    }

    /** The answer of {@code function} to {@code p} (a state's payload). */
    public static JsonNode of(String function, JsonNode p) {
        int attempt = p.path("attempt").asInt(0) + 1;
        Instant now = Instant.parse("2026-11-25T02:00:00Z");
        Replication.TaskRef task = new Replication.TaskRef(TASK_ARN, "cutover-orders-prod", true);
        return Json.tree(switch (function) {
            case "CheckSourceReadinessFunction" -> new ReadinessSummary("source", 0, 1, 120, List.of(), List.of("sc-net-timeouts"),
                    "migrations/orders-prod/readiness/source.json", "source (MySQL 8.0.36): 120 checks, 0 blocker(s), 1 warning(s)\n");
            case "CheckTargetReadinessFunction" -> new ReadinessSummary("target", 0, 0, 80, List.of(), List.of(),
                    "migrations/orders-prod/readiness/target.json", "target (Aurora MySQL 3.10.0): 80 checks, 0 blocker(s)\n");
            case "CreateTargetSchemaFunction" -> new CreateTargetSchemaHandler.Result(true, true, 2, 40, 40, 0, 0, 0,
                    "migrations/orders-prod/schema/target-schema.json", "2 database(s), 40 table(s): 40 match the source");
            case "PrepareForeignKeysFunction" -> new PrepareForeignKeysHandler.Result(true, 12, 2, 2, 10, List.of(),
                    ReplicationRequirements.cascadingConstraintsKept(2), "migrations/orders-prod/schema/foreign-keys.json",
                    "12 foreign key(s) recorded; 2 cascading kept on the target, 10 off the target until the cutover point");
            case "CreateHeartbeatTableFunction" -> new CreateHeartbeatTableHandler.Result("cutover.heartbeat",
                    new CreateHeartbeatTableHandler.TableMapping("cutover", "heartbeat"), "cutover.heartbeat is ready");
            case "CheckTargetForReplicationFunction" -> new CheckTargetForReplicationHandler.Result(true, 0, 0, "OFF", 2, 0, 0, List.of(),
                    "migrations/orders-prod/schema/target-check.json", "target ready: no trigger, no enabled event");
            case "EnsureEndpointsFunction" -> new Replication.EndpointPair("arn:aws:dms:eu-west-1:123456789012:endpoint:SRC",
                    "arn:aws:dms:eu-west-1:123456789012:endpoint:TGT");
            case "StartConnectionTestsFunction" -> new StartConnectionTestsHandler.Result("arn:aws:dms:eu-west-1:123456789012:rep:R", true);
            case "PollConnectionTestsFunction" -> new PollConnectionTestsHandler.Result(done(attempt), List.of());
            case "BuildTaskSettingsFunction" -> new BuildTaskSettingsHandler.Result("migrations/orders-prod/replication/task-settings.json",
                    "migrations/orders-prod/replication/table-mappings.json", List.of(), "DO_NOTHING", "limited to 32 KB", false, false);
            case "CreateTaskFunction" -> task;
            case "PollTaskStatusFunction" -> new PollTaskStatusHandler.Result(done(attempt),
                    "STOPPED".equals(p.path("awaiting").asText()) ? "stopped" : "ready",
                    "STOPPED".equals(p.path("awaiting").asText()) ? "Stop Reason NORMAL" : null);
            case "StartAssessmentFunction" -> new StartAssessmentHandler.Result(false, "cutover-orders-prod-run");
            case "PollAssessmentFunction" -> new PollAssessmentHandler.Result(done(attempt), List.of(),
                    List.of(new AssessmentDecision.Finding("unsupported-data-types-in-source", "warning", "see the bucket")), 9, 10,
                    "migrations/orders-prod/replication/assessment.json");
            case "StartReplicationFunction" -> new StartReplicationHandler.Result("START_REPLICATION", "ready");
            case "PollFullLoadFunction" -> new PollFullLoadHandler.Result(done(attempt),
                    new FullLoadDecision.Tracker(now, 0, now, 100, 1_000_000, 40, 0), "running", 100, 40, 0, 0, 0, List.of(),
                    "migrations/orders-prod/replication/full-load-tables.json");
            case "SetTargetInitStatementsFunction" -> new SetTargetInitStatementsHandler.Result("arn:aws:dms:eu-west-1:123456789012:endpoint:TGT",
                    null, "target endpoint TGT: new sessions run no init statement");
            case "PollCdcCaughtUpFunction" -> new PollCdcCaughtUpHandler.Result(PollDecision.done(attempt, "caught up: lag 1 s ≤ 5 s, held 120 s"),
                    new CdcLagDecision.Window(List.of(), now, 0), new Replication.CdcSample(now, 1.0, 1.0, 10, 5, 1, 0, 0L));
            case "PlanValidationFunction" -> new PlanValidationHandler.Planned(p.path("pass").asText(),
                    "migrations/orders-prod/cutover/validation/" + p.path("pass").asText() + "/plan.json", List.of(0, 1, 2), 40,
                    Map.of(ValidationModel.Scope.FULL, 40L), 0, "binlog.000042:1234", null, null, false, "40 tables in 3 batches");
            case "ValidateBatchFunction" -> new ValidateBatchHandler.BatchSummary(p.path("pass").asText(), p.path("batch").asInt(), true, 14,
                    140_000, 140_000, List.of(), "migrations/orders-prod/cutover/validation/batch-" + p.path("batch").asInt() + ".json");
            case "RecheckMismatchesFunction" -> PollDecision.done(p.path("poll").path("attempt").asInt(0) + 1, "no differences left");
            case "SummarizeValidationFunction" -> new SummarizeValidationHandler.Verdict(p.path("pass").asText(), true, 40, 0, List.of(),
                    420_000, 420_000, 840_000, null, 0, 0, 12.5, "migrations/orders-prod/cutover/validation/report.json",
                    p.path("pass").asText() + ": 40 tables identical");
            case "FreezeWritesFunction" -> new FreezeWritesHandler.Frozen(true, "MySQL 8.0.36", false, false, "m-1",
                    now.toString(), "binlog.000042:1300", 0, 0, List.of(), 0, "migrations/orders-prod/cutover/freeze.json",
                    "migrations/orders-prod/cutover/freeze-report.json", "source frozen (MySQL 8.0.36): read_only was OFF");
            case "ProveDrainFunction", "RollbackWindowFunction", "PollSnapshotFunction" -> {
                int previous = p.path("poll").path("attempt").asInt(0);
                yield PollDecision.done(previous + 1, function + " done");
            }
            case "RecordRollbackPositionFunction" -> new RecordRollbackPositionHandler.Recorded("binlog.000042", 1300L, null,
                    "running", "checkpoint:V1#1#binlog.000042:1300", 10, 5, 1, 0, true,
                    "migrations/orders-prod/cutover/rollback-position.json",
                    "rollback position binlog.000042:1300; DMS task cutover-orders-prod running, checkpoint "
                            + "checkpoint:V1#1#binlog.000042:1300, CDC applied 10 inserts, 5 updates, 1 deletes, 0 DDL");
            case "StopTaskFunction" -> new StopTaskHandler.Result("running", true);
            case "ExtractDeferredObjectsFunction" -> new ExtractDeferredObjectsHandler.Result(5, Map.of(ObjectType.PROCEDURE, 2,
                    ObjectType.VIEW, 3), "ON", "migrations/orders-prod/schema/deferred-objects.json", "5 deferred object(s)");
            case "ApplyDeferredObjectsFunction" -> new ApplyDeferredObjectsHandler.Result(true, true, 5, 5, 0, 0,
                    Map.of(ObjectType.PROCEDURE, 2L, ObjectType.VIEW, 3L), "`cutover`@`%`", "ON", List.of(),
                    "migrations/orders-prod/schema/deferred-objects-applied.json", "migrations/orders-prod/schema/deferred-objects.sql",
                    "5 deferred object(s): 5 present as on the source");
            case "RecreateForeignKeysFunction" -> new RecreateForeignKeysHandler.Result(true, true, 12, 12, 0, 0, 0, 0, List.of(),
                    "migrations/orders-prod/schema/foreign-keys-recreated.json", "12 foreign key(s): 12 present as on the source");
            case "ValidateSchemaFunction" -> new ValidateSchemaHandler.Result(true, 0, Map.of(), List.of(),
                    "migrations/orders-prod/schema/validation.json", "the target's schema equals the source's");
            case "CreateSnapshotFunction" -> new CreateSnapshotHandler.Started("cutover-orders-prod-pre-switch", "orders-aurora",
                    "creating", true, "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:cutover-orders-prod-pre-switch",
                    "2026-11-25T02:30:00Z");
            case "UnfreezeFunction" -> new UnfreezeHandler.Unfrozen(true, false, false, "migrations/orders-prod/cutover/freeze.json",
                    "read_only restored to OFF, super_read_only to OFF");
            case "ApplicationSwitchFunction" -> "REVERSE".equals(p.path("direction").asText())
                    ? new io.cutover.cutover.ApplicationSwitchHandler.Result(List.of(), false,
                            "migrations/orders-prod/cutover/switch-e.json", "The application switch had not been made: nothing to reverse.")
                    : new io.cutover.cutover.ApplicationSwitchHandler.Result(List.of(), false,
                            "migrations/orders-prod/cutover/switch-e.json", "No application switch configured (config.switch).");
            default -> throw new IllegalStateException("no scripted answer for " + function);
        });
    }

}
