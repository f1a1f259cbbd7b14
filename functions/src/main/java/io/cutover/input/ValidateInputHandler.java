package io.cutover.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;

/**
 * "Validate input": the first state of both state machines. Checks the execution input against the JSON
 * Schema and Cutover's rules, reports every bad field at once (InputValidationException), and returns the
 * config with all defaults filled in. It opens no connection: nothing is touched on bad input.
 */
public class ValidateInputHandler extends TaskHandler<ValidateInputHandler.Request, MigrationConfig> {
    /** {@code input}: the raw execution input ({@code $}); {@code purpose}: MIGRATION (default) or READINESS. */
    public record Request(JsonNode input, InputValidator.Purpose purpose) {}

    private final InputValidator validator = new InputValidator();

    public ValidateInputHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public ValidateInputHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected MigrationConfig handle(Request request) {
        InputValidator.Purpose purpose = request.purpose() == null ? InputValidator.Purpose.MIGRATION : request.purpose();
        return validator.validate(request.input(), purpose);
    }
}
