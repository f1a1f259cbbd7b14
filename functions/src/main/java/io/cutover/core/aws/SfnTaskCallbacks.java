package io.cutover.core.aws;

import io.cutover.core.ports.TaskCallbacks;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Task-token callbacks to Step Functions. The token itself is never logged or put in a message.
 *
 * <p>The client is built without the SDK's own retries ({@link AwsPorts}), and the retries are made here, so that
 * what an answer means is known: SendTaskSuccess whose answer was lost (a broken connection, a 5xx) may still have
 * closed the task, and the retry is then answered TaskTimedOut ("the task associated with the token has already been
 * closed": https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html#API_SendTaskSuccess_Errors).
 * That answer, after such an attempt, is reported as {@link PossiblyDeliveredException}, not as "the task is gone".
 * A throttled request (HTTP 400 ThrottlingException) was refused, not processed: its retry is unambiguous.
 */
public final class SfnTaskCallbacks implements TaskCallbacks {
    static final int ATTEMPTS = 3;

    private final SfnClient sfn;
    private final long backoffMillis;

    public SfnTaskCallbacks(SfnClient sfn) {
        this(sfn, 200);
    }

    SfnTaskCallbacks(SfnClient sfn, long backoffMillis) {
        this.sfn = sfn;
        this.backoffMillis = backoffMillis;
    }

    @Override
    public void succeed(String taskToken, String outputJson) {
        send("SendTaskSuccess", () -> sfn.sendTaskSuccess(r -> r.taskToken(taskToken).output(outputJson)));
    }

    @Override
    public void fail(String taskToken, String error, String cause) {
        send("SendTaskFailure", () -> sfn.sendTaskFailure(r -> r.taskToken(taskToken).error(error).cause(cause)));
    }

    @Override
    public void heartbeat(String taskToken) {
        send("SendTaskHeartbeat", () -> sfn.sendTaskHeartbeat(r -> r.taskToken(taskToken)));
    }

    private void send(String operation, Runnable call) {
        SdkException lost = null; // an earlier attempt whose answer never came: it may have been processed
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (SdkException e) {
                if (taskGone(e) && lost != null) {
                    throw new PossiblyDeliveredException(operation + ": Step Functions no longer knows the task, after an earlier "
                            + "attempt whose answer was lost (" + lost.getClass().getSimpleName() + "): that attempt may have delivered it", e);
                }
                boolean throttled = e instanceof AwsServiceException ase && ase.isThrottlingException() && ase.statusCode() < 500;
                boolean unanswered = e instanceof SdkClientException || e instanceof AwsServiceException ase && ase.statusCode() >= 500;
                if (!(throttled || unanswered) || attempt == ATTEMPTS) {
                    throw AwsErrors.translate(operation, e);
                }
                if (unanswered) {
                    lost = e;
                }
                sleep(backoffMillis * attempt);
            }
        }
    }

    static boolean taskGone(Throwable e) {
        return e instanceof TaskTimedOutException || e instanceof InvalidTokenException || e instanceof TaskDoesNotExistException;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
