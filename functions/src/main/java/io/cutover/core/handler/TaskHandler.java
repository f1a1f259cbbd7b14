package io.cutover.core.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.json.BindingErrors;
import io.cutover.core.json.Json;
import io.cutover.core.json.NonNullCheck;
import io.cutover.core.logging.TaskLogging;
import io.cutover.core.ports.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Base of every Lambda handler: reads the payload with Cutover's Jackson configuration, sets the logging
 * context, calls {@link #handle}, writes the result. Exceptions propagate, so Lambda reports them under their
 * fully qualified class name for the ASL's Retry and Catch.
 *
 * <p>Subclasses have two constructors: a public no-arg one for Lambda ({@code this(AwsPorts.fromEnvironment())})
 * and a public {@code (Ports)} one that the tests and the local rehearsal use.
 */
public abstract class TaskHandler<I, O> implements RequestStreamHandler {
    protected final Ports ports;
    private final Class<I> inputType;

    protected TaskHandler(Class<I> inputType, Ports ports) {
        this.inputType = inputType;
        this.ports = ports;
    }

    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) { // not JSON, or a key given twice: refused, naming where
            throw new InputValidationException(List.of(BindingErrors.fieldError(e)));
        }
        O result = TaskLogging.run(context, payload, () -> {
            O r = handle(bind(payload));
            // a component the state machine reads must be there: refused here, it is an error the ASL catches
            NonNullCheck.verify(r);
            return r;
        });
        Json.MAPPER.writeValue(out, result);
    }

    /** The work. Keep it thin: read the input, call plain classes, return a small record. */
    protected abstract O handle(I input);

    private I bind(JsonNode payload) {
        try {
            return Json.MAPPER.treeToValue(payload, inputType);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputValidationException(List.of(BindingErrors.fieldError(e)));
        }
    }
}
