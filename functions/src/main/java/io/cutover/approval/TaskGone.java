package io.cutover.approval;

import io.cutover.core.aws.AwsErrors;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Tells a callback failure meaning "Step Functions no longer waits for this task" (it timed out, the execution
 * was stopped, the token is unknown) from one worth retrying. The TaskCallbacks port reports errors as
 * exceptions wrapping the cause, so the chain is searched: the SDK's exception types in AWS, the local
 * driver's TaskDoesNotExistException (in the local module, so matched by name) in the rehearsal. A service error whose
 * code names one of them is one too, whatever type the SDK gave it: the SDK maps a code to its exception type only
 * when the code arrives bare, and the JSON protocol allows a namespace around it ({@link AwsErrors#errorCode}; moto
 * answers "AWSStepFunctions#InvalidToken" in the X-Amzn-Errortype header, which the SDK leaves unmapped).
 */
final class TaskGone {
    /** Step Functions' error codes for "no task waits for this token" (SendTaskSuccess API reference, Errors). */
    private static final Set<String> CODES = Set.of("InvalidToken", "TaskDoesNotExist", "TaskTimedOut");

    private TaskGone() {}

    static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TaskDoesNotExistException || t instanceof TaskTimedOutException || t instanceof InvalidTokenException
                    || "TaskDoesNotExistException".equals(t.getClass().getSimpleName())
                    || t instanceof AwsServiceException ase && CODES.contains(AwsErrors.errorCode(ase))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** An error message safe to log: the token, should a service echo it, replaced. */
    static String redact(String message, String token) {
        return token == null || token.isEmpty() ? message : message.replace(token, "<task token>");
    }
}
