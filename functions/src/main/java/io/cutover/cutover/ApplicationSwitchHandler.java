package io.cutover.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.json.NonNull;
import io.cutover.core.ports.Ports;
import java.util.List;

/**
 * "8.1 Switch the application" ({@code direction} SWITCH) and "R1 Reverse the application switch" ({@code direction}
 * REVERSE): the automated actions of {@code config.switch} and their reversal, in {@link ApplicationSwitch}.
 */
public class ApplicationSwitchHandler extends TaskHandler<ApplicationSwitchHandler.Request, ApplicationSwitchHandler.Result> {

    /** {@code evidence}: what the hook receives with the SWITCH (the snapshot, the rollback position). */
    public record Request(MigrationConfig config, String stateName, String executionName, String direction, JsonNode evidence) {}

    /**
     * {@code acknowledge}: wait for a person next ("8.2 Confirm that the application writes to the target");
     * {@code actions}: the automated actions of the input (SWITCH) or what was restored (REVERSE).
     */
    public record Result(@NonNull List<String> actions, boolean acknowledge, @NonNull String recordKey, @NonNull String summary) {}

    public ApplicationSwitchHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public ApplicationSwitchHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    public Result handle(Request input) {
        String execution = input.executionName() == null || input.executionName().isBlank() ? "manual" : input.executionName();
        ApplicationSwitch appSwitch = new ApplicationSwitch(ports);
        if ("REVERSE".equals(input.direction())) {
            ApplicationSwitch.Reversed r = appSwitch.reverse(input.config(), execution);
            return new Result(r.restored(), false, ApplicationSwitch.recordKey(input.config().migrationId(), execution), r.describe());
        }
        if (!"SWITCH".equals(input.direction())) {
            throw new InputValidationException(List.of(new FieldError("$.direction", "must be SWITCH or REVERSE")));
        }
        ApplicationSwitch.Switched s = appSwitch.perform(input.config(), execution, input.evidence());
        return new Result(s.actions(), s.acknowledge(), s.recordKey(), s.describe());
    }
}
