package io.cutover.core.handler;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import java.util.List;

/** Checks of the payload fields a handler needs beyond the input schema: a missing one names its path. */
public final class Inputs {
    private Inputs() {}

    public static String replicationInstanceArn(MigrationConfig config) {
        String arn = config.dms().replicationInstanceArn();
        if (arn == null) {
            throw new InputValidationException(List.of(new FieldError("$.config.dms.replicationInstanceArn",
                    "required: the DMS replication instance that runs the task and the connection tests")));
        }
        return arn;
    }

    public static <T> T required(T value, String path, String what) {
        if (value == null) {
            throw new InputValidationException(List.of(new FieldError(path, "required: " + what)));
        }
        return value;
    }
}
