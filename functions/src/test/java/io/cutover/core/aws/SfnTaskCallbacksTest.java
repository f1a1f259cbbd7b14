package io.cutover.core.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.cutover.core.ports.TaskCallbacks.PossiblyDeliveredException;
import io.cutover.testing.AwsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Issue 16: SendTaskSuccess whose answer is lost may have closed the task; its retry is then answered TaskTimedOut.
 * The adapter tells that case ("possibly delivered") from a task that was gone before the first attempt.
 */
class SfnTaskCallbacksTest {
    private final AwsStub aws = new AwsStub();

    @AfterEach
    void stop() {
        aws.close();
    }

    private SfnTaskCallbacks callbacks() {
        return new SfnTaskCallbacks(aws.clients().build(SfnClient.builder()
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())), "SFN"), 1);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
    }

    private static final String TIMED_OUT = "{\"__type\":\"com.amazonaws.swf.service.v2.model#TaskTimedOut\",\"message\":\"Task Timed Out\"}";

    @Test
    void aTaskClosedOnTheRetryOfAnUnansweredAttemptIsPossiblyDelivered() {
        aws.server().stubFor(post("/").inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(500, "{\"__type\":\"InternalFailure\",\"message\":\"oops\"}")).willSetStateTo("closed"));
        aws.server().stubFor(post("/").inScenario("lost").whenScenarioStateIs("closed").willReturn(json(400, TIMED_OUT)));
        assertThatThrownBy(() -> callbacks().succeed("token-1", "{}")).isInstanceOf(PossiblyDeliveredException.class)
                .hasMessageContaining("may have delivered it").hasCauseInstanceOf(TaskTimedOutException.class);
        aws.server().verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.SendTaskSuccess")));
    }

    @Test
    void aTaskGoneOnTheFirstAttemptIsSimplyGone() {
        aws.server().stubFor(post("/").willReturn(json(400, TIMED_OUT)));
        assertThatThrownBy(() -> callbacks().succeed("token-1", "{}")).isNotInstanceOf(PossiblyDeliveredException.class)
                .hasRootCauseInstanceOf(TaskTimedOutException.class);
        aws.server().verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aThrottledAttemptWasNotProcessedSoItsRetryIsUnambiguous() {
        aws.server().stubFor(post("/").inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")).willSetStateTo("closed"));
        aws.server().stubFor(post("/").inScenario("throttled").whenScenarioStateIs("closed").willReturn(json(400, TIMED_OUT)));
        assertThatThrownBy(() -> callbacks().fail("token-1", "Cutover.ApprovalRejected", "{}"))
                .isNotInstanceOf(PossiblyDeliveredException.class).hasRootCauseInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void anAnsweredAttemptAfterALostOneSucceeds() {
        aws.server().stubFor(post("/").inScenario("ok").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(503, "{\"__type\":\"ServiceUnavailable\",\"message\":\"busy\"}")).willSetStateTo("up"));
        aws.server().stubFor(post("/").inScenario("ok").whenScenarioStateIs("up").willReturn(json(200, "{}")));
        callbacks().succeed("token-1", "{}");
        aws.server().verify(2, postRequestedFor(urlEqualTo("/")));
        assertThat(SfnTaskCallbacks.ATTEMPTS).isEqualTo(3);
    }
}
