package io.cutover.local.approval;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.approval.ApprovalReminders;
import io.cutover.core.error.ConfigurationException;
import io.cutover.testing.AwsStub;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resend of local/cutover-approve: a Lambda Invoke (REST: POST /2015-03-31/functions/{name}/invocations, the payload
 * as the body; a function error in the X-Amz-Function-Error header: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html)
 * of the reminder function, against a stub.
 */
class LambdaResenderTest {
    private static final String PATH = "/2015-03-31/functions/cutover-RemindApprovalsFunction/invocations";
    private final AwsStub stub = new AwsStub();

    @AfterEach
    void stop() {
        stub.close();
    }

    private LambdaResender resender() {
        return new LambdaResender(stub.clients(Map.of(LambdaResender.FUNCTION, "cutover-RemindApprovalsFunction")));
    }

    @Test
    void invokesTheReminderFunctionWithTheIdAndTheCallerAndReadsWhatItDid() {
        stub.server().stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"reminded\":1,\"approvalIds\":[\"rRmvNB_yO4Ow5mgmSuToYg\"],\"resent\":\"SENT\"}")));

        ApprovalReminders.Resent resent = resender().resend("rRmvNB_yO4Ow5mgmSuToYg", "arn:aws:iam::123456789012:user/ana");

        assertThat(resent).isEqualTo(ApprovalReminders.Resent.SENT);
        stub.server().verify(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(equalToJson("{\"resend\":\"rRmvNB_yO4Ow5mgmSuToYg\",\"requestedBy\":\"arn:aws:iam::123456789012:user/ana\"}")));
    }

    @Test
    void aFunctionErrorIsReportedWithTheFunctionsAnswer() {
        stub.server().stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("X-Amz-Function-Error", "Unhandled")
                .withBody("{\"errorType\":\"io.cutover.core.error.ConfigurationException\",\"errorMessage\":\"no table\"}")));

        assertThatThrownBy(() -> resender().resend("x", "me")).hasMessageContaining("Unhandled").hasMessageContaining("no table");
    }

    @Test
    void withoutTheFunctionsNameItSaysWhichSettingIsMissingAndCallsNothing() {
        assertThatThrownBy(() -> new LambdaResender(stub.clients()).resend("x", "me"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(LambdaResender.FUNCTION);
        assertThat(stub.server().getAllServeEvents()).isEmpty();
    }
}
