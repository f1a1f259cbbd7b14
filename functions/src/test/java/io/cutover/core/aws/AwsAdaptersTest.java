package io.cutover.core.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.cutover.core.config.Env;
import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.TransientAwsException;
import io.cutover.core.ports.Notification;
import io.cutover.testing.AwsStub;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** The real SDK v2 clients, built by {@link AwsClients}, against a local stub shaped like the AWS APIs. */
class AwsAdaptersTest {
    private final AwsStub aws = new AwsStub();

    @AfterEach
    void stop() {
        aws.close();
    }

    private SecretsManagerSecrets secrets() {
        return new SecretsManagerSecrets(aws.clients().build(SecretsManagerClient.builder(), "SECRETS_MANAGER"), Clock.systemUTC());
    }

    @Test
    void readsASecretWithTheJsonProtocolAndCachesIt() {
        aws.server().stubFor(post("/").withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:src-AbCd\",\"Name\":\"src\","
                                + "\"SecretString\":\"{\\\"username\\\":\\\"u\\\",\\\"password\\\":\\\"p\\\",\\\"host\\\":\\\"h\\\"}\","
                                + "\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}")));
        SecretsManagerSecrets secrets = secrets();
        assertThat(secrets.secretString("src")).contains("\"host\":\"h\"");
        assertThat(secrets.secretString("src")).contains("\"host\":\"h\"");
        aws.server().verify(1, postRequestedFor(urlEqualTo("/")));
        // after a refused login the secret is read again, past the cache (a rotation may have happened since)
        assertThat(secrets.currentSecretString("src")).contains("\"host\":\"h\"");
        aws.server().verify(2, postRequestedFor(urlEqualTo("/")));
        aws.server().verify(2, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withHeader("Authorization", containing("Credential=AKIDTEST/"))
                .withRequestBody(equalToJson("{\"SecretId\":\"src\"}")));
    }

    @Test
    void throttlingIsRetriedBySdkAndThenSucceeds() {
        aws.server().stubFor(post("/").inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"))
                .willSetStateTo("ok"));
        aws.server().stubFor(post("/").inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"Name\":\"src\",\"SecretString\":\"x\"}")));
        assertThat(secrets().secretString("src")).isEqualTo("x");
        aws.server().verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void persistentServerErrorsBecomeTransientAfterTheSdkRetries() {
        aws.server().stubFor(post("/").willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"InternalServiceError\",\"message\":\"oops\"}")));
        assertThatThrownBy(() -> secrets().secretString("src")).isInstanceOf(TransientAwsException.class)
                .hasMessageContaining("reading secret src");
    }

    @Test
    void accessDeniedAndNotFoundAreNamedClearly() {
        aws.server().stubFor(post("/").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"AccessDeniedException\",\"Message\":\"User is not authorized to perform: secretsmanager:GetSecretValue\"}")));
        assertThatThrownBy(() -> secrets().secretString("src")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("not authorized").hasMessageContaining("IAM policy");

        aws.server().resetAll();
        aws.server().stubFor(post("/").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the specified secret.\"}")));
        assertThatThrownBy(() -> secrets().secretString("missing")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("secret missing does not exist");
    }

    @Test
    void publishesToSnsWithTheQueryProtocolAndEventAttributes() {
        aws.server().stubFor(post("/").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>d74b8436</RequestId></ResponseMetadata></PublishResponse>")));
        String topic = "arn:aws:sns:eu-west-1:123456789012:cutover";
        SnsNotifier notifier = new SnsNotifier(aws.clients().build(SnsClient.builder(), "SNS"), topic);
        notifier.publish(new Notification("orders-eu", "BLOCKED", "Cutover orders-eu: blocked by readiness — 2 blockers", "body text"));
        aws.server().verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=Publish"))
                .withRequestBody(containing("TopicArn=" + java.net.URLEncoder.encode(topic, java.nio.charset.StandardCharsets.UTF_8)))
                .withRequestBody(matching(".*MessageAttributes\\.entry\\.(\\d)\\.Name=event&MessageAttributes\\.entry\\.\\1"
                        + "\\.Value\\.DataType=String&MessageAttributes\\.entry\\.\\1\\.Value\\.StringValue=BLOCKED.*"))
                .withRequestBody(containing("Subject=Cutover+orders-eu%3A+blocked+by+readiness+%3F+2+blockers")));
    }

    /** Issue 21: the approval links go to the approvals topic; no fallback to the notification topic. */
    @Test
    void theApprovalNotifierPublishesToTheApprovalsTopicAndNeverFallsBackToTheNotificationTopic() {
        aws.server().stubFor(post("/").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>d74b8436</RequestId></ResponseMetadata></PublishResponse>")));
        String notifications = "arn:aws:sns:eu-west-1:123456789012:cutover-notifications";
        String approvals = "arn:aws:sns:eu-west-1:123456789012:cutover-approvals";
        AwsPorts ports = new AwsPorts(aws.clients(Map.of(Env.NOTIFICATION_TOPIC_ARN, notifications, Env.APPROVALS_TOPIC_ARN, approvals)));
        ports.approvalNotifier().publish(new Notification("orders-eu", "WAITING_FOR_APPROVAL", "approve?", "Approve: https://x"));
        aws.server().verify(1, postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("TopicArn=" + java.net.URLEncoder.encode(approvals, java.nio.charset.StandardCharsets.UTF_8))));
        aws.server().verify(0, postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("TopicArn=" + java.net.URLEncoder.encode(notifications, java.nio.charset.StandardCharsets.UTF_8))));

        AwsPorts withoutApprovalsTopic = new AwsPorts(aws.clients(Map.of(Env.NOTIFICATION_TOPIC_ARN, notifications)));
        assertThatThrownBy(withoutApprovalsTopic::approvalNotifier).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("APPROVALS_TOPIC_ARN");
    }

    @Test
    void sendsTaskCallbacksWithTheJsonProtocolTheOutputAndTheErrorWithItsCause() {
        aws.server().stubFor(post("/").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                .withBody("{}")));
        SfnTaskCallbacks callbacks = new SfnTaskCallbacks(aws.clients().build(software.amazon.awssdk.services.sfn.SfnClient.builder(), "SFN"));

        callbacks.succeed("token-1", "{\"decision\":\"APPROVE\"}");
        callbacks.fail("token-2", "Cutover.Rejected", "rejected by dba@example.com");
        callbacks.heartbeat("token-3");

        aws.server().verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.SendTaskSuccess"))
                .withRequestBody(equalToJson("{\"taskToken\":\"token-1\",\"output\":\"{\\\"decision\\\":\\\"APPROVE\\\"}\"}")));
        aws.server().verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.SendTaskFailure"))
                .withRequestBody(equalToJson("{\"taskToken\":\"token-2\",\"error\":\"Cutover.Rejected\",\"cause\":\"rejected by dba@example.com\"}")));
        aws.server().verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.SendTaskHeartbeat"))
                .withRequestBody(equalToJson("{\"taskToken\":\"token-3\"}")));
    }

    @Test
    void endpointOverrideIsPerServiceFirst() {
        AwsClients clients = aws.clients(Map.of("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:1"));
        assertThat(clients.endpointOverride("SNS").toString()).isEqualTo("http://127.0.0.1:1");
        assertThat(clients.endpointOverride("SFN").toString()).isEqualTo(aws.url());
    }
}
