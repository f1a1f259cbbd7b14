package io.cutover.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.template.ConditionEvaluator;
import io.cutover.local.template.SamTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The readiness schedule in template.yaml: a SAM ScheduleV2 event on the ReadinessStateMachine whose input is the
 * parameter ReadinessScheduleInput, given at deploy time like events/readiness-schedule.json (EventsTest validates
 * that file as a readiness input; docs/deployment.md, "Turning on the readiness schedule"), disabled by default, its
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inputParameter(SamTemplate template) {
        return (Map<String, Object>) template.section("Parameters").get("ReadinessScheduleInput");
    }

    /** Issue 21: the input is given at deploy time, not by editing template.yaml. */
    @Test
    void theScheduleStartsEachRunWithTheInputParameterAndTheTemplateHoldsNoInputOfItsOwn() throws Exception {
        SamTemplate template = SamTemplate.read(Project.template());
        assertThat(scheduleProperties(template).get("Input")).isEqualTo(Map.of("Fn::If",
                List.of("HasReadinessScheduleInput", Map.of("Ref", "ReadinessScheduleInput"), "{}")));
        // nothing of the example input (its migration, its secrets) is left in the template
        assertThat(Files.readString(Project.template())).doesNotContain("\"migrationId\"").doesNotContain("orders-prod");
        assertThat(inputParameter(template)).containsEntry("Type", "String").containsEntry("Default", "");
    }

    @Test
    void anEnabledScheduleWithoutItsInputIsRefusedBeforeAnythingIsCreated() {
        SamTemplate template = SamTemplate.read(Project.template());
        assertThat(new ConditionEvaluator(template, Map.of("ReadinessScheduleState", "ENABLED")).refusedBy())
                .singleElement().asString().startsWith("ReadinessScheduleInput is required");
        assertThat(new ConditionEvaluator(template, Map.of("ReadinessScheduleState", "ENABLED",
                "ReadinessScheduleInput", "{\"migrationId\": \"orders-prod\"}")).refusedBy()).isEmpty();
        assertThat(new ConditionEvaluator(template, Map.of()).refusedBy()).as("disabled without input: the default").isEmpty();
    }

    /** The example (EventsTest validates it as a readiness input) is what a DBA gives, from a parameter file. */
    @Test
    void theParameterTakesTheExampleInputAsAParameterFileGivesItAndRefusesWhatIsNoJsonObject() throws Exception {
        SamTemplate template = SamTemplate.read(Project.template());
        Pattern allowed = Pattern.compile((String) inputParameter(template).get("AllowedPattern"));
        String example = Files.readString(Project.root().resolve("events/readiness-schedule.json"));
        // as written (several lines), as a YAML block scalar gives it (a final newline), on one line
        for (String ok : List.of(example, example.strip() + "\n", example.replaceAll("\\s*\\n\\s*", " "), "")) {
            assertThat(allowed.matcher(ok).matches()).as(ok).isTrue();
        }
        for (String refused : List.of("orders-prod", "[\"orders\"]", "{\"migrationId\": \"orders-prod\"", "events/readiness-schedule.json")) {
            assertThat(allowed.matcher(refused).matches()).as(refused).isFalse();
        }
        // CloudFormation keeps at most 4,096 bytes of a parameter value: the example fits with room for more schemas
        assertThat(inputParameter(template)).containsEntry("MaxLength", 4096);
        assertThat(example.getBytes(StandardCharsets.UTF_8).length).isLessThan(4096 / 2);
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
