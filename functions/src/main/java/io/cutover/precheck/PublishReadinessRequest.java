package io.cutover.precheck;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cutover.core.config.MigrationConfig;

/**
 * The payload of "Publish readiness": the two sides' summaries, or (when the checks themselves failed) the
 * error Step Functions caught, as {@code {"Error": …, "Cause": …}}.
 */
public record PublishReadinessRequest(MigrationConfig config, String executionName, ReadinessSummary source,
                                      ReadinessSummary target, CaughtError error) {

    /** What a Catch with {@code ResultPath} puts into the state. */
    public record CaughtError(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}
}
