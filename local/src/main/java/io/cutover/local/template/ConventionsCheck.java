package io.cutover.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cutover's own rules for what the template deploys. Functions: java21, SnapStart on published versions behind
 * an alias, active tracing (their own settings or Globals). State machines: STANDARD, logging without execution
 * data (payloads carry configuration and evidence), X-Ray tracing, and alarms that notify on executions that
 * failed, timed out or were aborted (a child state machine reports through the parent that starts it).
 */
public final class ConventionsCheck implements TemplateCheck {
    static final List<String> ALARMED_METRICS = List.of("ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted");

    @Override
    public List<String> problems(SamTemplate t) {
        List<String> problems = new ArrayList<>();
        Map<?, ?> globals = t.section("Globals").get("Function") instanceof Map<?, ?> g ? g : Map.of();
        for (String id : t.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> p = t.properties(id);
            Object runtime = p.getOrDefault("Runtime", globals.get("Runtime"));
            if (!"java21".equals(runtime)) {
                problems.add(id + ": Runtime is " + runtime + ", not java21");
            }
            if (p.getOrDefault("AutoPublishAlias", globals.get("AutoPublishAlias")) == null) {
                problems.add(id + ": no AutoPublishAlias (SnapStart applies to published versions, which the state machines invoke through the alias)");
            }
            Object snapStart = p.getOrDefault("SnapStart", globals.get("SnapStart"));
            if (!(snapStart instanceof Map<?, ?> s && "PublishedVersions".equals(s.get("ApplyOn")))) {
                problems.add(id + ": SnapStart is not ApplyOn: PublishedVersions");
            }
            if (!"Active".equals(p.getOrDefault("Tracing", globals.get("Tracing")))) {
                problems.add(id + ": Tracing is not Active");
            }
        }
        for (String id : t.resourcesOfType("AWS::Serverless::StateMachine")) {
            Map<String, Object> p = t.properties(id);
            Object type = p.getOrDefault("Type", "STANDARD");
            if (!"STANDARD".equals(type)) {
                problems.add(id + ": Type is " + type + ", not STANDARD (redrive, exactly-once tasks, a year of runtime)");
            }
            if (!(p.get("Logging") instanceof Map<?, ?> logging)) {
                problems.add(id + ": no Logging");
            } else {
                if (!"false".equals(String.valueOf(logging.get("IncludeExecutionData")))) {
                    problems.add(id + ": Logging must set IncludeExecutionData: false (payloads carry configuration and evidence)");
                }
                if (!(logging.get("Destinations") instanceof List<?> d) || d.isEmpty()) {
                    problems.add(id + ": Logging has no Destinations");
                }
            }
            if (!(p.get("Tracing") instanceof Map<?, ?> tracing && "true".equals(String.valueOf(tracing.get("Enabled"))))) {
                problems.add(id + ": Tracing is not Enabled: true");
            }
            for (String metric : ALARMED_METRICS) {
                if (isChild(t, id)) {
                    // a child execution (startExecution.sync:2) that fails, times out or is stopped fails its parent's task,
                    // which the parent catches and reports: an alarm of its own would report it twice
                    continue;
                }
                if (!hasAlarm(t, id, metric)) {
                    problems.add(id + ": no alarm on AWS/States " + metric + " (Dimensions StateMachineArn: !Ref " + id + ", with AlarmActions)");
                }
            }
        }
        return problems;
    }

    /** A state machine another one starts as a child (its ARN is one of that one's DefinitionSubstitutions). */
    static boolean isChild(SamTemplate t, String stateMachine) {
        for (String parent : t.resourcesOfType("AWS::Serverless::StateMachine")) {
            if (!parent.equals(stateMachine) && t.stateMachinesOf(parent).contains(stateMachine)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAlarm(SamTemplate t, String stateMachine, String metric) {
        for (String alarm : t.resourcesOfType("AWS::CloudWatch::Alarm")) {
            Map<String, Object> p = t.properties(alarm);
            if (!"AWS/States".equals(p.get("Namespace")) || !metric.equals(p.get("MetricName"))
                    || !(p.get("AlarmActions") instanceof List<?> actions) || actions.isEmpty()) {
                continue;
            }
            if (p.get("Dimensions") instanceof List<?> dimensions) {
                for (Object d : dimensions) {
                    if (d instanceof Map<?, ?> dim && "StateMachineArn".equals(dim.get("Name"))
                            && dim.get("Value") instanceof Map<?, ?> v && stateMachine.equals(v.get("Ref"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
