package io.cutover.core.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.ApplicationEndpoints;
import io.cutover.core.ports.ApplicationEndpoints.DnsRecord;
import io.cutover.testing.AwsStub;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The application switch's adapter against stubbed endpoints answering as the API references show: Systems Manager
 * (JSON 1.1, https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html, API_PutParameter),
 * Secrets Manager (API_GetSecretValue, API_PutSecretValue), Route 53 (REST-XML,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html,
 * API_ChangeResourceRecordSets) and Lambda (REST-JSON, https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
 * The requests are asserted.
 */
class AwsApplicationEndpointsTest {
    private static final String JSON11 = "application/x-amz-json-1.1";
    private static final String R53 = "https://route53.amazonaws.com/doc/2013-04-01/";
    private final AwsStub aws = new AwsStub();
    private final AwsPorts ports = new AwsPorts(aws.clients());
    private final ApplicationEndpoints endpoints = ports.applicationEndpoints();

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void parameterIsReadWithoutDecryptionAndOverwrittenWithoutAType() {
        aws.server().stubFor(post("/").withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .willReturn(aResponse().withHeader("Content-Type", JSON11).withBody("""
                        {"Parameter":{"Name":"/orders/db/host","Type":"String","Value":"mysql-prod.internal","Version":3,
                         "ARN":"arn:aws:ssm:eu-west-1:123456789012:parameter/orders/db/host","DataType":"text"}}""")));
        aws.server().stubFor(post("/").withHeader("X-Amz-Target", equalTo("AmazonSSM.PutParameter"))
                .willReturn(aResponse().withHeader("Content-Type", JSON11).withBody("{\"Version\":4,\"Tier\":\"Standard\"}")));

        assertThat(endpoints.parameter("/orders/db/host")).contains("mysql-prod.internal");
        endpoints.putParameter("/orders/db/host", "orders.cluster-abc.eu-west-1.rds.amazonaws.com");

        aws.server().verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .withRequestBody(equalToJson("{\"Name\":\"/orders/db/host\",\"WithDecryption\":false}")));
        aws.server().verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.PutParameter"))
                .withRequestBody(equalToJson("{\"Name\":\"/orders/db/host\",\"Value\":\"orders.cluster-abc.eu-west-1.rds.amazonaws.com\","
                        + "\"Overwrite\":true}")));
    }

    @Test
    void aMissingParameterIsEmptyAndASecureStringIsRefused() {
        aws.server().stubFor(post("/").withRequestBody(containing("missing")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", JSON11).withBody("{\"__type\":\"ParameterNotFound\",\"message\":\"\"}")));
        aws.server().stubFor(post("/").withRequestBody(containing("secure")).willReturn(aResponse()
                .withHeader("Content-Type", JSON11)
                .withBody("{\"Parameter\":{\"Name\":\"/secure\",\"Type\":\"SecureString\",\"Value\":\"AQICAHh...\",\"Version\":1}}")));

        assertThat(endpoints.parameter("/missing")).isEmpty();
        assertThatThrownBy(() -> endpoints.parameter("/secure")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SecureString").hasMessageNotContaining("AQICAHh");
    }

    @Test
    void secretFieldIsChangedInANewVersionThatKeepsTheOtherFields() {
        aws.server().stubFor(post("/").withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .willReturn(aResponse().withHeader("Content-Type", JSON11).withBody("""
                        {"ARN":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/app-db-AbCd","Name":"orders/app-db",
                         "SecretString":"{\\"username\\":\\"app\\",\\"password\\":\\"pw\\",\\"host\\":\\"mysql-prod.internal\\",\\"port\\":3306}",
                         "VersionId":"v1","VersionStages":["AWSCURRENT"],"CreatedDate":1.7e9}""")));
        aws.server().stubFor(post("/").withHeader("X-Amz-Target", equalTo("secretsmanager.PutSecretValue"))
                .willReturn(aResponse().withHeader("Content-Type", JSON11).withBody("""
                        {"ARN":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/app-db-AbCd","Name":"orders/app-db",
                         "VersionId":"v2","VersionStages":["AWSCURRENT"]}""")));

        assertThat(endpoints.secretField("orders/app-db", "host")).contains("mysql-prod.internal");
        endpoints.putSecretField("orders/app-db", "host", "orders.cluster-abc.eu-west-1.rds.amazonaws.com");

        aws.server().verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.PutSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo("orders/app-db")))
                .withRequestBody(matchingJsonPath("$.SecretString", equalToJson("{\"username\":\"app\",\"password\":\"pw\","
                        + "\"host\":\"orders.cluster-abc.eu-west-1.rds.amazonaws.com\",\"port\":3306}"))));
    }

    @Test
    void aSecretThatIsNoJsonObjectIsRefusedWithoutQuotingIt() {
        aws.server().stubFor(post("/").willReturn(aResponse().withHeader("Content-Type", JSON11).withBody("""
                {"Name":"plain","SecretString":"hunter2-plain-text","VersionId":"v1"}""")));
        assertThatThrownBy(() -> endpoints.secretField("plain", "host")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not a JSON object").hasMessageNotContaining("hunter2");
    }

    @Test
    void route53RecordIsListedFromItsNameAndTypeAndUpserted() {
        aws.server().stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone/Z0123/rrset")).willReturn(aResponse()
                .withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <ListResourceRecordSetsResponse xmlns="%s"><ResourceRecordSets><ResourceRecordSet>
                        <Name>db.orders.example.com.</Name><Type>CNAME</Type><TTL>60</TTL>
                        <ResourceRecords><ResourceRecord><Value>mysql-prod.internal</Value></ResourceRecord></ResourceRecords>
                        </ResourceRecordSet></ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>1</MaxItems>
                        </ListResourceRecordSetsResponse>""".formatted(R53))));
        aws.server().stubFor(post(urlEqualTo("/2013-04-01/hostedzone/Z0123/rrset/")).willReturn(aResponse()
                .withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <ChangeResourceRecordSetsResponse xmlns="%s"><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id>
                        <Status>PENDING</Status><SubmittedAt>2026-12-07T12:00:00.000Z</SubmittedAt></ChangeInfo>
                        </ChangeResourceRecordSetsResponse>""".formatted(R53))));

        DnsRecord record = endpoints.dnsRecord("Z0123", "db.orders.example.com", "CNAME").orElseThrow();
        assertThat(record).isEqualTo(new DnsRecord("db.orders.example.com.", "CNAME", 60, List.of("mysql-prod.internal")));
        endpoints.upsertDnsRecord("Z0123", new DnsRecord("db.orders.example.com", "CNAME", 30, List.of("aurora.example")));

        aws.server().verify(getRequestedFor(urlEqualTo("/2013-04-01/hostedzone/Z0123/rrset?name=db.orders.example.com&type=CNAME&maxitems=1")));
        aws.server().verify(postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/Z0123/rrset/"))
                .withRequestBody(containing("<Action>UPSERT</Action>"))
                .withRequestBody(containing("<Name>db.orders.example.com</Name><Type>CNAME</Type><TTL>30</TTL>"))
                .withRequestBody(containing("<Value>aurora.example</Value>")));
    }

    @Test
    void route53AnswersTheNextRecordWhenTheAskedOneIsMissing() {
        aws.server().stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone/Z0123/rrset")).willReturn(aResponse()
                .withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <ListResourceRecordSetsResponse xmlns="%s"><ResourceRecordSets><ResourceRecordSet>
                        <Name>web.orders.example.com.</Name><Type>A</Type><TTL>300</TTL>
                        <ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords>
                        </ResourceRecordSet></ResourceRecordSets><IsTruncated>true</IsTruncated><MaxItems>1</MaxItems>
                        </ListResourceRecordSetsResponse>""".formatted(R53))));
        assertThat(endpoints.dnsRecord("Z0123", "db.orders.example.com", "CNAME")).isEmpty();
    }

    @Test
    void anAliasRecordIsRefused() {
        aws.server().stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone/Z0123/rrset")).willReturn(aResponse()
                .withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <ListResourceRecordSetsResponse xmlns="%s"><ResourceRecordSets><ResourceRecordSet>
                        <Name>db.orders.example.com.</Name><Type>A</Type><AliasTarget><HostedZoneId>Z2</HostedZoneId>
                        <DNSName>lb.example.</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget>
                        </ResourceRecordSet></ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>1</MaxItems>
                        </ListResourceRecordSetsResponse>""".formatted(R53))));
        assertThatThrownBy(() -> endpoints.dnsRecord("Z0123", "db.orders.example.com", "A"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("alias");
    }

    @Test
    void hookIsInvokedSynchronouslyAndItsFunctionErrorReported() {
        aws.server().stubFor(post(urlEqualTo("/2015-03-31/functions/orders-switch/invocations")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withHeader("X-Amz-Function-Error", "Unhandled")
                .withHeader("X-Amz-Executed-Version", "$LATEST")
                .withBody("{\"errorMessage\":\"boom\",\"errorType\":\"RuntimeException\"}")));

        ApplicationEndpoints.HookResult result = endpoints.invoke("orders-switch", "{\"action\":\"SWITCH\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(result.failed()).isTrue();
        assertThat(result.functionError()).isEqualTo("Unhandled");
        aws.server().verify(postRequestedFor(urlEqualTo("/2015-03-31/functions/orders-switch/invocations"))
                .withHeader("X-Amz-Invocation-Type", equalTo("RequestResponse"))
                .withRequestBody(equalToJson("{\"action\":\"SWITCH\"}")));
    }

    @Test
    void aMissingFunctionIsAConfigurationError() {
        aws.server().stubFor(post(urlEqualTo("/2015-03-31/functions/nope/invocations")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withHeader("X-Amzn-ErrorType", "ResourceNotFoundException")
                .withBody("{\"Type\":\"User\",\"Message\":\"Function not found: arn:aws:lambda:eu-west-1:123456789012:function:nope\"}")));
        assertThatThrownBy(() -> endpoints.invoke("nope", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("function nope does not exist");
    }
}
