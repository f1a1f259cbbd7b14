package io.cutover.core.aws;

import io.cutover.core.ports.TaskCallbacks;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Task-token callbacks to Step Functions. The token itself is never logged or put in a message. */
public final class SfnTaskCallbacks implements TaskCallbacks {
    private final SfnClient sfn;

    public SfnTaskCallbacks(SfnClient sfn) {
        this.sfn = sfn;
    }

    @Override
    public void succeed(String taskToken, String outputJson) {
        try {
            sfn.sendTaskSuccess(r -> r.taskToken(taskToken).output(outputJson));
        } catch (SdkException e) {
            throw AwsErrors.translate("SendTaskSuccess", e);
        }
    }

    @Override
    public void fail(String taskToken, String error, String cause) {
        try {
            sfn.sendTaskFailure(r -> r.taskToken(taskToken).error(error).cause(cause));
        } catch (SdkException e) {
            throw AwsErrors.translate("SendTaskFailure", e);
        }
    }

    @Override
    public void heartbeat(String taskToken) {
        try {
            sfn.sendTaskHeartbeat(r -> r.taskToken(taskToken));
        } catch (SdkException e) {
            throw AwsErrors.translate("SendTaskHeartbeat", e);
        }
    }
}
