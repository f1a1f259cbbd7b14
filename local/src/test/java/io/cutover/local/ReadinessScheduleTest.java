package io.cutover.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.template.SamTemplate;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The readiness schedule in template.yaml: a SAM ScheduleV2 event on the ReadinessStateMachine whose input is
 * events/readiness-schedule.json (EventsTest validates that file as a readiness input), disabled by default, its
 * expression and zone from parameters.
 */
class ReadinessScheduleTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scheduleProperties(SamTemplate template) {
        Map<String, Object> events = (Map<String, Object>) template.properties("ReadinessStateMachine").get("Events");
        assertThat(events).hasSize(1);
        Map<String, Object> event = (Map<String, Object>) events.values().iterator().next();
        assertThat(event.get("Type")).isEqualTo("ScheduleV2");
        return (Map<String, Object>) event.get("Properties");
    }

    @Test
    void theScheduleInputIsTheEventsFile() throws Exception {
        SamTemplate template = SamTemplate.read(Project.template());
        JsonNode scheduled = Json.parse((String) scheduleProperties(template).get("Input"));
        JsonNode file = Json.parse(Files.readString(Project.root().resolve("events/readiness-schedule.json")));
        assertThat(scheduled).isEqualTo(file);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScheduleIsParameterisedAndOffUntilEnabled() {
        SamTemplate template = SamTemplate.read(Project.template());
        Map<String, Object> schedule = scheduleProperties(template);
        Map<String, Object> parameters = (Map<String, Object>) template.tree().get("Parameters");
        assertThat(schedule.get("ScheduleExpression")).isEqualTo(Map.of("Ref", "ReadinessSchedule"));
        assertThat(schedule.get("State")).isEqualTo(Map.of("Ref", "ReadinessScheduleState"));
        assertThat(((Map<String, Object>) parameters.get("ReadinessScheduleState")).get("Default")).isEqualTo("DISABLED");
        assertThat((String) ((Map<String, Object>) parameters.get("ReadinessSchedule")).get("Default")).matches("cron\\(.+\\)|rate\\(.+\\)");
        assertThat(template.properties("ReadinessStateMachine")).containsEntry("Type", "STANDARD")
                .containsEntry("DefinitionUri", "statemachine/readiness.asl.json");
        assertThat(template.functionHandlers()).containsEntry("CheckSourceReadinessFunction", "io.cutover.precheck.CheckSourceReadinessHandler")
                .containsEntry("CheckTargetReadinessFunction", "io.cutover.precheck.CheckTargetReadinessHandler")
                .containsEntry("PublishReadinessFunction", "io.cutover.precheck.PublishReadinessHandler");
    }
}
