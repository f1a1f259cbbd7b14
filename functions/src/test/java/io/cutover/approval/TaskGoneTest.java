package io.cutover.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.aws.AwsErrors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;

/** "Step Functions no longer waits for this task", told apart from failures worth retrying. */
class TaskGoneTest {

    private static SfnException withCode(String code) {
        return (SfnException) SfnException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("Invalid Token").build()).build();
    }

    @Test
    void theSdksTypesAnywhereInTheCauseChain() {
        assertThat(TaskGone.is(new IllegalStateException("SendTaskSuccess", InvalidTokenException.builder().build()))).isTrue();
    }

    @Test
    void aCodeWithTheProtocolsNamespaceOrSuffixIsRecognisedThoughTheSdkLeftItUntyped() {
        // what moto answers (X-Amzn-Errortype: AWSStepFunctions#InvalidToken): the SDK gives a plain SfnException
        assertThat(TaskGone.is(new IllegalStateException("SendTaskSuccess", withCode("AWSStepFunctions#InvalidToken")))).isTrue();
        assertThat(TaskGone.is(withCode("TaskTimedOut:http://internal.amazon.com/coral/com.amazonaws.swf.service.v2.model/"))).isTrue();
        assertThat(TaskGone.is(withCode("com.amazonaws.swf.service.v2.model#TaskDoesNotExist"))).isTrue();
    }

    @Test
    void otherServiceErrorsAreNot() {
        assertThat(TaskGone.is(withCode("ThrottlingException"))).isFalse();
        assertThat(TaskGone.is(withCode("AWSStepFunctions#InvalidOutput"))).isFalse();
        assertThat(TaskGone.is(new IllegalStateException("boom"))).isFalse();
    }

    @Test
    void errorCodesAreSanitisedAsTheJsonProtocolsSay() {
        assertThat(AwsErrors.errorCode(withCode("AccessDeniedException:http://internal.amazon.com/coral/"))).isEqualTo("AccessDeniedException");
        assertThat(AwsErrors.errorCode(withCode("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException")))
                .isEqualTo("ResourceNotFoundException");
        assertThat(AwsErrors.errorCode(withCode("NoSuchKey"))).isEqualTo("NoSuchKey");
    }
}
