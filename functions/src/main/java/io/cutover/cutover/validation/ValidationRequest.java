package io.cutover.cutover.validation;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import io.cutover.core.poll.PollDecision;
import java.util.List;

/**
 * The payload of the validation Lambdas. {@code pass} names the pass ({@code pre-freeze} while CDC runs,
 * {@code catch-up} after the freeze approval, {@code post-freeze} after the drain; the later passes build on an earlier one when it exists);
 * {@code batch} is the Map item; {@code budgetSeconds} bounds one invocation (default 600: set the function timeout
 * above it); {@code poll} is the previous decision of the recheck loop.
 */
public record ValidationRequest(MigrationConfig config, String stateName, String executionName, String pass, Integer batch,
                                Integer budgetSeconds, PollDecision poll) {
    public static final String PRE_FREEZE = "pre-freeze";
    public static final String POST_FREEZE = "post-freeze";
    /**
     * After the freeze approval, before the freeze: the rows changed since the pre-freeze pass, verified while CDC still
     * runs, so that the post-freeze pass reads only what changed during this one ({@link ValidationPass#plan}).
     */
    public static final String CATCH_UP = "catch-up";

    public ValidationRequest {
        pass = pass == null ? POST_FREEZE : pass;
        budgetSeconds = budgetSeconds == null ? 600 : budgetSeconds;
        if (!pass.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new InputValidationException(List.of(new FieldError("$.pass", "'" + pass + "' is not a pass name (lower-case letters, digits, hyphens)")));
        }
        if (budgetSeconds < 10 || budgetSeconds > 880) {
            throw new InputValidationException(List.of(new FieldError("$.budgetSeconds", "must be between 10 and 880 (a Lambda runs at most 900 s)")));
        }
    }

    int requireBatch() {
        if (batch == null) {
            throw new InputValidationException(List.of(new FieldError("$.batch", "the batch index (the Map item) is required")));
        }
        return batch;
    }
}
