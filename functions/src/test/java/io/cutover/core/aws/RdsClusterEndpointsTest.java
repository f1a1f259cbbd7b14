package io.cutover.core.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.db.ClusterEndpoints;
import io.cutover.core.error.ConfigurationException;
import io.cutover.testing.AwsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The writer endpoint lookup with the real SDK client against a stub answering like the RDS API reference
 * (DescribeDBClusters, query protocol, XML; DBClusterNotFoundFault).
 */
class RdsClusterEndpointsTest {
    private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    private final AwsStub aws = new AwsStub();

    @AfterEach
    void stop() {
        aws.close();
    }

    private RdsClusterEndpoints endpoints() {
        return new RdsClusterEndpoints(aws.clients().build(RdsClient.builder(), "RDS"));
    }

    @Test
    void readsTheWriterEndpointAndPortOfTheCluster() {
        aws.server().stubFor(post("/").withRequestBody(containing("Action=DescribeDBClusters"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                        "<DescribeDBClustersResponse xmlns=\"" + NS + "\"><DescribeDBClustersResult><DBClusters><DBCluster>"
                                + "<DBClusterIdentifier>orders-aurora</DBClusterIdentifier><Status>available</Status>"
                                + "<Engine>aurora-mysql</Engine><Port>3306</Port>"
                                + "<Endpoint>orders-aurora.cluster-c1a2b3.eu-west-1.rds.amazonaws.com</Endpoint>"
                                + "<ReaderEndpoint>orders-aurora.cluster-ro-c1a2b3.eu-west-1.rds.amazonaws.com</ReaderEndpoint>"
                                + "<MasterUserSecret><SecretArn>arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-0d2d-AbCdEf"
                                + "</SecretArn><SecretStatus>active</SecretStatus></MasterUserSecret>"
                                + "</DBCluster></DBClusters></DescribeDBClustersResult>"
                                + "<ResponseMetadata><RequestId>7c1d</RequestId></ResponseMetadata></DescribeDBClustersResponse>")));

        ClusterEndpoints.Address writer = endpoints().writer("orders-aurora");

        assertThat(writer).isEqualTo(new ClusterEndpoints.Address("orders-aurora.cluster-c1a2b3.eu-west-1.rds.amazonaws.com", 3306));
        aws.server().verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusters"))
                .withRequestBody(containing("DBClusterIdentifier=orders-aurora")));
    }

    @Test
    void anUnknownClusterNamesTheInputField() {
        aws.server().stubFor(post("/").withRequestBody(containing("Action=DescribeDBClusters"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/xml").withBody(
                        "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>DBClusterNotFoundFault</Code>"
                                + "<Message>DBCluster orders-nope not found.</Message></Error><RequestId>7c1e</RequestId></ErrorResponse>")));
        assertThatThrownBy(() -> endpoints().writer("orders-nope")).isInstanceOf(ConfigurationException.class)
                .hasMessage("target.clusterIdentifier: no Aurora DB cluster named 'orders-nope' in this account and region");
    }
}
